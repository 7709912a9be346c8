// Performance layer: skip on first reading; the reference is src/model/model.cpp:82.
// model/fast/forest_masks_build.cpp: laying out the mask tables, once, when a model loads.
// Course topic: trading a walk (a chain of dependent loads and unpredictable branches) for
// table lookups and ANDs the compiler turns into SIMD. The idea is QuickScorer's (Lucchese
// et al., SIGIR 2015), with each feature's masks precomputed for every interval of its value.
// NOTE: the results must equal Forest::accumulate's walk bit for bit; each trick says why it does.
#include "model/fast/forest_masks.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "model/fast/float_rounding.hpp"

namespace glassbox::model::fast {

namespace {

/// Tree-local facts for one tree: leaf counts and in-order number of each node's leftmost leaf.
/// In size_t: a tree of n nodes has at most n leaves, so neither can wrap.
struct LeafNumbers {
    std::vector<std::size_t> count; ///< leaves under each node
    std::vector<std::size_t> first; ///< in-order number of the leftmost leaf under each node
};

/// Requires a tree (Forest::shape_fault() says none): in a graph with shared nodes the
/// counts below would count paths, not leaves.
LeafNumbers number_leaves(const Forest& forest, std::size_t tree) {
    const std::size_t base = forest.tree_offsets[tree];
    const std::size_t n = forest.tree_offsets[tree + 1] - base;
    LeafNumbers numbers{std::vector<std::size_t>(n, 1), std::vector<std::size_t>(n, 0)};
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
        // load() refuses such files; a Forest built wrong in memory gets the walk, which
        // needs only children after parents, instead of tables whose leaf counts are paths.
        if (forest.shape_fault(t).kind != ShapeFault::Kind::none) {
            *this = ForestMasks(); // empty, and no half-built arrays kept
            return;
        }
        leaf_begin_.push_back(static_cast<std::uint32_t>(leaf_value_.size() / forest.value_width));
        const LeafNumbers numbers = number_leaves(forest, t);
        most_leaves = std::max<std::size_t>(most_leaves, numbers.count[0]);
        if (most_leaves > 64) {
            *this = ForestMasks();
            return;
        }
        leaf_value_.resize(leaf_value_.size() + numbers.count[0] * forest.value_width);
        double* leaves = leaf_value_.data() + leaf_begin_[t] * forest.value_width;
        for (std::size_t i = 0; i < numbers.count.size(); ++i) {
            if (forest.feature[base + i] != format::leaf) continue;
            // In a tree each leaf's number is below the root's leaf count; checked all the
            // same, as every index here is, since a write past the table is not recoverable.
            if (numbers.first[i] >= numbers.count[0]) {
                *this = ForestMasks();
                return;
            }
            std::copy_n(forest.value.data() + (base + i) * forest.value_width, forest.value_width,
                        leaves + numbers.first[i] * forest.value_width);
        }
    }
    if (n_trees == 0) return;

    // Per feature, its distinct split thresholds in ascending order, as the floats a row is
    // compared with (round_down_to_float keeps every comparison's answer, see float_rounding.hpp).
    std::vector<std::vector<float>> by_column(n_columns);
    for (std::size_t i = 0; i < forest.node_count(); ++i)
        if (forest.feature[i] != format::leaf)
            by_column[static_cast<std::size_t>(forest.feature[i])].push_back(
                round_down_to_float(forest.threshold[i]));
    std::size_t bins = 0;
    for (std::size_t c = 0; c < n_columns; ++c) {
        std::vector<float>& t = by_column[c];
        if (t.empty()) continue; // a column no split reads plays no part
        std::sort(t.begin(), t.end());
        t.erase(std::unique(t.begin(), t.end()), t.end());
        used_.push_back({static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(threshold_.size()),
                         static_cast<std::uint32_t>(t.size()), static_cast<std::uint32_t>(bins)});
        threshold_.insert(threshold_.end(), t.begin(), t.end());
        bins += t.size() + 1; // n thresholds make n + 1 bins
    }

    const unsigned bits = most_leaves <= 16 ? 16 : most_leaves <= 32 ? 32 : 64;
    const std::size_t stride = (n_trees + tree_multiple - 1) / tree_multiple * tree_multiple;
    if (bins * stride * (bits / 8) > budget_bytes) {
        *this = ForestMasks();
        return;
    }
    mask_bits_ = bits;
    n_trees_ = n_trees;
    tree_stride_ = stride;
    value_width_ = forest.value_width;
    if (bits == 16) build_masks<std::uint16_t>(forest);
    if (bits == 32) build_masks<std::uint32_t>(forest);
    if (bits == 64) build_masks<std::uint64_t>(forest);
}

// The table: for used feature number fi, bin b and tree t, the mask at
// (used_[fi].bin_begin + b) * tree_stride_ + t keeps the leaves of tree t that a row in bin
// b still allows, judging by feature fi alone: the AND of ~(left subtree's leaves) over the
// tree's splits on fi whose threshold is below the bin. The trees of one (fi, b) are
// contiguous, so a row's AND over trees is one straight loop, which compilers vectorize.
template <class Mask> void ForestMasks::build_masks(const Forest& forest) {
    const std::size_t n_trees = forest.n_trees(), stride = tree_stride_;
    // Padding trees past n_trees keep all-ones masks: each row finds leaf 0 there.
    const std::size_t bins = used_.empty() ? 0 : used_.back().bin_begin + used_.back().threshold_count + 1;
    std::vector<Mask> table(bins * stride, static_cast<Mask>(~Mask{0}));
    std::vector<std::uint32_t> column_index(used_.empty() ? 0 : used_.back().column + 1);
    for (std::uint32_t fi = 0; fi < used_.size(); ++fi) column_index[used_[fi].column] = fi;
    // First each split clears its left leaves in the one bin just above its threshold...
    for (std::size_t t = 0; t < n_trees; ++t) {
        const std::size_t base = forest.tree_offsets[t];
        const LeafNumbers numbers = number_leaves(forest, t);
        for (std::size_t i = 0; i < numbers.count.size(); ++i) {
            if (forest.feature[base + i] == format::leaf) continue;
            const UsedFeature& used = used_[column_index[static_cast<std::size_t>(forest.feature[base + i])]];
            const float* first = threshold_.data() + used.threshold_begin;
            const float* last = first + used.threshold_count;
            const auto index =
                std::lower_bound(first, last, round_down_to_float(forest.threshold[base + i])) - first;
            const std::uint32_t left = forest.left[base + i];
            // count[left] < 64 leaves, so the shift is defined.
            const std::uint64_t left_leaves = ((std::uint64_t{1} << numbers.count[left]) - 1)
                                              << numbers.first[left];
            table[(used.bin_begin + index + 1) * stride + t] &= static_cast<Mask>(~left_leaves);
        }
    }
    // ...then every higher bin inherits the exclusions of the bins below it.
    for (const UsedFeature& used : used_)
        for (std::size_t b = used.bin_begin + 1; b <= used.bin_begin + used.threshold_count; ++b)
            for (std::size_t t = 0; t < n_trees; ++t) table[b * stride + t] &= table[(b - 1) * stride + t];
    // One row of all-ones masks: the "feature" that pads the last group of four (sum_block).
    ones_begin_ = table.size();
    table.resize(table.size() + stride, static_cast<Mask>(~Mask{0}));
    add_value_planes(table);
    if constexpr (sizeof(Mask) == 2) masks16_ = std::move(table);
    if constexpr (sizeof(Mask) == 4) masks32_ = std::move(table);
    if constexpr (sizeof(Mask) == 8) masks64_ = std::move(table);
}

// NOTE: exact arithmetic makes order irrelevant. Forest::accumulate adds leaf values in
// tree order, in double, and each add may round, so in general only that order gives its
// bits. But if every value is a whole multiple of 2^-q, every partial sum is one too, and
// while it stays below 2^53 * 2^-q a double holds it exactly: no add ever rounds. Then the
// sum in any order, even counted as integers, is the same number. Iris forests have pure
// leaves (0 or 1): with q = 0 a row's sum for a class is the count of trees voting for it.
//
// Counting without looking leaves up: write each leaf's integer value v = sum_j 2^j bit_j
// in binary and give each (class, bit j) a "value plane": per tree, the mask of leaves whose
// bit j is 1. Once a row's mask keeps only its leaf's bit, (leaf & plane) != 0 says whether
// that tree adds 2^j; counting that over the trees is a straight vectorizable loop.
template <class Mask> void ForestMasks::add_value_planes(std::vector<Mask>& table) {
    constexpr int max_q = 32;
    int q = 0;
    for (const double v : leaf_value_) {
        if (!(v >= 0.0 && v <= 1e9)) return; // negative, huge, inf or NaN: stay with doubles
        while (q <= max_q && std::ldexp(v, q) != std::floor(std::ldexp(v, q))) ++q;
        if (q > max_q) return;
    }
    // The largest sum a row can reach, in units of 2^-q: each tree gives at most its max.
    std::uint64_t largest = 0, largest_leaf = 0;
    for (std::size_t t = 0; t < n_trees_; ++t) {
        std::uint64_t most = 0;
        for (std::size_t i = leaf_begin_[t] * value_width_; i < leaf_end(t) * value_width_; ++i)
            most = std::max(most, static_cast<std::uint64_t>(std::ldexp(leaf_value_[i], q)));
        largest += most;
        largest_leaf = std::max(largest_leaf, most);
        if (largest >= (std::uint64_t{1} << 53)) return;
    }
    const auto bits = static_cast<std::size_t>(std::bit_width(largest_leaf));
    // NOTE: a classifier's leaves hold class fractions that add up to one. When every leaf's
    // values add up to the same number of units, each row's classes add up to n_trees_
    // times that, so the last class needs no planes: its sum is what the others leave. All
    // of it in integers below 2^53, so exact, as the planes are.
    std::uint64_t leaf_total = 0;
    bool same_total = value_width_ > 1;
    for (std::size_t leaf = 0; same_total && leaf < leaf_value_.size() / value_width_; ++leaf) {
        std::uint64_t total = 0; // each value is below 2^53 (see largest), so no overflow
        for (std::size_t k = 0; k < value_width_ && total < (std::uint64_t{1} << 53); ++k)
            total += static_cast<std::uint64_t>(std::ldexp(leaf_value_[leaf * value_width_ + k], q));
        if (leaf == 0) leaf_total = total;
        same_total = total == leaf_total && total < (std::uint64_t{1} << 53) / n_trees_;
    }
    const std::size_t planed = same_total ? value_width_ - 1 : value_width_;
    if (planed * bits > max_planes) return;
    plane_begin_ = table.size();
    for (std::size_t k = 0; k < planed; ++k) {
        for (std::size_t j = 0; j < bits; ++j) {
            for (std::size_t t = 0; t < tree_stride_; ++t) {
                Mask plane = 0; // and 0 for padding trees: they add nothing
                if (t >= n_trees_) {
                    table.push_back(plane);
                    continue;
                }
                for (std::size_t leaf = leaf_begin_[t]; leaf < leaf_end(t); ++leaf) {
                    const auto v =
                        static_cast<std::uint64_t>(std::ldexp(leaf_value_[leaf * value_width_ + k], q));
                    if ((v >> j) & 1) plane |= static_cast<Mask>(Mask{1} << (leaf - leaf_begin_[t]));
                }
                table.push_back(plane);
            }
        }
    }
    value_bits_ = bits;
    planed_width_ = planed;
    row_total_ = same_total ? static_cast<std::int64_t>(leaf_total * n_trees_) : 0;
    unit_ = std::ldexp(1.0, -q);
    exact_ = true;
}

std::size_t ForestMasks::leaf_end(std::size_t tree) const noexcept {
    return tree + 1 < leaf_begin_.size() ? leaf_begin_[tree + 1] : leaf_value_.size() / value_width_;
}

} // namespace glassbox::model::fast
