// model/save.cpp: writes a Model as model.bin, field by field, little-endian.
// Course topic: saving a model. The order of the writes below *is* the format: compare
// it with docs/model-format.md and with load.cpp, which reads the same fields in turn.
// Deterministic by construction: no timestamps, no hash-map order, no padding bytes.
#include <cerrno>
#include <cstdio>
#include <string>

#include "model/byte_writer.hpp"
#include "model/crc32.hpp"
#include "model/file.hpp"
#include "model/format.hpp"

namespace glassbox::model {
namespace {

void write_metadata(ByteWriter& w, const Metadata& m) {
    w.str(m.name);
    w.u32(static_cast<std::uint32_t>(m.feature_names.size()));
    for (const auto& name : m.feature_names) w.str(name);
    w.u32(static_cast<std::uint32_t>(m.class_labels.size()));
    for (const auto& label : m.class_labels) w.str(label);
    for (const FeatureStats& s : m.feature_stats) {
        w.u64(s.count);
        w.f64(s.mean);
        w.f64(s.stddev);
        w.f64(s.min);
        w.f64(s.max);
        w.u32(static_cast<std::uint32_t>(s.histogram.size()));
        for (const auto c : s.histogram) w.u64(c);
    }
}

void write_linear(ByteWriter& w, const Linear& l) {
    w.u32(static_cast<std::uint32_t>(l.n_outputs));
    w.u32(static_cast<std::uint32_t>(l.link));
    for (const double c : l.coef) w.f64(c);
    for (const double b : l.intercept) w.f64(b);
}

void write_forest(ByteWriter& w, const Forest& f) {
    w.u32(static_cast<std::uint32_t>(f.n_trees()));
    for (std::size_t t = 0; t < f.n_trees(); ++t) {
        const std::size_t begin = f.tree_offsets[t];
        const std::size_t end = f.tree_offsets[t + 1];
        w.u32(static_cast<std::uint32_t>(end - begin));
        // One array after another (not node by node): each array is contiguous in the file
        // as it is in memory, and inspect can show them one at a time.
        for (std::size_t i = begin; i < end; ++i) w.i32(f.feature[i]);
        for (std::size_t i = begin; i < end; ++i) w.f64(f.threshold[i]);
        for (std::size_t i = begin; i < end; ++i) w.u32(f.left[i]);
        for (std::size_t i = begin; i < end; ++i) w.u32(f.right[i]);
        for (std::size_t i = begin * f.value_width; i < end * f.value_width; ++i) w.f64(f.value[i]);
    }
}

} // namespace

std::vector<std::uint8_t> save(const Model& model) {
    ByteWriter w;
    w.bytes(format::magic.data(), format::magic.size());
    w.u32(format::version);
    w.u32(kind_info(model.kind()).code);
    w.u64(0); // the file size, patched below once it is known
    write_metadata(w, model.metadata());
    if (const Linear* l = model.linear()) write_linear(w, *l);
    if (const Forest* f = model.forest()) write_forest(w, *f);
    w.patch_u64(format::file_size_offset, w.data().size() + format::trailer_bytes);
    w.u32(crc32(w.data()));
    return w.take();
}

std::vector<std::uint8_t> save(const Model& model, Diagnostic& diagnostic) {
    diagnostic = {};
    std::vector<std::uint8_t> bytes = save(model);
    // One set of rules, not two copies that could drift apart: the writer asks the reader.
    // Whatever load() refuses (a statistic that overflowed to inf, a name over 4096 bytes,
    // text that is not UTF-8, a tree that is not a tree) is refused here, before any file exists.
    if (bytes.size() > max_file_bytes) {
        diagnostic.code = std::make_error_code(std::errc::file_too_large);
        diagnostic.message = "the model would take " + std::to_string(bytes.size()) +
                             " bytes, more than the " + std::to_string(max_file_bytes) +
                             " bytes a model file may have.";
        return {};
    }
    load(bytes, diagnostic);
    if (diagnostic) {
        diagnostic.message =
            "the model cannot be saved, since its file would not load: " + diagnostic.message;
        return {};
    }
    return bytes;
}

FileFacts save_file(const Model& model, const std::string& path, Diagnostic& diagnostic) {
    const std::vector<std::uint8_t> bytes = save(model, diagnostic);
    if (diagnostic) return {};
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) {
        diagnostic.code.assign(errno, std::generic_category());
        diagnostic.message = "cannot write '" + path + "': " + diagnostic.code.message() + ".";
        return {};
    }
    const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
    const int write_errno = errno;
    if (std::fclose(file) != 0 || !written) {
        diagnostic.code.assign(written ? errno : write_errno, std::generic_category());
        diagnostic.message = "cannot write '" + path + "': " + diagnostic.code.message() + ".";
        return {};
    }
    return {bytes.size(), stored_checksum(bytes)};
}

void save_file(const Model& model, const std::string& path, std::error_code& ec) {
    Diagnostic diagnostic;
    save_file(model, path, diagnostic);
    ec = diagnostic.code;
}

std::uint32_t stored_checksum(std::span<const std::uint8_t> file) noexcept {
    if (file.size() < 4) return 0;
    const auto* p = file.data() + file.size() - 4;
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

} // namespace glassbox::model
