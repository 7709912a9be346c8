// exchange/protobuf_reader.hpp: the protobuf wire format, read by a decoder that trusts nothing.
// Course topic: reading a format someone else wrote: every length is checked against the
// bytes left before it is used, unknown fields are skipped by their wire type, and a
// message is only ever a view into the bytes (no allocation per field).
// Spec: https://protobuf.dev/programming-guides/encoding/. Read next: onnx_reader.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/protobuf_writer.hpp"

namespace glassbox::exchange {

/// One field as it appears on the wire.
struct ProtoField {
    std::uint32_t number = 0;            ///< the field number from the key
    WireType type = WireType::varint;    ///< the wire type from the key
    std::uint64_t value = 0;             ///< varint, fixed32 and fixed64 fields: the bits
    std::span<const std::uint8_t> bytes; ///< length-delimited fields: the payload
    std::size_t offset = 0;              ///< where the key starts, from the start of the file
    std::size_t bytes_offset = 0;        ///< length-delimited fields: where the payload starts
};

/// Reads the fields of one message in order. Stops at the first fault: then error() is a
/// sentence naming the byte offset, and next() returns false from then on.
class ProtoReader {
public:
    /// `bytes` is the message; `base` is its offset in the file (for error sentences).
    explicit ProtoReader(std::span<const std::uint8_t> bytes, std::size_t base = 0)
        : bytes_(bytes), base_(base) {}
    /// The next field into `field`; false at the end of the message or on a fault.
    bool next(ProtoField& field);
    /// Why reading stopped early, or "" at a clean end.
    const std::string& error() const noexcept { return error_; }

private:
    bool varint(std::uint64_t& out);
    bool fail(const std::string& why);

    std::span<const std::uint8_t> bytes_;
    std::size_t base_;
    std::size_t at_ = 0;
    std::string error_;
};

/// A length-delimited field's payload as text.
inline std::string_view as_text(const ProtoField& f) {
    return {reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size()};
}

/// Appends a repeated int64 field to `out`, packed (one run) or not (one value per field);
/// false, with `error` set, when a packed run is damaged or the wire type is wrong.
bool append_int64s(const ProtoField& f, std::vector<std::int64_t>& out, std::string& error);
/// Appends a repeated float field to `out`, packed or not; false, with `error` set, when not.
bool append_floats(const ProtoField& f, std::vector<float>& out, std::string& error);

} // namespace glassbox::exchange
