// model/forest_masks.cpp: building the mask tables, and predicting with them.
// Course topic: trading a walk (a chain of dependent loads and unpredictable branches) for
// table lookups and ANDs the compiler turns into SIMD. The idea is QuickScorer's (Lucchese
// et al., SIGIR 2015), with each feature's masks precomputed for every interval of its value.
// NOTE: the results must equal forest.cpp's walk bit for bit; each trick says why it does.
#include "model/forest_masks.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "model/forest_kernel.hpp"

namespace glassbox::model {

namespace {

/// Rows predicted together: enough independent additions to hide a double add's latency.
constexpr std::size_t block_rows = 8;
/// Trees handled at a time, so one block's masks (block_rows * tree_chunk) fit in L1.
constexpr std::size_t tree_chunk = 256;

/// The bin of x among ascending thresholds t[0..n): how many t satisfy !(x <= t), the
/// test that sends a row right. For a number that is how many t lie below x; NaN goes right
/// at every split, so it lands in the last bin, n. Branch-free binary search (n >= 1): the
/// select compiles to a conditional move, so no mispredictions, whatever the data.
std::uint32_t bin_of(const float* t, std::uint32_t n, float x) noexcept {
    const float* base = t;
    while (n > 1) {
        const std::uint32_t half = n / 2;
        base = !(x <= base[half - 1]) ? base + half : base;
        n -= half;
    }
    return static_cast<std::uint32_t>(base - t) + (!(x <= *base) ? 1u : 0u);
}

/// Tree-local facts for one tree: leaf counts and in-order number of each node's leftmost leaf.
struct LeafNumbers {
    std::vector<std::uint32_t> count; ///< leaves under each node
    std::vector<std::uint32_t> first; ///< in-order number of the leftmost leaf under each node
};

LeafNumbers number_leaves(const Forest& forest, std::size_t tree) {
    const std::size_t base = forest.tree_offsets[tree];
    const std::size_t n = forest.tree_offsets[tree + 1] - base;
    LeafNumbers numbers{std::vector<std::uint32_t>(n, 1), std::vector<std::uint32_t>(n, 0)};
    // Children come after parents: counting backwards meets both children first.
    for (std::size_t i = n; i-- > 0;)
        if (forest.feature[base + i] != format::leaf)
            numbers.count[i] = numbers.count[forest.left[base + i]] + numbers.count[forest.right[base + i]];
    // Left to right: the left subtree's leaves come first, then the right one's.
    for (std::size_t i = 0; i < n; ++i) {
        if (forest.feature[base + i] == format::leaf) continue;
        numbers.first[forest.left[base + i]] = numbers.first[i];
        numbers.first[forest.right[base + i]] = numbers.first[i] + numbers.count[forest.left[base + i]];
    }
    return numbers;
}

} // namespace

// Why the lowest surviving bit is the walk's leaf. Number each tree's leaves left to right.
// When a row goes right at a split, every leaf of that split's left subtree is impossible:
// clear their bits. The walk's leaf L is never cleared (it lies in the right subtree of each
// split where the row went right on its path, and outside the subtrees of all other
// splits). Any leaf left of L is cleared: at the split where its path and L's part, it is
// on the left and the row went right. So L is the lowest set bit, whatever the bits above.
ForestMasks::ForestMasks(const Forest& forest, std::size_t budget_bytes) {
    const std::size_t n_trees = forest.n_trees();
    std::size_t most_leaves = 0, n_columns = 0;
    for (std::size_t i = 0; i < forest.node_count(); ++i) {
        if (forest.feature[i] == format::leaf) continue;
        if (std::isnan(forest.threshold[i])) return; // never <=, a bin order cannot hold it
        n_columns = std::max(n_columns, static_cast<std::size_t>(forest.feature[i]) + 1);
    }
    for (std::size_t t = 0; t < n_trees; ++t) {
        const std::size_t base = forest.tree_offsets[t];
        leaf_begin_.push_back(static_cast<std::uint32_t>(leaf_value_.size() / forest.value_width));
        const LeafNumbers numbers = number_leaves(forest, t);
        most_leaves = std::max<std::size_t>(most_leaves, numbers.count[0]);
        if (most_leaves > 64) return;
        leaf_value_.resize(leaf_value_.size() + numbers.count[0] * forest.value_width);
        double* leaves = leaf_value_.data() + leaf_begin_[t] * forest.value_width;
        for (std::size_t i = 0; i < numbers.count.size(); ++i)
            if (forest.feature[base + i] == format::leaf)
                std::copy_n(forest.value.data() + (base + i) * forest.value_width, forest.value_width,
                            leaves + numbers.first[i] * forest.value_width);
    }
    if (n_trees == 0) return;

    // Per feature, its distinct split thresholds in ascending order, as the floats a row is
    // compared with (round_down_to_float keeps every comparison's answer, see forest_kernel).
    std::vector<std::vector<float>> by_column(n_columns);
    for (std::size_t i = 0; i < forest.node_count(); ++i)
        if (forest.feature[i] != format::leaf)
            by_column[static_cast<std::size_t>(forest.feature[i])].push_back(
                round_down_to_float(forest.threshold[i]));
    threshold_begin_.push_back(0);
    for (std::size_t c = 0; c < n_columns; ++c) {
        std::vector<float>& t = by_column[c];
        if (t.empty()) continue; // a column no split reads plays no part
        std::sort(t.begin(), t.end());
        t.erase(std::unique(t.begin(), t.end()), t.end());
        feature_.push_back(static_cast<std::uint32_t>(c));
        threshold_.insert(threshold_.end(), t.begin(), t.end());
        threshold_begin_.push_back(static_cast<std::uint32_t>(threshold_.size()));
    }

    const unsigned bits = most_leaves <= 16 ? 16 : most_leaves <= 32 ? 32 : 64;
    const std::size_t bins = threshold_.size() + feature_.size(); // n thresholds make n + 1 bins
    if (bins * n_trees * (bits / 8) > budget_bytes) return;
    if (bits == 16) build_masks<std::uint16_t>(forest);
    if (bits == 32) build_masks<std::uint32_t>(forest);
    if (bits == 64) build_masks<std::uint64_t>(forest);
    mask_bits_ = bits;
    n_trees_ = n_trees;
    value_width_ = forest.value_width;
    pack_exact_integers();
}

// The table: for used feature number fi, bin b and tree t, the mask at
// (threshold_begin_[fi] + fi + b) * n_trees + t keeps the leaves of tree t that a row in bin
// b still allows, judging by feature fi alone: the AND of ~(left subtree's leaves) over the
// tree's splits on fi whose threshold is below the bin. The trees of one (fi, b) are
// contiguous, so a row's AND over trees is one straight loop, which compilers vectorize.
template <class Mask> void ForestMasks::build_masks(const Forest& forest) {
    const std::size_t n_trees = forest.n_trees();
    std::vector<Mask> table((threshold_.size() + feature_.size()) * n_trees, static_cast<Mask>(~Mask{0}));
    std::vector<std::uint32_t> column_index(feature_.empty() ? 0 : feature_.back() + 1);
    for (std::uint32_t fi = 0; fi < feature_.size(); ++fi) column_index[feature_[fi]] = fi;
    // First each split clears its left leaves in the one bin just above its threshold...
    for (std::size_t t = 0; t < n_trees; ++t) {
        const std::size_t base = forest.tree_offsets[t];
        const LeafNumbers numbers = number_leaves(forest, t);
        for (std::size_t i = 0; i < numbers.count.size(); ++i) {
            if (forest.feature[base + i] == format::leaf) continue;
            const std::uint32_t fi = column_index[static_cast<std::size_t>(forest.feature[base + i])];
            const float* first = threshold_.data() + threshold_begin_[fi];
            const float* last = threshold_.data() + threshold_begin_[fi + 1];
            const auto index =
                std::lower_bound(first, last, round_down_to_float(forest.threshold[base + i])) - first;
            const std::uint32_t left = forest.left[base + i];
            // count[left] < 64 leaves, so the shift is defined.
            const std::uint64_t left_leaves = ((std::uint64_t{1} << numbers.count[left]) - 1)
                                              << numbers.first[left];
            table[(threshold_begin_[fi] + fi + index + 1) * n_trees + t] &= static_cast<Mask>(~left_leaves);
        }
    }
    // ...then every higher bin inherits the exclusions of the bins below it.
    for (std::uint32_t fi = 0; fi < feature_.size(); ++fi)
        for (std::size_t b = threshold_begin_[fi] + fi + 1; b <= threshold_begin_[fi + 1] + fi; ++b)
            for (std::size_t t = 0; t < n_trees; ++t) table[b * n_trees + t] &= table[(b - 1) * n_trees + t];
    if constexpr (sizeof(Mask) == 2) masks16_ = std::move(table);
    if constexpr (sizeof(Mask) == 4) masks32_ = std::move(table);
    if constexpr (sizeof(Mask) == 8) masks64_ = std::move(table);
}

// NOTE: exact arithmetic makes order irrelevant. Forest::accumulate adds leaf values in
// tree order, in double, and each add may round, so in general only that order gives its
// bits. But if every value is a whole multiple of 2^-q, every partial sum is one too, and
// while it stays below 2^53 * 2^-q a double holds it exactly: no add ever rounds. Then the
// sum in any order, even as integers, is the same number. Iris forests have pure leaves (0
// or 1): with q = 0 a row's class votes add up as small integers, three classes side by
// side in one 64-bit word, one add per tree.
void ForestMasks::pack_exact_integers() {
    constexpr int max_q = 32;
    int q = 0;
    for (const double v : leaf_value_) {
        if (!(v >= 0.0 && v <= 1e9)) return; // negative, huge, inf or NaN: stay with doubles
        while (q <= max_q && std::ldexp(v, q) != std::floor(std::ldexp(v, q))) ++q;
        if (q > max_q) return;
    }
    // The largest sum a row can reach, over all classes: each tree gives at most its max.
    std::uint64_t largest = 0;
    for (std::size_t t = 0; t < n_trees_; ++t) {
        const std::size_t end = t + 1 < n_trees_ ? leaf_begin_[t + 1] : leaf_value_.size() / value_width_;
        double most = 0.0;
        for (std::size_t i = leaf_begin_[t] * value_width_; i < end * value_width_; ++i)
            most = std::max(most, std::ldexp(leaf_value_[i], q));
        largest += static_cast<std::uint64_t>(most);
        if (largest >= (std::uint64_t{1} << 53)) return;
    }
    const unsigned bits = static_cast<unsigned>(std::bit_width(largest)); // no field overflows into the next
    if (bits * value_width_ > 64) return;
    for (std::size_t leaf = 0; leaf < leaf_value_.size() / value_width_; ++leaf) {
        std::uint64_t word = 0;
        for (std::size_t k = 0; k < value_width_; ++k)
            word |= static_cast<std::uint64_t>(std::ldexp(leaf_value_[leaf * value_width_ + k], q))
                    << (k * bits);
        packed_.push_back(word);
    }
    field_bits_ = bits;
    unit_ = std::ldexp(1.0, -q);
}

template <class Mask> const Mask* ForestMasks::masks() const noexcept {
    if constexpr (sizeof(Mask) == 2)
        return masks16_.data();
    else if constexpr (sizeof(Mask) == 4)
        return masks32_.data();
    else
        return masks64_.data();
}

void ForestMasks::sum_trees(const float* x, std::size_t rows, std::size_t n_features,
                            double* sums) const noexcept {
    for (std::size_t first = 0; first < rows; first += block_rows) {
        const std::size_t count = std::min(block_rows, rows - first);
        const float* xb = x + first * n_features;
        double* sb = sums + first * value_width_;
        if (mask_bits_ == 16) sum_block<std::uint16_t>(xb, count, n_features, sb);
        if (mask_bits_ == 32) sum_block<std::uint32_t>(xb, count, n_features, sb);
        if (mask_bits_ == 64) sum_block<std::uint64_t>(xb, count, n_features, sb);
    }
}

template <class Mask>
void ForestMasks::sum_block(const float* x, std::size_t rows, std::size_t n_features,
                            double* sums) const noexcept {
    Mask alive[block_rows * tree_chunk]; // per row, per tree: the leaves still possible
    std::uint64_t packed_sum[block_rows] = {};
    const std::size_t width = value_width_;
    std::fill(sums, sums + rows * width, 0.0);
    for (std::size_t t0 = 0; t0 < n_trees_; t0 += tree_chunk) {
        const std::size_t trees = std::min(tree_chunk, n_trees_ - t0);
        std::fill(alive, alive + rows * tree_chunk, static_cast<Mask>(~Mask{0}));
        // Feature by feature, row by row: the rows' searches are independent, so they overlap.
        for (std::size_t fi = 0; fi < feature_.size(); ++fi) {
            const float* thresholds = threshold_.data() + threshold_begin_[fi];
            const std::uint32_t n = threshold_begin_[fi + 1] - threshold_begin_[fi];
            const Mask* bin0 = masks<Mask>() + (threshold_begin_[fi] + fi) * n_trees_ + t0;
            for (std::size_t r = 0; r < rows; ++r) {
                const Mask* m = bin0 + bin_of(thresholds, n, x[r * n_features + feature_[fi]]) * n_trees_;
                Mask* a = alive + r * tree_chunk;
                for (std::size_t t = 0; t < trees; ++t) a[t] &= m[t]; // vectorized: 8 or 16 trees per AND
            }
        }
        if (!packed_.empty()) {
            // Integer adds are exact (see pack_exact_integers): one add per tree, all classes at once.
            for (std::size_t r = 0; r < rows; ++r)
                for (std::size_t t = 0; t < trees; ++t)
                    packed_sum[r] +=
                        packed_[leaf_begin_[t0 + t] + std::countr_zero(alive[r * tree_chunk + t])];
            continue;
        }
        // Doubles: tree order within each row, as Forest::accumulate. Trees outside, rows
        // inside, so the rows' add chains are independent and overlap in the pipeline.
        for (std::size_t t = 0; t < trees; ++t) {
            for (std::size_t r = 0; r < rows; ++r) {
                const std::size_t leaf = leaf_begin_[t0 + t] + std::countr_zero(alive[r * tree_chunk + t]);
                for (std::size_t k = 0; k < width; ++k) sums[r * width + k] += leaf_value_[leaf * width + k];
            }
        }
    }
    if (packed_.empty()) return;
    const std::uint64_t field = (std::uint64_t{1} << field_bits_) - 1;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t k = 0; k < width; ++k)
            sums[r * width + k] = static_cast<double>((packed_sum[r] >> (k * field_bits_)) & field) * unit_;
}

} // namespace glassbox::model
