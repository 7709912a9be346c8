// model/byte_reader.cpp: bounds-checked little-endian reads.
// Course topic: loading a model (bounds checks before every read).
// Values are assembled byte by byte, lowest byte first: the file's byte order, not the
// machine's. Nothing here allocates more than the bytes that are actually present.
#include "model/byte_reader.hpp"

#include <bit>
#include <charconv>
#include <cstdio>

#include "model/decimal.hpp"
#include "model/utf8.hpp"

namespace glassbox::model {
namespace {

template <class Integer> std::string number_text(Integer value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

} // namespace

std::string hex_offset(std::size_t offset) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, offset, 16);
    return "0x" + std::string(buffer, result.ptr);
}

ByteReader::ByteReader(std::span<const std::uint8_t> bytes, Diagnostic& diagnostic,
                       FieldObserver* observer) noexcept
    : bytes_(bytes), diagnostic_(diagnostic), observer_(observer) {}

bool ByteReader::fail(FormatError error, std::size_t at, std::string_view what) {
    diagnostic_.code = error;
    diagnostic_.message = "at byte " + hex_offset(at) + ": " + std::string(what);
    return false;
}

bool ByteReader::need(std::size_t size, std::string_view what) {
    if (size <= left()) return true;
    return fail(FormatError::truncated, offset_,
                "the file ends inside " + std::string(what) + " (" + number_text(size) + " bytes needed, " +
                    number_text(left()) + " left).");
}

std::uint64_t ByteReader::take(std::size_t size) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < size; ++i) value |= std::uint64_t{bytes_[offset_ + i]} << (8 * i);
    offset_ += size;
    return value;
}

void ByteReader::report(std::size_t at, std::size_t size, std::string_view type, std::string_view what,
                        std::size_t index, std::size_t count, std::string value) {
    observer_->field(Field{at, size, type, what, index, count, std::move(value)});
}

bool ByteReader::bytes(std::span<std::uint8_t> out, std::string_view what) {
    if (!need(out.size(), what)) return false;
    const std::size_t at = offset_;
    for (auto& b : out) b = static_cast<std::uint8_t>(take(1));
    if (observer_) {
        std::string text;
        for (const auto b : out) text += (b >= 0x20 && b < 0x7f) ? static_cast<char>(b) : '.';
        report(at, out.size(), "bytes", what, 0, 1, "\"" + text + "\"");
    }
    return true;
}

bool ByteReader::u32(std::uint32_t& out, std::string_view what) {
    if (!need(4, what)) return false;
    const std::size_t at = offset_;
    out = static_cast<std::uint32_t>(take(4));
    if (observer_) report(at, 4, "u32", what, 0, 1, number_text(out));
    return true;
}

bool ByteReader::i32(std::int32_t& out, std::string_view what) {
    if (!need(4, what)) return false;
    const std::size_t at = offset_;
    out = static_cast<std::int32_t>(static_cast<std::uint32_t>(take(4)));
    if (observer_) report(at, 4, "i32", what, 0, 1, number_text(out));
    return true;
}

bool ByteReader::u64(std::uint64_t& out, std::string_view what) {
    if (!need(8, what)) return false;
    const std::size_t at = offset_;
    out = take(8);
    if (observer_) report(at, 8, "u64", what, 0, 1, number_text(out));
    return true;
}

bool ByteReader::f64(double& out, std::string_view what) {
    if (!need(8, what)) return false;
    const std::size_t at = offset_;
    out = std::bit_cast<double>(take(8));
    if (observer_) report(at, 8, "f64", what, 0, 1, decimal_text(out));
    return true;
}

bool ByteReader::str(std::string& out, std::uint32_t max_bytes, std::string_view what) {
    const std::size_t at = offset_;
    std::uint32_t length = 0;
    if (!need(4, what)) return false;
    length = static_cast<std::uint32_t>(take(4));
    // Check the declared length before allocating: a corrupt length must not become a
    // 4 GiB allocation.
    if (length > max_bytes || length > left())
        return fail(FormatError::count_out_of_range, at,
                    std::string(what) + " declares " + number_text(length) + " bytes but " +
                        (length > max_bytes ? "the limit is " + number_text(max_bytes)
                                            : "the file ends after " + number_text(left())) +
                        ".");
    const std::string_view text(reinterpret_cast<const char*>(bytes_.data() + offset_), length);
    // Names and labels become JSON strings, and JSON text is UTF-8 (RFC 8259 §8.1): a string
    // that is not would make every later answer that shows it fail, so it fails here, once.
    if (const std::size_t bad = utf8_error(text); bad != std::string_view::npos) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(bytes_[offset_ + bad]));
        return fail(FormatError::bad_text, offset_ + bad,
                    std::string(what) + " is not well-formed UTF-8: its byte " + number_text(bad) + " (" +
                        byte +
                        ") does not begin or continue a character (RFC 3629: no overlong forms, "
                        "surrogates or code points past U+10FFFF).");
    }
    out.assign(text);
    offset_ += length;
    if (observer_) report(at, 4 + std::size_t{length}, "str", what, 0, 1, "\"" + out + "\"");
    return true;
}

bool ByteReader::u32_array(std::span<std::uint32_t> out, std::string_view what) {
    if (!need(out.size() * 4, what)) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t at = offset_;
        out[i] = static_cast<std::uint32_t>(take(4));
        if (observer_) report(at, 4, "u32", what, i, out.size(), number_text(out[i]));
    }
    return true;
}

bool ByteReader::i32_array(std::span<std::int32_t> out, std::string_view what) {
    if (!need(out.size() * 4, what)) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t at = offset_;
        out[i] = static_cast<std::int32_t>(static_cast<std::uint32_t>(take(4)));
        if (observer_) report(at, 4, "i32", what, i, out.size(), number_text(out[i]));
    }
    return true;
}

bool ByteReader::u64_array(std::span<std::uint64_t> out, std::string_view what) {
    if (!need(out.size() * 8, what)) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t at = offset_;
        out[i] = take(8);
        if (observer_) report(at, 8, "u64", what, i, out.size(), number_text(out[i]));
    }
    return true;
}

bool ByteReader::f64_array(std::span<double> out, std::string_view what) {
    if (!need(out.size() * 8, what)) return false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::size_t at = offset_;
        out[i] = std::bit_cast<double>(take(8));
        if (observer_) report(at, 8, "f64", what, i, out.size(), decimal_text(out[i]));
    }
    return true;
}

} // namespace glassbox::model
