// cli/inspect.cpp: 'glassbox inspect': a model file, field by field, with byte offsets.
// Course topic: serialization made visible: a hexdump in which every field is named.
// The fields come from load() itself (a FieldObserver), so what you see is exactly what
// the loader reads and checks; a damaged file shows the fields up to the fault, then why.
// Try: glassbox inspect model.bin | less
#include <algorithm>
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "exchange/onnx_listing.hpp"
#include "model/file.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage = R"(usage: glassbox inspect [--all] MODEL.bin|FILE.onnx

Prints every field of a model file with its byte offset, size, raw bytes (little-endian)
and decoded value, then a summary (kind, features, classes, trees, depth, nodes, checksum).
The layout is documented in docs/model-format.md. Long arrays (tree nodes, histograms)
show their first entries and a count of the rest; --all prints every entry.

A file named *.onnx that is not a model.bin is shown as annotated protobuf: each field's
offset, number, wire type and length, and its name in onnx.proto (ModelProto, GraphProto,
NodeProto; each attribute on one line with its first values, --all for every value).

Exit status: 0 a valid model, 1 unreadable or invalid file (the fault is explained), 2 bad options.
)";

/// Entries of an array printed before the rest is summarised.
constexpr std::size_t shown_entries = 3;

/// Prints each field as load() reads it.
class Printer final : public model::FieldObserver {
public:
    Printer(std::span<const std::uint8_t> bytes, bool all) : bytes_(bytes), all_(all) {}

    void field(const model::Field& f) override {
        if (!all_ && f.count > shown_entries + 1 && f.index >= shown_entries) {
            if (f.index + 1 == f.count) {
                const std::size_t first = f.offset - (f.count - 1 - shown_entries) * f.size;
                std::printf(
                    "%-10s %7zu  %-26s %s [%zu-%zu]: %zu more %s values, not shown (--all shows them)\n",
                    model::hex_offset(first).c_str(), (f.count - shown_entries) * f.size, "...",
                    std::string(f.what).c_str(), shown_entries, f.count - 1, f.count - shown_entries,
                    std::string(f.type).c_str());
            }
            return;
        }
        std::string hex;
        for (std::size_t i = 0; i < f.size && i < 8; ++i) {
            char b[4];
            std::snprintf(b, sizeof b, "%02x ", bytes_[f.offset + i]);
            hex += b;
        }
        if (f.size > 8) hex += "...";
        std::string what(f.what);
        if (f.count > 1) what += " [" + std::to_string(f.index) + "]";
        std::printf("%-10s %7zu  %-26s %s %s = %s\n", model::hex_offset(f.offset).c_str(), f.size,
                    hex.c_str(), std::string(f.type).c_str(), what.c_str(), f.value.c_str());
    }

private:
    std::span<const std::uint8_t> bytes_;
    bool all_;
};

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

/// An ONNX file as annotated protobuf (exchange/onnx_listing.hpp).
int inspect_onnx(const std::string& path, const std::vector<std::uint8_t>& bytes, bool all) {
    std::printf(
        "%s: %zu bytes, ONNX (protobuf): offset, field number, wire type, length, name in onnx.proto\n\n",
        path.c_str(), bytes.size());
    std::string error;
    for (const auto& line : exchange::onnx_listing(bytes, all ? bytes.size() : shown_entries, error))
        std::printf("%s\n", line.c_str());
    if (!error.empty()) {
        std::fflush(stdout);
        std::fprintf(stderr, "glassbox inspect: %s is not a valid ONNX file: %s\n", path.c_str(),
                     error.c_str());
        return 1;
    }
    return 0;
}

} // namespace

int inspect(std::span<const std::string_view> args) {
    bool all = false;
    std::string path;
    for (const std::string_view arg : args) {
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage.data(), stdout);
            return 0;
        }
        if (arg == "--all") {
            all = true;
        } else if (arg.starts_with("-") || !path.empty()) {
            std::fprintf(stderr,
                         "glassbox inspect: unexpected argument '%.*s'. Run 'glassbox inspect --help'.\n",
                         static_cast<int>(arg.size()), arg.data());
            return 2;
        } else {
            path = arg;
        }
    }
    if (path.empty()) {
        std::fputs("glassbox inspect: name a model file, e.g. 'glassbox inspect model.bin'.\n", stderr);
        return 2;
    }
    model::Diagnostic d;
    const std::vector<std::uint8_t> bytes = model::read_file_bytes(path, d);
    if (d) {
        std::fprintf(stderr, "glassbox inspect: %s\n", d.message.c_str());
        return 1;
    }
    const bool glassbox_file =
        bytes.size() >= model::format::magic.size() &&
        std::equal(model::format::magic.begin(), model::format::magic.end(), bytes.begin());
    if (!glassbox_file && path.ends_with(".onnx")) return inspect_onnx(path, bytes, all);
    std::printf("%s: %zu bytes; integers and reals are little-endian\n\n", path.c_str(), bytes.size());
    std::printf("%-10s %7s  %-26s %s\n", "offset", "size", "bytes", "type field = value");
    Printer printer(bytes, all);
    const model::Model m = model::load(bytes, d, &printer);
    if (d) {
        std::fflush(stdout);
        std::fprintf(stderr, "glassbox inspect: %s is not a valid model: %s\n", path.c_str(),
                     d.message.c_str());
        return 1;
    }
    const model::Summary& s = m.summary();
    std::printf("\nsummary\n");
    std::printf("  name:      %s\n", m.name().c_str());
    std::printf("  kind:      %s\n", std::string(model::kind_name(m.kind())).c_str());
    std::printf("  features:  %zu (%s)\n", m.n_features(), joined(m.feature_names()).c_str());
    if (m.is_classifier())
        std::printf("  classes:   %zu (%s)\n", m.n_classes(), joined(m.class_labels()).c_str());
    if (m.forest())
        std::printf("  trees:     %zu, %zu nodes (%zu leaves), deepest leaf at depth %zu\n", s.trees, s.nodes,
                    s.leaves, s.max_depth);
    if (const model::Linear* l = m.linear())
        std::printf("  weights:   %zu x %zu plus %zu intercepts, link: %s\n", s.weight_rows, s.weight_cols,
                    s.weight_rows, std::string(model::link_name(l->link)).c_str());
    std::printf("  checksum:  CRC-32 0x%08x over bytes 0x0-%s, verified\n", m.checksum(),
                model::hex_offset(bytes.size() - 5).c_str());
    return 0;
}

} // namespace glassbox::cli
