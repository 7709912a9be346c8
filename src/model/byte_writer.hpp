// model/byte_writer.hpp: appends fixed-width little-endian fields to a byte vector.
// Course topic: saving a model (serialization, byte order).
// Every integer is written byte by byte, lowest first, so the file is the same on any
// machine; a double is written as the little-endian bytes of its IEEE-754 bit pattern.
// Read next: save.cpp, which writes a model field by field with this.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace glassbox::model {

/// A growing buffer of little-endian fields.
class ByteWriter {
public:
    /// Appends raw bytes unchanged (the magic).
    void bytes(const std::uint8_t* data, std::size_t size);
    /// Appends a 32-bit unsigned integer, little-endian.
    void u32(std::uint32_t value);
    /// Appends a 32-bit signed integer (two's complement), little-endian.
    void i32(std::int32_t value);
    /// Appends a 64-bit unsigned integer, little-endian.
    void u64(std::uint64_t value);
    /// Appends an IEEE-754 binary64, little-endian.
    void f64(double value);
    /// Overwrites the 8 bytes at `offset` with a little-endian u64 (a size known only at the end).
    void patch_u64(std::size_t offset, std::uint64_t value);
    /// Appends a string as u32 length then its bytes.
    void str(std::string_view value);
    /// The bytes written so far.
    const std::vector<std::uint8_t>& data() const noexcept { return bytes_; }
    /// Moves the bytes out.
    std::vector<std::uint8_t> take() noexcept { return std::move(bytes_); }

private:
    std::vector<std::uint8_t> bytes_;
};

} // namespace glassbox::model
