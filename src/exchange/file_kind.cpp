// exchange/file_kind.cpp: magic numbers, one table, and the checks that need more than one.
// Try: for f in model.bin /tmp/iris.onnx /tmp/iris.pmml /tmp/iris.joblib; do glassbox inspect $f | head -3;
// done
#include "exchange/file_kind.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "exchange/pickle_opcodes.hpp"
#include "exchange/pmml_summary.hpp"
#include "model/format.hpp"

namespace glassbox::exchange {
namespace {

struct Magic {
    std::string_view bytes;
    std::string_view name;
};

// The compressors joblib.dump(compress=...) can use (joblib/compressor.py), by their magic.
constexpr std::array<Magic, 10> compressions = {{
    {"\x1f\x8b", "gzip"},
    {"\x78\x01", "zlib"},
    {"\x78\x5e", "zlib"},
    {"\x78\x9c", "zlib"},
    {"\x78\xda", "zlib"},
    {"\xfd\x37\x7a\x58\x5a\x00", "xz"},
    {std::string_view("\x5d\x00\x00", 3), "lzma"},
    {"BZh", "bzip2"},
    {"\x04\x22\x4d\x18", "lz4"},
    {"ZF0x", "zlib (joblib before 0.10)"},
}};

bool starts_with(std::span<const std::uint8_t> bytes, std::string_view magic) {
    return bytes.size() >= magic.size() &&
           std::equal(magic.begin(), magic.end(), bytes.begin(),
                      [](char m, std::uint8_t b) { return static_cast<std::uint8_t>(m) == b; });
}

bool named(std::string_view path, std::string_view extension) { return path.ends_with(extension); }

} // namespace

std::string compression_name(std::span<const std::uint8_t> bytes) {
    for (const Magic& m : compressions)
        if (starts_with(bytes, m.bytes)) return std::string(m.name);
    return {};
}

FileKind recognise(std::span<const std::uint8_t> bytes, std::string_view path) {
    const auto& magic = model::format::magic;
    if (bytes.size() >= magic.size() && std::equal(magic.begin(), magic.end(), bytes.begin()))
        return FileKind::glassbox_model;
    // PEP 307: protocols 2 and up open with PROTO (0x80) and the protocol number.
    if (bytes.size() >= 2 && bytes[0] == 0x80 && bytes[1] >= 2 && bytes[1] <= pickle::highest_protocol)
        return FileKind::pickle;
    if (!compression_name(bytes).empty()) return FileKind::compressed;
    if (looks_like_pmml(bytes)) return FileKind::pmml;
    if (named(path, ".onnx")) return FileKind::onnx;
    // onnx.proto: a ModelProto's writers put ir_version (field 1, varint: key 0x08) first.
    if (bytes.size() >= 2 && bytes[0] == 0x08 && bytes[1] >= 3 && bytes[1] <= 20) return FileKind::onnx;
    // Protocols 0 and 1 have no PROTO: a known opcode first and STOP ('.') last, or the name.
    const bool old_pickle = !bytes.empty() && pickle::find_opcode(bytes[0]) != nullptr &&
                            bytes.back() == '.' &&
                            (bytes[0] == '(' || bytes[0] == 'c' || bytes[0] == ']' || bytes[0] == '}');
    if (old_pickle || named(path, ".pkl") || named(path, ".pickle") || named(path, ".joblib"))
        return FileKind::pickle;
    return FileKind::unknown;
}

std::string first_bytes(std::span<const std::uint8_t> bytes) {
    std::string hex, text;
    for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) {
        char b[4];
        std::snprintf(b, sizeof b, "%02x", bytes[i]);
        hex += (i ? " " : "") + std::string(b);
        text += bytes[i] >= 0x20 && bytes[i] < 0x7f ? static_cast<char>(bytes[i]) : '.';
    }
    if (bytes.empty()) return "no bytes at all (the file is empty)";
    return hex + " (\"" + text + "\")";
}

} // namespace glassbox::exchange
