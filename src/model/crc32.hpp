// model/crc32.hpp: the CRC-32 that guards a model file against damage.
// Course topic: saving and loading a model (detecting a corrupted or truncated file).
// The IEEE 802.3 CRC-32 (reflected polynomial 0xEDB88320), the one zlib, PNG and
// Python's zlib.crc32 compute, so tools/sklearn_to_glassbox.py writes the same value.
#pragma once

#include <cstdint>
#include <span>

namespace glassbox::model {

/// The CRC-32 of `bytes` (zlib.crc32(bytes) in Python).
std::uint32_t crc32(std::span<const std::uint8_t> bytes) noexcept;

} // namespace glassbox::model
