// exchange/protobuf_writer.hpp: the protocol buffers wire format, written by hand.
// Course topic: a third serialization beside pickle and model.bin: tagged fields.
// Spec: https://protobuf.dev/programming-guides/encoding/ : every field is a varint key
// (field_number << 3 | wire_type) then a varint (type 0), 8 bytes (1), a varint length and
// that many bytes (2: strings, nested messages, packed arrays) or 4 bytes (5).
// Read next: onnx_writer.cpp, which writes ONNX's messages with this.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace glassbox::exchange {

/// The wire types this encoder writes and the decoder reads (protobuf encoding, "Message Structure").
enum class WireType : std::uint8_t {
    varint = 0,           ///< int32, int64, uint64, bool, enum
    fixed64 = 1,          ///< double, fixed64
    length_delimited = 2, ///< string, bytes, nested message, packed repeated
    fixed32 = 5,          ///< float, fixed32
};

/// Appends `value` as a base-128 varint: 7 bits a byte, lowest first, high bit = more follow.
void append_varint(std::vector<std::uint8_t>& out, std::uint64_t value);

/// One protobuf message being written, field by field, in the order the calls come.
class ProtoWriter {
public:
    /// A varint field (int64 and int32 fields: negative numbers take ten bytes, two's complement).
    void varint(std::uint32_t field, std::int64_t value);
    /// A float field: wire type 5, the IEEE-754 binary32 bits little-endian.
    void float32(std::uint32_t field, float value);
    /// A string or bytes field: wire type 2, the length then the bytes.
    void bytes(std::uint32_t field, std::string_view value);
    /// A nested message: wire type 2, the length of its bytes then the bytes.
    void message(std::uint32_t field, const ProtoWriter& child);
    /// A packed repeated int64 field: one length-delimited run of varints.
    void packed_varints(std::uint32_t field, std::span<const std::int64_t> values);
    /// A packed repeated float field: one length-delimited run of 4-byte floats.
    void packed_floats(std::uint32_t field, std::span<const float> values);
    /// The bytes written so far.
    const std::vector<std::uint8_t>& data() const noexcept { return bytes_; }

private:
    void key(std::uint32_t field, WireType type);

    std::vector<std::uint8_t> bytes_;
};

} // namespace glassbox::exchange
