// model/byte_writer.cpp: little-endian field writers.
// Course topic: saving a model (byte order made explicit, no struct casts).
#include "model/byte_writer.hpp"

#include <bit>

namespace glassbox::model {

void ByteWriter::bytes(const std::uint8_t* data, std::size_t size) {
    bytes_.insert(bytes_.end(), data, data + size);
}

void ByteWriter::u32(std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
}

void ByteWriter::i32(std::int32_t value) { u32(static_cast<std::uint32_t>(value)); }

void ByteWriter::u64(std::uint64_t value) {
    for (int shift = 0; shift < 64; shift += 8) bytes_.push_back(static_cast<std::uint8_t>(value >> shift));
}

void ByteWriter::patch_u64(std::size_t offset, std::uint64_t value) {
    for (int i = 0; i < 8; ++i)
        bytes_[offset + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
}

void ByteWriter::f64(double value) { u64(std::bit_cast<std::uint64_t>(value)); }

void ByteWriter::str(std::string_view value) {
    u32(static_cast<std::uint32_t>(value.size()));
    for (const char c : value) bytes_.push_back(static_cast<std::uint8_t>(c));
}

} // namespace glassbox::model
