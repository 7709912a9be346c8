// Performance layer: skip on first reading; the reference is src/model/model.cpp:99.
// model/fast/packed_forest.cpp: predict in chunks; mask tables or a walk; the walk itself.
// Course topic: why the straightforward walk (Forest::accumulate in model.cpp) is slow, and three fixes (the
// fourth, no walk at all, is the mask tables; this walk serves trees over 64 leaves).
// NOTE: a walk is a chain of dependent loads (node, then input, then the next node), and
// each split is a coin toss the branch predictor loses half the time. Walking many
// independent chains side by side lets the CPU overlap their loads; fixed step counts and
// a select instead of an `if` leave nothing to mispredict.
#include "model/fast/packed_forest.hpp"

#include <algorithm>

#include "model/fast/float_rounding.hpp"

namespace glassbox::model::fast {

namespace {

/// Rows converted and summed per chunk: bounds predict()'s scratch for any batch size.
constexpr std::size_t chunk_rows = 1024;
/// Rows walked together through one tree: their indices fit in a few cache lines.
constexpr std::size_t block_rows = 64;
/// Below this many rows a batch is walked row by row, where a block of rows would have too
/// few independent walks to overlap.
constexpr std::size_t min_block_rows = 8;

} // namespace

// The reference divides each row's sum by the number of trees and picks the largest class;
// so does this, a chunk of rows at a time, with the sums from sum_trees().
void PackedForest::predict(std::span<const double> X, std::size_t rows, std::size_t n_features,
                           bool regressor, std::span<double> out_values,
                           std::span<double> out_probabilities) const {
    const std::size_t n = n_features;
    const std::size_t width = value_width_;
    // Rows go to sum_trees a chunk at a time; scratch for one chunk, reused for every
    // chunk: the float-cast inputs (see float_rounding.hpp) and the per-row sums.
    const std::size_t chunk = std::min(rows, chunk_rows);
    std::vector<float> x32(chunk * n);
    std::vector<double> sums(chunk * width);
    const double trees = static_cast<double>(n_trees_);
    for (std::size_t first = 0; first < rows; first += chunk) {
        const std::size_t count = std::min(chunk, rows - first);
        for (std::size_t i = 0; i < count * n; ++i) x32[i] = to_float32(X[first * n + i]);
        sum_trees(x32, count, n, sums);
        // The mean over the trees, as scikit-learn divides: one flat loop over the chunk
        // (the compiler vectorizes it), then one copy of the whole block.
        for (std::size_t i = 0; i < count * width; ++i) sums[i] /= trees;
        if (regressor) {
            std::copy_n(sums.begin(), count, out_values.begin() + static_cast<std::ptrdiff_t>(first));
            continue;
        }
        for (std::size_t r = 0; r < count; ++r) {
            const double* sum = sums.data() + r * width;
            std::size_t best = 0;
            for (std::size_t c = 1; c < width; ++c)
                if (sum[c] > sum[best]) best = c;
            out_values[first + r] = static_cast<double>(best);
        }
        if (!out_probabilities.empty()) // width == n_classes for classifiers: the same layout
            std::copy_n(sums.begin(), count * width,
                        out_probabilities.begin() + static_cast<std::ptrdiff_t>(first * width));
    }
}

PackedForest::PackedForest(const Forest& forest, std::size_t mask_budget_bytes)
    : value_width_(forest.value_width), n_trees_(forest.n_trees()), masks_(forest, mask_budget_bytes) {
    if (!masks_.empty()) return;
    nodes_.resize(forest.node_count());
    value_.assign(forest.value.begin(), forest.value.end());
    std::vector<std::uint32_t> node_depth(forest.node_count(), 0);
    for (std::size_t t = 0; t < forest.n_trees(); ++t) {
        const std::uint32_t base = forest.tree_offsets[t];
        std::uint32_t deepest = 0;
        for (std::uint32_t i = base; i < forest.tree_offsets[t + 1]; ++i) {
            if (forest.feature[i] == format::leaf) {
                // A leaf leads to itself whichever way the comparison goes.
                nodes_[i] = {0.0f, 0, {i, i}};
                deepest = std::max(deepest, node_depth[i]);
                continue;
            }
            nodes_[i] = {round_down_to_float(forest.threshold[i]),
                         static_cast<std::uint32_t>(forest.feature[i]), base + forest.left[i],
                         base + forest.right[i]};
            // Parents come first, so a node's depth is known before its children are met.
            node_depth[base + forest.left[i]] = node_depth[i] + 1;
            node_depth[base + forest.right[i]] = node_depth[i] + 1;
        }
        root_.push_back(base);
        depth_.push_back(deepest);
    }
}

void PackedForest::sum_trees(std::span<const float> x, std::size_t rows, std::size_t n_features,
                             std::span<double> sums) const noexcept {
    if (!masks_.empty()) {
        masks_.sum_trees(x.data(), rows, n_features, sums.data());
        return;
    }
    std::fill(sums.begin(), sums.begin() + static_cast<std::ptrdiff_t>(rows * value_width_), 0.0);
    if (rows < min_block_rows) {
        for (std::size_t r = 0; r < rows; ++r)
            walk_row(x.data() + r * n_features, sums.data() + r * value_width_);
        return;
    }
    for (std::size_t first = 0; first < rows; first += block_rows) {
        const std::size_t count = std::min(block_rows, rows - first);
        walk_rows(x.data() + first * n_features, count, n_features, sums.data() + first * value_width_);
    }
}

// Tree-major: each tree takes the whole block before the next tree starts, so its nodes
// stay in cache while the block's rows walk it. Within one step the rows are independent,
// so their loads overlap.
// NOTE: the shipped iris forest never comes here: its trees have at most 15 leaves, so it
// takes the mask tables (forest_masks_sum.cpp). This walk serves deeper trees.
void PackedForest::walk_rows(const float* x, std::size_t rows, std::size_t n_features,
                             double* sums) const noexcept {
    std::uint32_t at[block_rows];
    const std::size_t width = value_width_;
    for (std::size_t t = 0; t < root_.size(); ++t) {
        for (std::size_t r = 0; r < rows; ++r) at[r] = root_[t];
        for (std::uint32_t step = 0; step < depth_[t]; ++step) {
            for (std::size_t r = 0; r < rows; ++r) {
                const Node& n = nodes_[at[r]];
                // An index, not a branch: leaves point at themselves, so no `if leaf` either.
                const bool go_right = !(x[r * n_features + n.feature] <= n.threshold);
                at[r] = n.child[go_right];
            }
        }
        // Trees are added in order, row by row: the same sums, bit for bit, as Forest::accumulate.
        for (std::size_t r = 0; r < rows; ++r) {
            const double* v = value_.data() + std::size_t{at[r]} * width;
            for (std::size_t k = 0; k < width; ++k) sums[r * width + k] += v[k];
        }
    }
}

// One row (the server's usual request): the plain walk of Forest::accumulate on the compact nodes,
// stopping at each leaf. Measured: for a lone row this beats walking all trees a fixed
// number of steps, since the early stop saves more than the branches cost.
void PackedForest::walk_row(const float* x, double* sums) const noexcept {
    const std::size_t width = value_width_;
    for (const std::uint32_t root : root_) {
        std::uint32_t at = root;
        while (nodes_[at].child[0] != at) { // only a leaf is its own child
            const Node& n = nodes_[at];
            at = x[n.feature] <= n.threshold ? n.child[0] : n.child[1];
        }
        const double* v = value_.data() + std::size_t{at} * width;
        for (std::size_t k = 0; k < width; ++k) sums[k] += v[k];
    }
}

} // namespace glassbox::model::fast
