// tests/fuzz/model_trees_fuzz.cpp: structure-aware libFuzzer target for the forest checks.
// Course topic: loading a model you do not trust. Random bytes almost never pass the CRC,
// so the plain model_loader target rarely reaches the tree checks. This one writes a valid
// header, metadata and CRC around tree arrays made from the input, then, for each file the
// loader accepts, predicts with every forest packed: the mask tables, the walk of
// fast/packed_forest.cpp (one row, and blocks of rows) and the textbook walk (Forest::accumulate, model.cpp);
// all must give the same sums, bit for bit. Input: see read_forest below.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "model/fast/packed_forest.hpp"
#include "model/file.hpp"
#include "support/forest_bytes.hpp"

namespace {

using namespace glassbox::model;
using namespace glassbox::model::fast;
using glassbox::model::test::RawTree;

/// Reads the fuzzer's bytes one at a time; zeros once they run out.
class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::uint8_t next() { return at_ < size_ ? data_[at_++] : 0; }
    bool done() const { return at_ >= size_; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

/// A node's fields from the input. Leaves have zero threshold and children, as load() wants.
void add_node(RawTree& t, Bytes& in, bool is_leaf, std::size_t n_features, std::size_t width) {
    t.feature.push_back(is_leaf ? format::leaf : static_cast<std::int32_t>(in.next() % n_features));
    t.threshold.push_back(is_leaf ? 0.0 : (static_cast<double>(in.next()) - 128.0) / 16.0);
    t.left.push_back(0);
    t.right.push_back(0);
    const std::uint8_t v = in.next();
    for (std::size_t k = 0; k < width; ++k) {
        double value = 0.0;
        if (is_leaf)
            value = width == 1 ? (static_cast<double>(v) - 128.0) / 8.0 // a regressor's mean
                               : (v % width == k ? 0.75 : 0.25 / static_cast<double>(width - 1));
        t.value.push_back(value);
    }
}

/// A tree grown breadth first, so children always follow parents: every byte that is odd
/// splits the next open node, an even byte makes it a leaf. Then up to four patches, each
/// (node, field, value), turn it into whatever an attacker likes: shared children, a child
/// before its parent, a leaf with children, a feature out of range.
RawTree read_tree(Bytes& in, std::size_t n_features, std::size_t width) {
    RawTree t;
    const std::size_t max_nodes = 1 + in.next() % 140; // past 64 leaves: the walk, not masks
    std::vector<std::size_t> open{0};
    add_node(t, in, true, n_features, width);
    for (std::size_t o = 0; o < open.size(); ++o) {
        const std::size_t i = open[o];
        if (t.feature.size() + 2 > max_nodes || in.next() % 2 == 0) continue;
        const std::size_t left = t.feature.size();
        t.feature[i] = static_cast<std::int32_t>(in.next() % n_features);
        t.threshold[i] = (static_cast<double>(in.next()) - 128.0) / 16.0;
        t.left[i] = static_cast<std::uint32_t>(left);
        t.right[i] = static_cast<std::uint32_t>(left + 1);
        for (std::size_t k = 0; k < width; ++k) t.value[i * width + k] = 0.0;
        add_node(t, in, true, n_features, width);
        add_node(t, in, true, n_features, width);
        open.push_back(left);
        open.push_back(left + 1);
    }
    const std::size_t n = t.feature.size();
    const std::size_t patches = in.next() % 5;
    for (std::size_t p = 0; p < patches; ++p) {
        const std::size_t node = in.next() % n;
        const std::uint8_t field = in.next() % 4, value = in.next();
        if (field == 0) t.left[node] = value % (n + 1);
        if (field == 1) t.right[node] = value % (n + 1);
        if (field == 2) t.feature[node] = static_cast<std::int32_t>(value % (n_features + 2)) - 1;
        if (field == 3) t.left[node] = t.right[node]; // the same child on both sides
    }
    return t;
}

/// Rows of the input's values, some on the thresholds' grid, some NaN or huge.
std::vector<float> read_rows(Bytes& in, std::size_t rows, std::size_t n_features) {
    std::vector<float> x(rows * n_features);
    for (float& v : x) {
        const std::uint8_t b = in.next();
        v = b == 255 ? NAN : b == 254 ? 1e30f : (static_cast<float>(b) - 128.0f) / 16.0f;
    }
    return x;
}

/// The textbook walk's sums for each row (Forest::accumulate), the reference for the kernels.
std::vector<double> reference_sums(const Forest& f, const std::vector<float>& x, std::size_t rows,
                                   std::size_t n_features) {
    std::vector<double> sums(rows * f.value_width, 0.0), row(n_features);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < n_features; ++j) row[j] = static_cast<double>(x[r * n_features + j]);
        f.accumulate(row, std::span(sums).subspan(r * f.value_width, f.value_width));
    }
    return sums;
}

/// Equal bit for bit (NaN never appears: leaves are finite, and so are their sums here).
bool same(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Bytes in(data, size);
    const std::size_t n_features = 1 + in.next() % 4;
    const std::size_t n_classes = in.next() % 4; // 0 or 1: a regressor; else that many classes
    const std::size_t width = n_classes < 2 ? 1 : n_classes;
    std::vector<std::string> classes;
    for (std::size_t c = 0; n_classes >= 2 && c < n_classes; ++c) classes.push_back("c" + std::to_string(c));
    std::vector<RawTree> trees(1 + in.next() % 3);
    for (RawTree& t : trees) t = read_tree(in, n_features, width);

    Diagnostic diagnostic;
    const Model model = load(test::forest_file(n_features, classes, trees), diagnostic);
    if (diagnostic) {
        if (diagnostic.message.empty()) std::abort(); // every refusal explains itself
        return 0;
    }
    const Forest& forest = *model.forest();
    for (const std::size_t rows : {std::size_t{1}, std::size_t{3}, std::size_t{9}, std::size_t{70}}) {
        const std::vector<float> x = read_rows(in, rows, n_features);
        const std::vector<double> expected = reference_sums(forest, x, rows, n_features);
        // The shipped choice (masks when the forest fits them), then the walk alone.
        for (const std::size_t budget : {ForestMasks::default_budget_bytes, std::size_t{0}}) {
            const PackedForest packed(forest, budget);
            std::vector<double> sums(rows * width, -1.0);
            packed.sum_trees(x, rows, n_features, sums);
            if (!same(sums, expected)) std::abort();
        }
        // predict() itself: class indices in range, finite outputs.
        std::vector<double> X(x.begin(), x.end()), values(rows),
            probabilities(model.is_classifier() ? rows * width : 0);
        model.predict(X, rows, values, probabilities);
        for (const double v : values)
            if (model.is_classifier() && !(v >= 0 && v < static_cast<double>(width))) std::abort();
    }
    return 0;
}
