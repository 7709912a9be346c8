// exchange/protobuf_reader.cpp: keys, varints, lengths, each checked before use.
// Course topic: decoding untrusted bytes. A varint longer than ten bytes, a length past the
// end of the message, a wire type 3 or 4 (groups, deprecated) or 6-7 (undefined) and field
// number 0 all stop the reader with a sentence; nothing here recurses, so nesting is bounded
// by the caller, which descends only into the few messages it knows.
#include "exchange/protobuf_reader.hpp"

#include <bit>

namespace glassbox::exchange {

bool ProtoReader::fail(const std::string& why) {
    if (error_.empty()) error_ = "at byte " + std::to_string(base_ + at_) + ": " + why;
    at_ = bytes_.size();
    return false;
}

bool ProtoReader::varint(std::uint64_t& out) {
    out = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (at_ >= bytes_.size()) return fail("the file ends inside a varint.");
        const std::uint8_t b = bytes_[at_++];
        if (shift == 63 && b > 1) return fail("a varint does not fit in 64 bits.");
        out |= std::uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80)) return true;
    }
    return fail("a varint is longer than ten bytes.");
}

bool ProtoReader::next(ProtoField& field) {
    if (at_ >= bytes_.size() || !error_.empty()) return false;
    field = {};
    field.offset = base_ + at_;
    // A fault in the field is reported at its key: the byte a hex dump shows it starting at.
    const auto fail_here = [&](const std::string& why) {
        at_ = field.offset - base_;
        return fail(why);
    };
    std::uint64_t key = 0;
    if (!varint(key)) return false;
    if (key >> 3 == 0 || key >> 3 > 0x1fffffff) return fail_here("a field number is 0 or above 2^29 - 1.");
    field.number = static_cast<std::uint32_t>(key >> 3);
    switch (key & 7) {
    case 0: field.type = WireType::varint; return varint(field.value);
    case 1:
    case 5: {
        const std::size_t size = (key & 7) == 1 ? 8 : 4;
        if (bytes_.size() - at_ < size)
            return fail_here("field " + std::to_string(field.number) + " needs " + std::to_string(size) +
                             " bytes but the message has " + std::to_string(bytes_.size() - at_) + " left.");
        field.type = size == 8 ? WireType::fixed64 : WireType::fixed32;
        for (std::size_t i = 0; i < size; ++i) field.value |= std::uint64_t{bytes_[at_ + i]} << (8 * i);
        at_ += size;
        return true;
    }
    case 2: {
        std::uint64_t length = 0;
        if (!varint(length)) return false;
        // Checked against the bytes left before anything is made of it.
        if (length > bytes_.size() - at_)
            return fail_here("field " + std::to_string(field.number) + " declares " + std::to_string(length) +
                             " bytes but the message has " + std::to_string(bytes_.size() - at_) + " left.");
        field.type = WireType::length_delimited;
        field.bytes_offset = base_ + at_;
        field.bytes = bytes_.subspan(at_, static_cast<std::size_t>(length));
        at_ += static_cast<std::size_t>(length);
        return true;
    }
    default:
        return fail_here("field " + std::to_string(field.number) + " has wire type " +
                         std::to_string(key & 7) + ", which is a group (3, 4: deprecated) or undefined.");
    }
}

bool append_int64s(const ProtoField& f, std::vector<std::int64_t>& out, std::string& error) {
    if (f.type == WireType::varint) {
        out.push_back(static_cast<std::int64_t>(f.value));
        return true;
    }
    if (f.type != WireType::length_delimited) {
        error = "at byte " + std::to_string(f.offset) + ": a list of integers has the wrong wire type.";
        return false;
    }
    // A packed run is a message of keyless varints: read it with a reader of its own.
    std::size_t at = 0;
    while (at < f.bytes.size()) {
        std::uint64_t v = 0;
        int shift = 0;
        for (;; shift += 7) {
            if (at >= f.bytes.size() || shift > 63) {
                error = "at byte " + std::to_string(f.offset) + ": a packed list of integers is damaged.";
                return false;
            }
            const std::uint8_t b = f.bytes[at++];
            v |= std::uint64_t{b & 0x7fu} << shift;
            if (!(b & 0x80)) break;
        }
        out.push_back(static_cast<std::int64_t>(v));
    }
    return true;
}

bool append_floats(const ProtoField& f, std::vector<float>& out, std::string& error) {
    if (f.type == WireType::fixed32) {
        out.push_back(std::bit_cast<float>(static_cast<std::uint32_t>(f.value)));
        return true;
    }
    if (f.type != WireType::length_delimited || f.bytes.size() % 4 != 0) {
        error = "at byte " + std::to_string(f.offset) +
                ": a list of floats is not a whole number of 4-byte floats.";
        return false;
    }
    for (std::size_t i = 0; i < f.bytes.size(); i += 4) {
        std::uint32_t bits = 0;
        for (std::size_t b = 0; b < 4; ++b) bits |= std::uint32_t{f.bytes[i + b]} << (8 * b);
        out.push_back(std::bit_cast<float>(bits));
    }
    return true;
}

} // namespace glassbox::exchange
