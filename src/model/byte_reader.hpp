// model/byte_reader.hpp: a bounds-checked little-endian cursor over a model file.
// Course topic: loading a model (never trust the bytes: every read is checked first).
// Each read either fills its output and advances, or records a Diagnostic naming the byte
// offset and returns false. An optional FieldObserver sees every field as it is read:
// that is how 'glassbox inspect' prints the file without a second parser.
// Read next: load.cpp, which reads a model field by field with this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "model/error.hpp"

namespace glassbox::model {

/// One field as the reader met it: where it is, what it means, what it holds.
struct Field {
    std::size_t offset = 0; ///< byte offset of the field in the file
    std::size_t size = 0;   ///< size of the field in bytes
    std::string_view type;  ///< "u32", "i32", "u64", "f64", "str" or "bytes"
    std::string_view what;  ///< the field's meaning in words
    std::size_t index = 0;  ///< position inside its array (0 for a single field)
    std::size_t count = 1;  ///< length of its array (1 for a single field)
    std::string value;      ///< the decoded value as text
};

/// Receives every field the reader decodes, in file order.
class FieldObserver {
public:
    virtual ~FieldObserver() = default;
    /// Called once per field (once per element of an array).
    virtual void field(const Field& field) = 0;
};

/// "0x1c": a byte offset as learners see it in a hexdump.
std::string hex_offset(std::size_t offset);

/// Reads fixed-width little-endian fields from a byte span, checking each against the end.
class ByteReader {
public:
    /// Reads `bytes`; errors go to `diagnostic`; `observer` may be null.
    ByteReader(std::span<const std::uint8_t> bytes, Diagnostic& diagnostic, FieldObserver* observer) noexcept;

    /// Offset of the next byte to read.
    std::size_t offset() const noexcept { return offset_; }
    /// Bytes not yet read.
    std::size_t left() const noexcept { return bytes_.size() - offset_; }
    /// Records `error` at byte `at` with the sentence `what`; always returns false.
    bool fail(FormatError error, std::size_t at, std::string_view what);

    /// Reads `out.size()` raw bytes.
    bool bytes(std::span<std::uint8_t> out, std::string_view what);
    /// Reads a u32.
    bool u32(std::uint32_t& out, std::string_view what);
    /// Reads an i32.
    bool i32(std::int32_t& out, std::string_view what);
    /// Reads a u64.
    bool u64(std::uint64_t& out, std::string_view what);
    /// Reads an f64.
    bool f64(double& out, std::string_view what);
    /// Reads a u32 length, checks it against `max_bytes` and the bytes left, then the bytes,
    /// which must be well-formed UTF-8 (else FormatError::bad_text at the first bad byte).
    bool str(std::string& out, std::uint32_t max_bytes, std::string_view what);
    /// Reads `out.size()` consecutive u32 values.
    bool u32_array(std::span<std::uint32_t> out, std::string_view what);
    /// Reads `out.size()` consecutive i32 values.
    bool i32_array(std::span<std::int32_t> out, std::string_view what);
    /// Reads `out.size()` consecutive u64 values.
    bool u64_array(std::span<std::uint64_t> out, std::string_view what);
    /// Reads `out.size()` consecutive f64 values.
    bool f64_array(std::span<double> out, std::string_view what);

private:
    bool need(std::size_t size, std::string_view what);
    std::uint64_t take(std::size_t size);
    void report(std::size_t at, std::size_t size, std::string_view type, std::string_view what,
                std::size_t index, std::size_t count, std::string value);

    std::span<const std::uint8_t> bytes_;
    std::size_t offset_ = 0;
    Diagnostic& diagnostic_;
    FieldObserver* observer_;
};

} // namespace glassbox::model
