// exchange/protobuf_writer.cpp: varints, keys and length-delimited fields.
// Course topic: the protobuf wire format, byte by byte.
// Try: glassbox export model.bin --format onnx -o /tmp/iris.onnx && xxd /tmp/iris.onnx | head
#include "exchange/protobuf_writer.hpp"

#include <bit>

namespace glassbox::exchange {

void append_varint(std::vector<std::uint8_t>& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(value | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(value));
}

void ProtoWriter::key(std::uint32_t field, WireType type) {
    append_varint(bytes_, (std::uint64_t{field} << 3) | static_cast<std::uint8_t>(type));
}

void ProtoWriter::varint(std::uint32_t field, std::int64_t value) {
    key(field, WireType::varint);
    // NOTE: int64 is not zig-zag encoded (that is sint64): -1 is ten bytes of 0xff... 0x01.
    append_varint(bytes_, static_cast<std::uint64_t>(value));
}

namespace {

void append_float(std::vector<std::uint8_t>& out, float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
}

} // namespace

void ProtoWriter::float32(std::uint32_t field, float value) {
    key(field, WireType::fixed32);
    append_float(bytes_, value);
}

void ProtoWriter::bytes(std::uint32_t field, std::string_view value) {
    key(field, WireType::length_delimited);
    append_varint(bytes_, value.size());
    bytes_.insert(bytes_.end(), value.begin(), value.end());
}

void ProtoWriter::message(std::uint32_t field, const ProtoWriter& child) {
    key(field, WireType::length_delimited);
    append_varint(bytes_, child.bytes_.size());
    bytes_.insert(bytes_.end(), child.bytes_.begin(), child.bytes_.end());
}

void ProtoWriter::packed_varints(std::uint32_t field, std::span<const std::int64_t> values) {
    std::vector<std::uint8_t> run;
    for (const std::int64_t v : values) append_varint(run, static_cast<std::uint64_t>(v));
    key(field, WireType::length_delimited);
    append_varint(bytes_, run.size());
    bytes_.insert(bytes_.end(), run.begin(), run.end());
}

void ProtoWriter::packed_floats(std::uint32_t field, std::span<const float> values) {
    key(field, WireType::length_delimited);
    append_varint(bytes_, values.size() * 4);
    for (const float v : values) append_float(bytes_, v);
}

} // namespace glassbox::exchange
