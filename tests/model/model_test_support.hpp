// tests/model/model_test_support.hpp: shared helpers for the [model] tests.
// Small hand-built models, file helpers, and a CRC fixer: to test the structural checks
// behind the checksum, a test patches a field and then recomputes the CRC-32 trailer.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "model/crc32.hpp"
#include "model/csv.hpp"
#include "model/dataset.hpp"
#include "model/file.hpp"
#include "model/format.hpp"

namespace glassbox::model::test {

inline std::string source_path(const std::string& relative) {
    return std::string(GLASSBOX_SOURCE_DIR) + "/" + relative;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::vector<std::uint8_t> read_bytes(const std::string& path) {
    const std::string text = read_text(path);
    return {text.begin(), text.end()};
}

/// Rewrites the CRC-32 trailer so that it matches the bytes before it.
inline void fix_crc(std::vector<std::uint8_t>& file) {
    const std::uint32_t crc = crc32(std::span(file).first(file.size() - 4));
    for (int i = 0; i < 4; ++i) file[file.size() - 4 + i] = static_cast<std::uint8_t>(crc >> (8 * i));
}

/// Writes a little-endian u64 at `offset`.
inline void put_u64(std::vector<std::uint8_t>& file, std::size_t offset, std::uint64_t value) {
    for (int i = 0; i < 8; ++i)
        file[offset + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
}

/// After a patch that changed the length: rewrites the header's file size, then the CRC.
inline void fix_size_and_crc(std::vector<std::uint8_t>& file) {
    put_u64(file, format::file_size_offset, file.size());
    fix_crc(file);
}

/// The first `length` bytes of `file` (length >= the header) as a body, with the size and
/// CRC fixed to match: only the structural checks can reject it.
inline std::vector<std::uint8_t> truncated_with_crc(const std::vector<std::uint8_t>& file,
                                                    std::size_t length) {
    std::vector<std::uint8_t> out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(length));
    out.resize(length + 4);
    fix_size_and_crc(out);
    return out;
}

/// Writes a little-endian u32 at `offset`.
inline void put_u32(std::vector<std::uint8_t>& file, std::size_t offset, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) file[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

/// Metadata for `n_features` features named f0, f1, ... and the given classes.
inline Metadata metadata(std::size_t n_features, std::vector<std::string> classes) {
    Metadata m{"small", {}, std::move(classes), {}};
    for (std::size_t j = 0; j < n_features; ++j) {
        m.feature_names.push_back("f" + std::to_string(j));
        m.feature_stats.push_back({10, 0.5, 0.25, 0.0, 1.0, {3, 4, 3}});
    }
    return m;
}

/// A two-tree, two-feature, two-class forest:
///   tree 0: x0 <= 0.5 ? [1, 0] : (x1 <= 2.5 ? [0.25, 0.75] : [0, 1])
///   tree 1: leaf [0.5, 0.5]
inline Model small_forest() {
    Forest f;
    f.value_width = 2;
    f.add_tree(std::vector<std::int32_t>{0, format::leaf, 1, format::leaf, format::leaf},
               std::vector<double>{0.5, 0, 2.5, 0, 0}, std::vector<std::uint32_t>{1, 0, 3, 0, 0},
               std::vector<std::uint32_t>{2, 0, 4, 0, 0},
               std::vector<double>{0, 0, 1, 0, 0, 0, 0.25, 0.75, 0, 1});
    f.add_tree(std::vector<std::int32_t>{format::leaf}, std::vector<double>{0}, std::vector<std::uint32_t>{0},
               std::vector<std::uint32_t>{0}, std::vector<double>{0.5, 0.5});
    return Model(Kind::forest_classifier, metadata(2, {"no", "yes"}), std::move(f));
}

/// y = 2 x0 - 3 x1 + 1.
inline Model small_linear() {
    return Model(Kind::linear_regression, metadata(2, {}), Linear{1, Link::identity, {2.0, -3.0}, {1.0}});
}

/// A three-class softmax model over two features.
inline Model small_logistic() {
    return Model(Kind::logistic_regression, metadata(2, {"a", "b", "c"}),
                 Linear{3, Link::softmax, {1, 0, 0, 1, -1, -1}, {0.5, 0, -0.5}});
}

/// examples/data/iris.csv as a Dataset with species as the class.
inline Dataset iris() {
    Diagnostic d;
    const Table table = parse_csv(read_text(source_path("examples/data/iris.csv")), d);
    return make_dataset(table, "species", Target::classes, d);
}

/// Records where each field of a file is, by what it means.
class FieldLog final : public FieldObserver {
public:
    void field(const Field& f) override {
        fields.push_back({f.offset, f.size, std::string(f.what), f.index});
    }
    /// One recorded field.
    struct Entry {
        std::size_t offset, size;
        std::string what;
        std::size_t index;
    };
    std::vector<Entry> fields;
    /// Offset of the `index`th element of the first field whose meaning contains `what`.
    std::size_t offset_of(const std::string& what, std::size_t index = 0) const {
        for (const auto& e : fields)
            if (e.what.find(what) != std::string::npos && e.index == index) return e.offset;
        return static_cast<std::size_t>(-1);
    }
};

} // namespace glassbox::model::test
