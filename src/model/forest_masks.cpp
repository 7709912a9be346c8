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
/// Trees per table row are padded to a multiple of this (32 bytes of 16-bit masks, one AVX2
/// register), so the vectorized loops never end in a scalar remainder. Divides tree_chunk.
constexpr std::size_t tree_multiple = 16;
/// The most value planes (classes * bits per value) the exact path uses; beyond that the
/// double path costs less.
constexpr std::size_t max_planes = 64;

/// Up to this many thresholds a bin is found by counting them all, past it by binary search.
constexpr std::uint32_t max_counted_thresholds = 64;

/// The bin of x among ascending thresholds t[0..n): how many t satisfy !(x <= t), the
/// test that sends a row right. For a number that is how many t lie below x; NaN goes right
/// at every split, so it lands in the last bin, n. A binary search, branch-free, for n >= 1.
std::uint32_t bin_of(const float* t, std::uint32_t n, float x) noexcept {
    // Arithmetic, not `?:`: g++ compiles a select on a float compare to a branch, which
    // would mispredict half the time.
    const float* base = t;
    while (n > 1) {
        const std::uint32_t half = n / 2;
        base += half & (0u - static_cast<std::uint32_t>(!(x <= base[half - 1])));
        n -= half;
    }
    return static_cast<std::uint32_t>(base - t) + (!(x <= *base) ? 1u : 0u);
}

/// bin_of for x[0..rows), rows <= block_rows.
void bins_of(const float* t, std::uint32_t n, const float* x, std::size_t rows, std::uint32_t* bin) noexcept {
    if (n > max_counted_thresholds) {
        for (std::size_t r = 0; r < rows; ++r) bin[r] = bin_of(t, n, x[r]);
        return;
    }
    // Few thresholds (iris has 22 to 29 per feature): count them all. No step waits for
    // another, and the compiler turns the loops into SIMD compares: across the rows for a
    // whole block, across the thresholds for a part block (a request of a few rows).
    if (rows == block_rows) {
        std::uint32_t count[block_rows] = {};
        for (std::uint32_t i = 0; i < n; ++i)
            for (std::size_t r = 0; r < block_rows; ++r) count[r] += !(x[r] <= t[i]) ? 1u : 0u;
        std::copy_n(count, block_rows, bin);
        return;
    }
    for (std::size_t r = 0; r < rows; ++r) {
        std::uint32_t count = 0;
        for (std::uint32_t i = 0; i < n; ++i) count += !(x[r] <= t[i]) ? 1u : 0u;
        bin[r] = count;
    }
}

/// One row's AND pass over `trees` trees: a[t] becomes the AND of the four masks m[j][t],
/// and of a[t] itself after the first pass; on the last pass, only its lowest set bit.
template <bool first, bool last, class Mask>
void and_pass(const Mask* const* m, std::size_t trees, Mask* a) noexcept {
    for (std::size_t t = 0; t < trees; ++t) {
        Mask v = m[0][t] & m[1][t] & m[2][t] & m[3][t];
        if constexpr (!first) v &= a[t];
        // v & -v keeps only the lowest set bit: the row's leaf (two's complement).
        if constexpr (last) v &= static_cast<Mask>(0 - v);
        a[t] = v;
    }
}

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

/// The in-order number of the lowest set bit of a mask that is never zero (the walk's leaf
/// always survives). Bit 63 is set as well so the compiler knows the word is not zero and
/// drops std::countr_zero's zero test; a real leaf, always at or below bit 63, still wins.
template <class Mask> std::size_t lowest_leaf(Mask alive) noexcept {
    return static_cast<std::size_t>(std::countr_zero(std::uint64_t{alive} | (std::uint64_t{1} << 63)));
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
    // compared with (round_down_to_float keeps every comparison's answer, see forest_kernel).
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

template <class Mask> const Mask* ForestMasks::masks() const noexcept {
    if constexpr (sizeof(Mask) == 2)
        return masks16_.data();
    else if constexpr (sizeof(Mask) == 4)
        return masks32_.data();
    else
        return masks64_.data();
}

// NOTE: two builds of this function (function multiversioning): one for AVX2, picked at
// load time on CPUs that have it, where the vectorized loops below take 16 masks per
// instruction instead of 8; and one for any x86-64. `flatten` inlines sum_block into each.
// Only sum_trees, below it in this file, calls it: clang 14 names the dispatcher differently
// from g++, so a call from another file would not link (tests/fuzz builds with clang).
[[gnu::target_clones("avx2", "default"), gnu::flatten]] void
ForestMasks::sum_blocks(const float* x, std::size_t rows, std::size_t n_features,
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

void ForestMasks::sum_trees(const float* x, std::size_t rows, std::size_t n_features,
                            double* sums) const noexcept {
    sum_blocks(x, rows, n_features, sums);
}

// Where the masks of used feature fi start, for each row of a block: at the table row of
// the bin the row's value falls in; at the all-ones row when fi is past the last used feature.
void ForestMasks::bin_offsets(const float* x, std::size_t rows, std::size_t n_features, std::size_t fi,
                              std::size_t* offset) const noexcept {
    if (fi >= used_.size()) {
        std::fill_n(offset, block_rows, ones_begin_);
        return;
    }
    const UsedFeature& used = used_[fi];
    float column[block_rows] = {}; // rows past `rows` get a bin too (of 0), never read
    for (std::size_t r = 0; r < rows; ++r) column[r] = x[r * n_features + used.column];
    std::uint32_t bin[block_rows] = {};
    bins_of(threshold_.data() + used.threshold_begin, used.threshold_count, column, rows, bin);
    for (std::size_t r = 0; r < block_rows; ++r) offset[r] = (used.bin_begin + bin[r]) * tree_stride_;
}

template <class Mask>
void ForestMasks::sum_block(const float* x, std::size_t rows, std::size_t n_features,
                            double* sums) const noexcept {
    Mask alive[block_rows * tree_chunk];        // per row, per tree: the leaves still possible
    std::int64_t count[block_rows][max_planes]; // per row, per value plane: trees adding 2^j
    const std::size_t width = value_width_, planes = planed_width_ * value_bits_;
    if (exact_) // the sums are written once at the end; the double path adds to them
        for (std::size_t r = 0; r < rows; ++r) std::fill_n(count[r], planes, 0);
    else
        std::fill(sums, sums + rows * width, 0.0);
    for (std::size_t t0 = 0; t0 < tree_stride_; t0 += tree_chunk) {
        const std::size_t trees = std::min(tree_chunk, tree_stride_ - t0); // padding included
        // Four features per pass: first the whole block's bins (bins_of), then per row one
        // AND of four masks per tree. The last group is padded with the all-ones row; at
        // least one pass always runs.
        for (std::size_t fi = 0; fi == 0 || fi < used_.size(); fi += 4) {
            std::size_t offset[4][block_rows];
            for (std::size_t j = 0; j < 4; ++j) bin_offsets(x, rows, n_features, fi + j, offset[j]);
            const Mask* m[block_rows][4];
            for (std::size_t r = 0; r < rows; ++r)
                for (std::size_t j = 0; j < 4; ++j) m[r][j] = masks<Mask>() + offset[j][r] + t0;
            // One straight loop per case (first pass or not, last or not): a test inside
            // the loop would cost a branch per 16 trees, which g++ does not hoist out.
            const bool first = fi == 0, last = fi + 4 >= used_.size();
            for (std::size_t r = 0; r < rows; ++r) {
                Mask* a = alive + r * tree_chunk;
                if (first && last) and_pass<true, true>(m[r], trees, a);
                if (first && !last) and_pass<true, false>(m[r], trees, a);
                if (!first && last) and_pass<false, true>(m[r], trees, a);
                if (!first && !last) and_pass<false, false>(m[r], trees, a);
            }
        }
        if (exact_) {
            for (std::size_t r = 0; r < rows; ++r) {
                const Mask* a = alive + r * tree_chunk;
                for (std::size_t p = 0; p < planes; ++p) {
                    const Mask* plane = masks<Mask>() + plane_begin_ + p * tree_stride_ + t0;
                    // Trees whose leaf misses the plane: `== 0` is one SIMD compare, `!= 0`
                    // takes two. Padding trees have empty planes, so they always miss. At
                    // most tree_chunk, so the count fits even 16 bits.
                    Mask misses = 0;
                    for (std::size_t t = 0; t < trees; ++t) misses += (a[t] & plane[t]) == 0 ? 1 : 0;
                    count[r][p] += static_cast<std::int64_t>(trees - misses);
                }
            }
            continue;
        }
        // Doubles: tree order within each row, as Forest::accumulate. Trees outside, rows
        // inside, so the rows' add chains are independent and overlap in the pipeline.
        for (std::size_t t = 0; t < std::min(trees, n_trees_ - t0); ++t) { // real trees only
            for (std::size_t r = 0; r < rows; ++r) {
                const std::size_t leaf = leaf_begin_[t0 + t] + lowest_leaf(alive[r * tree_chunk + t]);
                for (std::size_t k = 0; k < width; ++k) sums[r * width + k] += leaf_value_[leaf * width + k];
            }
        }
    }
    if (!exact_) return;
    for (std::size_t r = 0; r < rows; ++r) {
        std::int64_t rest = row_total_; // what the classes without planes share (see add_value_planes)
        for (std::size_t k = 0; k < planed_width_; ++k) {
            std::int64_t total = 0; // < 2^53 (see add_value_planes); signed: one instruction to double
            for (std::size_t j = 0; j < value_bits_; ++j) total += count[r][k * value_bits_ + j] << j;
            sums[r * width + k] = static_cast<double>(total) * unit_;
            rest -= total;
        }
        if (planed_width_ < width) sums[r * width + width - 1] = static_cast<double>(rest) * unit_;
    }
}

} // namespace glassbox::model
