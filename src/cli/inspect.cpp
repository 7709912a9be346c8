// cli/inspect.cpp: 'glassbox inspect': a model file, field by field, with byte offsets.
// Course topic: serialization made visible: a hexdump in which every field is named.
// The fields come from load() itself (a FieldObserver), so what you see is exactly what
// the loader reads and checks; a damaged file shows the fields up to the fault, then why.
// Other files are recognised by their bytes (exchange/file_kind.hpp): ONNX as annotated
// protobuf, PMML as a summary, a pickle or joblib file as what loading it would import.
// --tree N --format dot draws one tree of a forest as Graphviz DOT (model/tree_dot.hpp).
// Try: glassbox inspect model.bin | less
//      glassbox inspect model.bin --tree 0 --format dot --max-depth 3 | dot -Tsvg > tree.svg
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "cli/file_arguments.hpp"
#include "exchange/file_kind.hpp"
#include "exchange/onnx_listing.hpp"
#include "exchange/pickle_walker.hpp"
#include "exchange/pmml_summary.hpp"
#include "http/token.hpp"
#include "model/file.hpp"
#include "model/tree_dot.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage = R"(usage: glassbox inspect [--all] FILE
       glassbox inspect MODEL.bin --tree N --format dot [--max-depth D]

Recognises FILE by its bytes (its name is only a hint, for ONNX and old pickles): a
glassbox model.bin, ONNX, PMML, or a Python pickle / joblib file. Nothing in FILE is run.

model.bin (starts with "GLASSBOX"): every field with its byte offset, size, raw bytes
(little-endian) and decoded value, then a summary (kind, features, classes, trees, depth,
nodes, checksum). The layout is in docs/model-format.md. Long arrays (tree nodes,
histograms) show their first entries and a count of the rest; --all prints every entry.

--tree N --format dot: tree N (from 0) of a forest model.bin as a Graphviz DOT digraph on
stdout, and nothing else. Each split reads "feature <= threshold" (the threshold as the
shortest text that reads back as the same double); its left edge is "true" (the value is
<= threshold: predict() goes left) and its right edge "false". A classifier's leaf shows the
class it predicts and the class fractions, a regressor's leaf its value. --max-depth D draws
splits D levels below the root as one "... N nodes" box. Draw it with Graphviz:
  glassbox inspect model.bin --tree 0 --format dot --max-depth 3 | dot -Tsvg > tree.svg
A linear model has no tree, and N must be below the forest's tree count (exit status 1).

ONNX (named *.onnx, or starting with ModelProto's ir_version field): annotated protobuf,
each field's offset, number, wire type and length, and its name in onnx.proto (ModelProto,
GraphProto, NodeProto; each attribute on one line with its first values, --all for all).

PMML (XML whose root element is PMML): the version and namespace, the model element and
its function, the DataDictionary's fields with their types and MiningSchema usage (the
target), and the number of segments, trees and Node elements.

pickle / joblib (the PROTO opcode, 80 02 to 80 05; protocols 0 and 1: a first opcode and
a final STOP, or the name *.pkl, *.pickle, *.joblib): the protocol, every class it imports
(GLOBAL, STACK_GLOBAL, INST) and how often it calls it, the scikit-learn version it records,
the numpy arrays joblib.dump stored after them (skipped), read as data like Python's
pickletools; loading a pickle runs code, so load only pickles you trust.
A compressed joblib file (zlib, gzip, xz, lzma, bzip2, lz4) is named, with how to write it
uncompressed.

Exit status: 0 a valid file, 1 unreadable, invalid or unrecognised file (the fault is
explained in one sentence, as is a --tree a model does not have), 2 bad options.
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

/// "sklearn.ensemble._forest.RandomForestClassifier" and what loading does with it.
std::string import_line(const exchange::PickleImport& i, std::size_t width) {
    const std::string name = i.module + "." + i.name;
    std::string calls = i.calls == 0   ? "imported, passed as a value"
                        : i.calls == 1 ? "called once"
                                       : "called " + std::to_string(i.calls) + " times";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "  0x%06zx  ", i.offset);
    return buffer + name + std::string(width > name.size() ? width - name.size() : 0, ' ') + "  " + calls;
}

/// A pickle or joblib file: what loading it would import and call (exchange/pickle_walker.hpp).
int inspect_pickle(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    const exchange::PickleSummary s = exchange::walk_pickle(bytes);
    const bool joblib = s.joblib_arrays + s.joblib_nested > 0;
    std::printf("%s: %zu bytes, a Python pickle, protocol %d%s\n", path.c_str(), bytes.size(), s.protocol,
                s.protocol == 0 ? " or 1 (no PROTO opcode)" : " (the PROTO opcode at byte 0x0)");
    if (joblib)
        std::printf(
            "written by joblib.dump: %zu numpy arrays stored as raw bytes after their NumpyArrayWrapper "
            "(%llu bytes, skipped here)%s\n",
            s.joblib_arrays, static_cast<unsigned long long>(s.joblib_array_bytes),
            s.joblib_nested ? ", and arrays of Python objects as pickles inside it" : "");
    std::printf(
        "\nLoading it runs code: %s imports each name below and calls it to rebuild\n"
        "the objects, and a pickle may name any function (os.system too). Load only pickles you\n"
        "trust. This listing reads the opcodes as data and runs nothing, like Python's pickletools.\n",
        joblib ? "joblib.load" : "pickle.load");
    std::size_t width = 0;
    for (const auto& i : s.imports) width = std::max(width, i.module.size() + 1 + i.name.size());
    std::printf("\nimports: %zu (offset of the first opcode naming it, module.name, calls when loaded)\n",
                s.imports.size());
    for (const auto& i : s.imports) std::printf("%s\n", import_line(i, width).c_str());
    std::printf("\nversions it records:\n");
    for (const auto& v : s.sklearn_versions)
        std::printf("  scikit-learn %s (\"_sklearn_version\" in %zu objects' state); another version may "
                    "warn or fail when loading it\n",
                    v.c_str(), s.sklearn_versioned);
    const auto uses = [&](std::string_view prefix) {
        return std::any_of(s.imports.begin(), s.imports.end(),
                           [&](const exchange::PickleImport& i) { return i.module.starts_with(prefix); });
    };
    if (uses("numpy.core."))
        std::printf("  numpy 1.x (it imports numpy.core.*, which numpy 2 renamed numpy._core)\n");
    if (uses("numpy._core"))
        std::printf("  numpy 2 or later (it imports numpy._core.*, which numpy 1.x cannot import)\n");
    if (s.sklearn_versions.empty() && !uses("numpy.core.") && !uses("numpy._core"))
        std::printf("  none visible (pickles record versions only where a class stores one)\n");
    if (s.persistent_ids)
        std::printf("\nIt holds persistent IDs: the program loading it must supply those objects.\n");
    if (s.out_of_band)
        std::printf("\nIt uses out-of-band buffers (protocol 5): the loader must supply them.\n");
    if (!s.error.empty()) {
        std::fflush(stdout);
        std::fprintf(stderr, "glassbox inspect: %s is not a valid pickle: %s\n", path.c_str(),
                     s.error.c_str());
        return 1;
    }
    if (!s.stopped.empty()) {
        std::printf("\n%s\n", s.stopped.c_str());
    } else {
        std::printf("\n%zu opcodes, STOP at byte 0x%zx", s.opcodes, s.end - 1);
        if (s.end < bytes.size())
            std::printf("; %zu bytes follow it, which loading does not read", bytes.size() - s.end);
        std::printf("\n");
    }
    if (uses("sklearn."))
        std::printf(
            "\nTo serve this scikit-learn model: /usr/bin/python3 tools/sklearn_to_glassbox.py %s\n"
            "-o model.bin (its --help lists the estimators it converts), then glassbox inspect model.bin.\n",
            path.c_str());
    else
        std::printf("\nIt imports no scikit-learn class; tools/sklearn_to_glassbox.py converts scikit-learn "
                    "models only.\n");
    return 0;
}

/// A PMML document: its model, fields and counts (exchange/pmml_summary.hpp).
int inspect_pmml(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    const exchange::PmmlSummary s = exchange::scan_pmml(bytes);
    std::printf("%s: %zu bytes, PMML %s (XML, namespace %s)\n", path.c_str(), bytes.size(),
                s.version.empty() ? "(no version attribute)" : s.version.c_str(),
                s.name_space.empty() ? "none" : s.name_space.c_str());
    if (!s.description.empty()) std::printf("  header:    %s\n", s.description.c_str());
    if (s.application.size() > 1) std::printf("  written by: %s\n", s.application.c_str());
    std::printf("  model:     %s, functionName=\"%s\"%s\n",
                s.model_element.empty() ? "(no model element)" : s.model_element.c_str(),
                s.function_name.c_str(),
                s.model_name.empty() ? "" : (", modelName=\"" + s.model_name + "\"").c_str());
    if (!s.multiple_model_method.empty())
        std::printf("  segments:  %zu, combined by multipleModelMethod=\"%s\"\n", s.segments,
                    s.multiple_model_method.c_str());
    std::printf("  trees:     %zu TreeModel elements, %zu Node elements\n", s.tree_models, s.nodes);
    if (s.regression_tables) std::printf("  regression tables: %zu\n", s.regression_tables);
    std::printf("  fields (DataDictionary, with their MiningSchema usage): %zu\n", s.fields.size());
    for (const auto& f : s.fields) {
        std::printf("    %-14s %-12s %-8s %s", f.name.c_str(), f.optype.c_str(), f.data_type.c_str(),
                    f.usage.c_str());
        if (f.values) std::printf(", %zu values", f.values);
        std::printf("\n");
    }
    std::printf("  outputs:   %zu OutputField elements\n", s.output_fields);
    std::printf("  elements:  %zu, nested at most %zu deep\n", s.elements, s.max_depth);
    if (!s.error.empty()) {
        std::fflush(stdout);
        std::fprintf(stderr, "glassbox inspect: %s is not a well-formed PMML document: %s\n", path.c_str(),
                     s.error.c_str());
        return 1;
    }
    return 0;
}

/// A file none of the readers recognise: what was seen, and what would be.
int unrecognised(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    const std::string compression = exchange::compression_name(bytes);
    if (!compression.empty()) {
        std::fprintf(
            stderr,
            "glassbox inspect: %s is %s-compressed (its first bytes are %s), as joblib.dump(model, "
            "file, compress=...) writes; inspect reads it uncompressed: in Python, "
            "joblib.dump(joblib.load(FILE), 'model.joblib') (only for a file you trust: loading runs "
            "code), then glassbox inspect model.joblib.\n",
            path.c_str(), compression.c_str(), exchange::first_bytes(bytes).c_str());
        return 1;
    }
    std::fprintf(stderr,
                 "glassbox inspect: %s is not a glassbox model, nor ONNX, PMML or a pickle: its first bytes "
                 "are %s, and a model.bin starts with \"GLASSBOX\", ONNX with the field 08 (ir_version), "
                 "PMML with <PMML (after an XML declaration), a pickle with 80 02 to 80 05 (PROTO).\n",
                 path.c_str(), exchange::first_bytes(bytes).c_str());
    return 1;
}

/// Reads all of `text` as a count (decimal digits only) into `n`.
bool read_count(std::string_view text, std::size_t& n) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    return ec == std::errc() && end == text.data() + text.size();
}

/// `--tree N --format dot`: tree N of the model in `bytes` as DOT on stdout.
int print_tree(const std::string& path, const std::vector<std::uint8_t>& bytes, std::size_t tree,
               std::size_t max_depth) {
    model::Diagnostic d;
    const model::Model m = model::load(bytes, d);
    if (d) {
        std::fprintf(stderr, "glassbox inspect: %s is not a valid model: %s\n", path.c_str(),
                     d.message.c_str());
        return 1;
    }
    const model::Forest* f = m.forest();
    if (!f) {
        std::fprintf(stderr, "glassbox inspect: %s holds a %s, which has weights and no trees to draw.\n",
                     path.c_str(), std::string(model::kind_name(m.kind())).c_str());
        return 1;
    }
    if (tree >= f->n_trees()) {
        std::fprintf(stderr,
                     "glassbox inspect: %s has %zu trees, numbered 0 to %zu, so there is no tree %zu.\n",
                     path.c_str(), f->n_trees(), f->n_trees() - 1, tree);
        return 1;
    }
    const std::string dot = model::tree_dot(m, tree, max_depth);
    std::fwrite(dot.data(), 1, dot.size(), stdout);
    return 0;
}

} // namespace

int inspect(std::span<const std::string_view> args) {
    bool all = false;
    std::string path;
    std::string_view tree_text, format, depth_text;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage.data(), stdout);
            return 0;
        }
        std::string_view* value = arg == "--tree"        ? &tree_text
                                  : arg == "--format"    ? &format
                                  : arg == "--max-depth" ? &depth_text
                                                         : nullptr;
        if (value) {
            if (i + 1 == args.size())
                return usage_error("inspect", "'" + std::string(arg) + "' needs a value.");
            *value = args[++i];
        } else if (arg == "--all") {
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
    std::size_t tree = 0, max_depth = model::all_depths;
    const bool drawing = !tree_text.empty() || !format.empty() || !depth_text.empty();
    if (drawing) {
        if (tree_text.empty() || format.empty())
            return usage_error("inspect", "--tree N and --format dot go together.");
        if (format != "dot")
            return usage_error("inspect", "'" + std::string(format) +
                                              "' is not a format inspect draws trees in (dot: Graphviz).");
        if (!read_count(tree_text, tree))
            return usage_error("inspect", "--tree takes a tree number (0, 1, ...), not '" +
                                              std::string(tree_text) + "'.");
        if (!depth_text.empty() && (!read_count(depth_text, max_depth) || max_depth == 0))
            return usage_error("inspect", "--max-depth takes a depth of 1 or more, not '" +
                                              std::string(depth_text) + "'.");
    }
    model::Diagnostic d;
    const std::vector<std::uint8_t> bytes = model::read_file_bytes(path, d);
    if (d) {
        std::fprintf(stderr, "glassbox inspect: %s\n", d.message.c_str());
        return 1;
    }
    if (drawing && exchange::recognise(bytes, path) != exchange::FileKind::glassbox_model) {
        std::fprintf(stderr, "glassbox inspect: --tree draws trees of a glassbox model.bin; %s is not one.\n",
                     path.c_str());
        return 1;
    }
    if (drawing) return print_tree(path, bytes, tree, max_depth);
    switch (exchange::recognise(bytes, path)) {
    case exchange::FileKind::glassbox_model: break;
    case exchange::FileKind::onnx: return inspect_onnx(path, bytes, all);
    case exchange::FileKind::pmml: return inspect_pmml(path, bytes);
    case exchange::FileKind::pickle: return inspect_pickle(path, bytes);
    case exchange::FileKind::compressed:
    case exchange::FileKind::unknown: return unrecognised(path, bytes);
    }
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
    std::printf("  features:  %zu (%s)\n", m.n_features(), http::join_list(m.feature_names()).c_str());
    if (m.is_classifier())
        std::printf("  classes:   %zu (%s)\n", m.n_classes(), http::join_list(m.class_labels()).c_str());
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
