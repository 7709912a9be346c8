// exchange/file_kind.hpp: which of the course's four model files a file is, by its bytes.
// Course topic: formats announce themselves: model.bin by its magic "GLASSBOX", a pickle by
// its PROTO opcode, PMML by its root element, ONNX by its first protobuf field; compressed
// files by their own magic numbers. The file name is only a hint (for ONNX, whose bytes
// start like any protobuf message).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace glassbox::exchange {

/// What a file's first bytes say it is.
enum class FileKind {
    glassbox_model, ///< starts with "GLASSBOX" (src/model/format.hpp)
    onnx,           ///< named *.onnx, or starts with ModelProto's ir_version field (key 0x08)
    pmml,           ///< XML whose root element is PMML
    pickle,         ///< PROTO 2-5, or a protocol 0/1 opcode and a final STOP, or named *.pkl, *.joblib
    compressed,     ///< gzip, zlib, xz, lzma, bzip2 or lz4: joblib.dump(..., compress=...) writes these
    unknown,
};

/// The kind of the file at `path` holding `bytes`.
FileKind recognise(std::span<const std::uint8_t> bytes, std::string_view path);

/// For a compressed file: the compression's name ("zlib", "xz", ...); empty for any other file.
std::string compression_name(std::span<const std::uint8_t> bytes);

/// Up to the first 8 bytes, in hex and as text: `68 65 6c 6c 6f ("hello")`.
std::string first_bytes(std::span<const std::uint8_t> bytes);

} // namespace glassbox::exchange
