// model/load.cpp: reads model.bin and checks every field before trusting it.
// Course topic: loading a model. The file may be truncated, damaged, or written by someone
// hostile: every count is compared with the bytes left *before* anything is allocated,
// every index with what it indexes, every real with the set of finite numbers.
// Fields are read in the order save.cpp writes them (see docs/model-format.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "model/crc32.hpp"
#include "model/file.hpp"
#include "model/format.hpp"

namespace glassbox::model {
namespace {

std::string text(std::size_t n) { return std::to_string(n); }

std::string hex32(std::uint32_t v) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08x", v);
    return buffer;
}

/// One load in progress: the cursor, the error, and the pieces read so far.
class Loader {
public:
    Loader(std::span<const std::uint8_t> body, Diagnostic& d, FieldObserver* o) : r_(body, d, o) {}

    bool file_size(std::size_t actual);

    bool header(Kind& kind);
    bool metadata(Kind kind, Metadata& m);
    bool linear(Kind kind, const Metadata& m, Linear& l);
    bool forest(const Metadata& m, Forest& f);
    bool at_end() {
        if (r_.left() == 0) return true;
        return r_.fail(FormatError::trailing_bytes, r_.offset(),
                       text(r_.left()) + " bytes follow the payload where the checksum should begin.");
    }

private:
    bool count(std::uint32_t& n, std::size_t min_bytes_each, std::string_view what, std::string_view unit);
    bool finite(std::span<const double> values, std::size_t at, std::string_view what);
    bool stats(std::size_t feature, FeatureStats& s);
    bool tree(std::size_t t, std::size_t n_features, Forest& f);

    ByteReader r_;
};

// A count is checked twice before use: against a fixed limit where the format has one,
// and against the bytes left, using the smallest possible size of each element. A count of
// 2^32-1 therefore fails here instead of becoming a 4 GiB vector.
bool Loader::count(std::uint32_t& n, std::size_t min_bytes_each, std::string_view what,
                   std::string_view unit) {
    const std::size_t at = r_.offset();
    if (!r_.u32(n, what)) return false;
    if (n > r_.left() / min_bytes_each)
        return r_.fail(FormatError::count_out_of_range, at,
                       std::string(what) + " is " + text(n) + " " + std::string(unit) +
                           ", needing at least " + text(std::size_t{n} * min_bytes_each) +
                           " bytes, but the file ends after " + text(r_.left()) + ".");
    return true;
}

bool Loader::finite(std::span<const double> values, std::size_t at, std::string_view what) {
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            return r_.fail(FormatError::bad_value, at + 8 * i,
                           std::string(what) + " is " + std::to_string(values[i]) +
                               "; it must be a finite number.");
    return true;
}

bool Loader::header(Kind& kind) {
    std::array<std::uint8_t, 8> magic{};
    if (!r_.bytes(magic, "the magic number")) return false;
    if (magic != format::magic)
        return r_.fail(FormatError::bad_magic, 0,
                       "the file does not start with \"GLASSBOX\": not a glassbox model.");
    std::uint32_t version = 0;
    if (!r_.u32(version, "the format version")) return false;
    if (version != format::version)
        return r_.fail(FormatError::unsupported_version, 8,
                       "format version " + text(version) + " is not supported; this glassbox reads version " +
                           text(format::version) + ".");
    std::uint32_t code = 0;
    if (!r_.u32(code, "the model kind (1 linear, 2 logistic, 3 forest classifier, 4 forest regressor)"))
        return false;
    for (const KindInfo& info : kind_table)
        if (info.code == code) {
            kind = info.kind;
            return true;
        }
    return r_.fail(FormatError::unknown_kind, 12, "model kind " + text(code) + " is not one of 1-4.");
}

// The declared size catches a truncated download at once, before the CRC is computed over
// bytes that are not all there.
bool Loader::file_size(std::size_t actual) {
    std::uint64_t declared = 0;
    if (!r_.u64(declared, "the file size in bytes")) return false;
    if (declared == actual) return true;
    return r_.fail(declared > actual ? FormatError::truncated : FormatError::trailing_bytes,
                   format::file_size_offset,
                   "the header declares a file of " + std::to_string(declared) + " bytes but it has " +
                       text(actual) + (declared > actual ? "; it was cut short." : "; bytes were appended."));
}

bool Loader::stats(std::size_t j, FeatureStats& s) {
    const std::string prefix = "feature " + text(j) + " statistics: ";
    const std::size_t at = r_.offset();
    double values[4] = {};
    if (!r_.u64(s.count, prefix + "training row count")) return false;
    if (!r_.f64(values[0], prefix + "mean") || !r_.f64(values[1], prefix + "standard deviation") ||
        !r_.f64(values[2], prefix + "minimum") || !r_.f64(values[3], prefix + "maximum"))
        return false;
    if (!finite(values, at + 8, prefix + "a statistic")) return false;
    s.mean = values[0];
    s.stddev = values[1];
    s.min = values[2];
    s.max = values[3];
    const std::size_t bins_at = r_.offset();
    std::uint32_t bins = 0;
    if (!count(bins, 8, prefix + "histogram bin count", "bins")) return false;
    if (bins > format::max_histogram_bins)
        return r_.fail(FormatError::count_out_of_range, bins_at,
                       prefix + text(bins) + " histogram bins; the limit is " +
                           text(format::max_histogram_bins) + ".");
    s.histogram.resize(bins);
    return r_.u64_array(s.histogram, prefix + "histogram bin counts");
}

bool Loader::metadata(Kind kind, Metadata& m) {
    if (!r_.str(m.name, format::max_string_bytes, "the model name")) return false;
    const std::size_t features_at = r_.offset();
    std::uint32_t n = 0;
    // Each feature needs at least a 4-byte name length and 44 bytes of statistics.
    if (!count(n, 48, "the feature count", "features")) return false;
    if (n == 0)
        return r_.fail(FormatError::count_out_of_range, features_at, "the model declares 0 features.");
    m.feature_names.resize(n);
    for (std::uint32_t j = 0; j < n; ++j)
        if (!r_.str(m.feature_names[j], format::max_string_bytes, "the name of feature " + text(j)))
            return false;
    const std::size_t classes_at = r_.offset();
    std::uint32_t k = 0;
    if (!count(k, 4, "the class count", "classes")) return false;
    const bool classifier = kind_info(kind).classifier;
    if (classifier && k < 2)
        return r_.fail(FormatError::inconsistent, classes_at,
                       "a classifier needs at least 2 class labels but the file declares " + text(k) + ".");
    if (!classifier && k != 0)
        return r_.fail(FormatError::inconsistent, classes_at,
                       "a regressor has no classes but the file declares " + text(k) + ".");
    m.class_labels.resize(k);
    for (std::uint32_t c = 0; c < k; ++c)
        if (!r_.str(m.class_labels[c], format::max_string_bytes, "the label of class " + text(c)))
            return false;
    m.feature_stats.resize(n);
    for (std::uint32_t j = 0; j < n; ++j)
        if (!stats(j, m.feature_stats[j])) return false;
    return true;
}

bool Loader::linear(Kind kind, const Metadata& m, Linear& l) {
    const std::size_t at = r_.offset();
    std::uint32_t outputs = 0;
    const std::size_t row_bytes = 8 * (m.feature_names.size() + 1);
    if (!count(outputs, row_bytes, "the number of weight rows", "rows")) return false;
    std::uint32_t link = 0;
    if (!r_.u32(link, "the link (0 identity, 1 sigmoid, 2 softmax, 3 one-vs-rest)")) return false;
    const std::size_t k = m.class_labels.size();
    const bool fits = kind == Kind::linear_regression ? link == 0 && outputs == 1
                                                      : (link == 1 && outputs == 1 && k == 2) ||
                                                            ((link == 2 || link == 3) && outputs == k);
    if (!fits)
        return r_.fail(FormatError::inconsistent, at,
                       text(outputs) + " weight rows with link " + text(link) + " do not fit a " +
                           std::string(kind_name(kind)) + " with " + text(k) + " classes.");
    l.n_outputs = outputs;
    l.link = static_cast<Link>(link);
    l.coef.resize(std::size_t{outputs} * m.feature_names.size());
    l.intercept.resize(outputs);
    const std::size_t coef_at = r_.offset();
    if (!r_.f64_array(l.coef, "the weights (one row per output, one column per feature)")) return false;
    if (!finite(l.coef, coef_at, "a weight")) return false;
    const std::size_t intercept_at = r_.offset();
    if (!r_.f64_array(l.intercept, "the intercepts (one per output)")) return false;
    return finite(l.intercept, intercept_at, "an intercept");
}

bool Loader::tree(std::size_t t, std::size_t n_features, Forest& f) {
    const std::string name = "tree " + text(t);
    const std::size_t width = f.value_width;
    const std::size_t node_bytes = 4 + 8 + 4 + 4 + 8 * width;
    const std::size_t count_at = r_.offset();
    std::uint32_t n = 0;
    if (!r_.u32(n, name + ": node count")) return false;
    if (n == 0) return r_.fail(FormatError::count_out_of_range, count_at, name + " declares 0 nodes.");
    if (n > r_.left() / node_bytes)
        return r_.fail(FormatError::count_out_of_range, count_at,
                       name + " declares " + text(n) + " nodes (" + text(node_bytes) +
                           " bytes each) but the file ends after " + text(r_.left()) + " bytes.");
    if (f.feature.size() + n > 0xFFFFFFFFu)
        return r_.fail(FormatError::count_out_of_range, count_at,
                       name + " brings the forest past 2^32-1 nodes.");
    const std::size_t base = f.feature.size();
    f.feature.resize(base + n);
    f.threshold.resize(base + n);
    f.left.resize(base + n);
    f.right.resize(base + n);
    f.value.resize((base + n) * width);
    const std::size_t feature_at = r_.offset();
    if (!r_.i32_array(std::span(f.feature).subspan(base),
                      name + ": feature (split feature per node, -1 = leaf)"))
        return false;
    const std::size_t threshold_at = r_.offset();
    if (!r_.f64_array(std::span(f.threshold).subspan(base),
                      name + ": threshold (go left when x <= threshold)"))
        return false;
    const std::size_t left_at = r_.offset();
    if (!r_.u32_array(std::span(f.left).subspan(base), name + ": left child")) return false;
    const std::size_t right_at = r_.offset();
    if (!r_.u32_array(std::span(f.right).subspan(base), name + ": right child")) return false;
    const std::size_t value_at = r_.offset();
    const std::string value_what =
        name + (width == 1 ? ": value (the prediction at a leaf, 0 at a split)"
                           : ": value (" + text(width) + " class fractions per node; 0 at a split)");
    if (!r_.f64_array(std::span(f.value).subspan(base * width), value_what)) return false;
    if (!finite(std::span(f.value).subspan(base * width), value_at, name + ": a leaf value")) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string node = name + " node " + text(i);
        const std::int32_t feature = f.feature[base + i];
        const std::uint32_t left = f.left[base + i];
        const std::uint32_t right = f.right[base + i];
        if (feature == format::leaf) {
            // A leaf's other fields are zero: one way to write each tree, so save(load(x)) == x.
            if (left != 0 || right != 0 || f.threshold[base + i] != 0.0 ||
                std::signbit(f.threshold[base + i]))
                return r_.fail(FormatError::inconsistent, left_at + 4 * i,
                               node + " is a leaf but its threshold or children are not 0.");
            continue;
        }
        if (feature < 0 || static_cast<std::size_t>(feature) >= n_features)
            return r_.fail(FormatError::feature_out_of_range, feature_at + 4 * i,
                           node + " splits on feature " + std::to_string(feature) + " but the model has " +
                               text(n_features) + " features (0-" + text(n_features - 1) +
                               ", or -1 for a leaf).");
        if (!std::isfinite(f.threshold[base + i]))
            return r_.fail(FormatError::bad_value, threshold_at + 8 * i,
                           node + " has a threshold that is not finite.");
        // Children strictly after their parent: every walk moves forward, so none can loop.
        if (left <= i || left >= n)
            return r_.fail(FormatError::child_out_of_range, left_at + 4 * i,
                           node + " has left child " + text(left) + "; it must be after the node and below " +
                               text(n) + ".");
        if (right <= i || right >= n)
            return r_.fail(FormatError::child_out_of_range, right_at + 4 * i,
                           node + " has right child " + text(right) +
                               "; it must be after the node and below " + text(n) + ".");
    }
    f.tree_offsets.push_back(static_cast<std::uint32_t>(base + n));
    // Children after parents rule out cycles, not sharing (see Forest::shape_fault): a node
    // with two parents would make leaf counts count paths, so the nodes must be a tree.
    const ShapeFault fault = f.shape_fault(t);
    switch (fault.kind) {
    case ShapeFault::Kind::none: return true;
    case ShapeFault::Kind::same_child:
        return r_.fail(FormatError::not_a_tree, right_at + 4 * fault.parent,
                       name + " node " + text(fault.parent) + " has child " + text(fault.node) +
                           " on both sides; the two children of a split must be different nodes.");
    case ShapeFault::Kind::two_parents:
        return r_.fail(FormatError::not_a_tree, left_at + 4 * fault.parent,
                       name + ": node " + text(fault.node) + " is a child of both node " +
                           text(fault.first_parent) + " and node " + text(fault.parent) +
                           "; in a tree every node has one parent.");
    case ShapeFault::Kind::no_parent:
        return r_.fail(FormatError::not_a_tree, left_at,
                       name + ": node " + text(fault.node) +
                           " is the child of no node; every node but the root (node 0) must be reached "
                           "from it.");
    }
    return true;
}

bool Loader::forest(const Metadata& m, Forest& f) {
    f.value_width = m.class_labels.empty() ? 1 : m.class_labels.size();
    const std::size_t at = r_.offset();
    std::uint32_t trees = 0;
    // The smallest tree is a node count and one leaf.
    if (!count(trees, 4 + 20 + 8 * f.value_width, "the tree count", "trees")) return false;
    if (trees == 0) return r_.fail(FormatError::count_out_of_range, at, "the forest declares 0 trees.");
    f.tree_offsets.reserve(std::size_t{trees} + 1);
    for (std::uint32_t t = 0; t < trees; ++t)
        if (!tree(t, m.feature_names.size(), f)) return false;
    return true;
}

} // namespace

Model load(std::span<const std::uint8_t> bytes, Diagnostic& diagnostic, FieldObserver* observer) {
    diagnostic = {};
    constexpr std::size_t smallest = format::header_bytes + format::trailer_bytes;
    if (bytes.size() < smallest) {
        const std::size_t n = std::min(bytes.size(), format::magic.size());
        const bool magic_prefix =
            std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n), format::magic.begin());
        diagnostic.code = magic_prefix ? FormatError::truncated : FormatError::bad_magic;
        diagnostic.message = "at byte 0x0: the file is " + text(bytes.size()) +
                             " bytes long; a model file has at least " + text(smallest) +
                             (magic_prefix ? "." : " and starts with \"GLASSBOX\".");
        return {};
    }
    const auto body = bytes.first(bytes.size() - format::trailer_bytes);
    Loader loader(body, diagnostic, observer);
    Kind kind = Kind::linear_regression;
    if (!loader.header(kind) || !loader.file_size(bytes.size())) return {};
    // The checksum is verified before the structure: a damaged file fails fast, and the
    // checks below then guard against files that were *written* wrong, not damaged.
    const std::uint32_t stored = stored_checksum(bytes);
    const std::uint32_t computed = crc32(body);
    if (stored != computed) {
        diagnostic.code = FormatError::checksum_mismatch;
        diagnostic.message = "at byte " + hex_offset(body.size()) + ": the stored CRC-32 is " +
                             hex32(stored) + " but the bytes before it give " + hex32(computed) +
                             "; the file is damaged or truncated.";
        return {};
    }
    Metadata metadata;
    if (!loader.metadata(kind, metadata)) return {};
    // The model keeps the facts of the file it came from: GET /models shows them, and the CRC
    // is the model's ETag.
    const FileFacts file{bytes.size(), stored};
    Model model;
    if (kind == Kind::linear_regression || kind == Kind::logistic_regression) {
        Linear linear;
        if (!loader.linear(kind, metadata, linear) || !loader.at_end()) return {};
        model = Model(kind, std::move(metadata), std::move(linear), file);
    } else {
        Forest forest;
        if (!loader.forest(metadata, forest) || !loader.at_end()) return {};
        model = Model(kind, std::move(metadata), std::move(forest), file);
    }
    if (observer)
        observer->field(Field{body.size(), 4, "u32", "CRC-32 of every byte before it", 0, 1, hex32(stored)});
    return model;
}

Model load(std::span<const std::uint8_t> bytes, std::error_code& ec) {
    Diagnostic diagnostic;
    Model model = load(bytes, diagnostic);
    ec = diagnostic.code;
    return model;
}

std::vector<std::uint8_t> read_file_bytes(const std::string& path, Diagnostic& diagnostic) {
    diagnostic = {};
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        diagnostic.code.assign(errno, std::generic_category());
        diagnostic.message = "cannot open '" + path + "': " + diagnostic.code.message() + ".";
        return {};
    }
    std::vector<std::uint8_t> bytes;
    std::uint8_t buffer[65536];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        if (bytes.size() + got > max_file_bytes) {
            std::fclose(file);
            diagnostic.code = std::make_error_code(std::errc::file_too_large);
            diagnostic.message =
                "'" + path + "' is larger than the " + text(max_file_bytes) + " bytes a model may have.";
            return {};
        }
        bytes.insert(bytes.end(), buffer, buffer + got);
    }
    const bool failed = std::ferror(file) != 0;
    std::fclose(file);
    if (failed) {
        diagnostic.code = std::make_error_code(std::errc::io_error);
        diagnostic.message = "cannot read '" + path + "'.";
        return {};
    }
    return bytes;
}

Model load_file(const std::string& path, Diagnostic& diagnostic) {
    const std::vector<std::uint8_t> bytes = read_file_bytes(path, diagnostic);
    if (diagnostic) return {};
    return load(bytes, diagnostic);
}

} // namespace glassbox::model
