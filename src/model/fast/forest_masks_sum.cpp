// Performance layer: skip on first reading; the reference is src/model/model.cpp:82.
// model/fast/forest_masks_sum.cpp: evaluating rows with the mask tables (sum_trees).
// Course topic: per row and feature, a bin found by comparing with the thresholds; per tree,
// the AND of a few masks; the lowest bit left is the leaf (forest_masks_build.cpp says why).
// NOTE: the results must equal Forest::accumulate's walk bit for bit; each trick says why it does.
#include "model/fast/forest_masks.hpp"

#include <algorithm>
#include <bit>

namespace glassbox::model::fast {

namespace {

/// Rows predicted together: enough independent additions to hide a double add's latency.
constexpr std::size_t block_rows = 8;

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
    // Few thresholds (the shipped iris forest has 21 to 33 per feature): count them all. No
    // step waits for another, and the compiler turns the loops into SIMD compares: across the
    // rows for a whole block, across the thresholds for a part block (a request of a few rows).
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

/// The in-order number of the lowest set bit of a mask that is never zero (the walk's leaf
/// always survives). Bit 63 is set as well so the compiler knows the word is not zero and
/// drops std::countr_zero's zero test; a real leaf, always at or below bit 63, still wins.
template <class Mask> std::size_t lowest_leaf(Mask alive) noexcept {
    return static_cast<std::size_t>(std::countr_zero(std::uint64_t{alive} | (std::uint64_t{1} << 63)));
}

} // namespace

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

} // namespace glassbox::model::fast
