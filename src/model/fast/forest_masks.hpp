// Performance layer: skip on first reading; the reference is src/model/model.cpp:82.
// model/fast/forest_masks.hpp: a forest turned into tables of bit masks (QuickScorer's idea).
// Course topic: predicting without walking. Each tree's leaves get one bit each; a row
// looks up, per feature, which leaves its value rules out, and ANDs those masks: the
// lowest bit left standing is the leaf the walk (Forest::accumulate) would reach.
// Read next: forest_masks_build.cpp (why the lowest bit is the right leaf), forest_masks_sum.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/forest.hpp"

namespace glassbox::model::fast {

/// A Forest compiled into per-feature mask tables. Built once; immutable afterwards.
class ForestMasks {
public:
    /// An empty table set: empty() is true.
    ForestMasks() = default;
    /// Builds the tables, or leaves the object empty() when the forest does not suit them:
    /// a tree with more than 64 leaves, a NaN threshold, or tables over `budget_bytes`.
    explicit ForestMasks(const Forest& forest, std::size_t budget_bytes = default_budget_bytes);

    /// The largest table built by default: 4 MiB (the shipped 100-tree iris forest needs about 25 KiB).
    static constexpr std::size_t default_budget_bytes = std::size_t{4} << 20;

    /// True when the forest did not fit; use the walk of packed_forest.cpp instead.
    bool empty() const noexcept { return n_trees_ == 0; }
    /// True when leaf values are added as integers (see add_value_planes): a fact for tests.
    bool exact_integers() const noexcept { return exact_; }
    /// True when the last class has no value planes, its sums taken from what every row's
    /// classes add up to (see add_value_planes in forest_masks_build.cpp): a fact for tests.
    bool last_class_implied() const noexcept { return exact_ && planed_width_ < value_width_; }
    /// Bits per mask: 16, 32 or 64 (the largest tree's leaves, rounded up); 0 when empty().
    unsigned mask_bits() const noexcept { return mask_bits_; }

    /**
     * Writes to `sums` (rows * value width numbers, row-major) the sum over the trees of
     * each row's leaf values: the very doubles that Forest::accumulate gives, starting from
     * zero. `x` holds rows * n_features floats, row-major, already rounded with to_float32().
     * Requires !empty(). Allocates nothing.
     */
    void sum_trees(const float* x, std::size_t rows, std::size_t n_features, double* sums) const noexcept;

private:
    /// Trees handled at a time by sum_block, so one block's masks (8 rows * tree_chunk) fit in L1.
    static constexpr std::size_t tree_chunk = 256;
    /// Trees per table row are padded to a multiple of this (32 bytes of 16-bit masks, one AVX2
    /// register), so the vectorized loops never end in a scalar remainder.
    static constexpr std::size_t tree_multiple = 16;
    static_assert(tree_chunk % tree_multiple == 0, "a chunk of trees must hold whole padded groups");
    /// The most value planes (classes * bits per value) the exact path uses; beyond that the
    /// double path costs less. Bounds sum_block's counters on the stack.
    static constexpr std::size_t max_planes = 64;

    // Laying out the tables: forest_masks_build.cpp.
    template <class Mask> void build_masks(const Forest& forest);
    template <class Mask> void add_value_planes(std::vector<Mask>& table);
    std::size_t leaf_end(std::size_t tree) const noexcept;

    // Evaluating rows with them: forest_masks_sum.cpp.
    /// sum_trees's work, built twice (see forest_masks_sum.cpp).
    void sum_blocks(const float* x, std::size_t rows, std::size_t n_features, double* sums) const noexcept;
    template <class Mask>
    void sum_block(const float* x, std::size_t rows, std::size_t n_features, double* sums) const noexcept;
    template <class Mask> const Mask* masks() const noexcept;
    void bin_offsets(const float* x, std::size_t rows, std::size_t n_features, std::size_t fi,
                     std::size_t* offset) const noexcept;

    std::size_t n_trees_ = 0;
    std::size_t tree_stride_ = 0; ///< masks per table row: n_trees_ padded to tree_multiple
    std::size_t value_width_ = 1;
    unsigned mask_bits_ = 0;
    /// One column some split reads: where its thresholds and its bins' table rows are.
    struct UsedFeature {
        std::uint32_t column;          ///< its index in a row of x
        std::uint32_t threshold_begin; ///< its first threshold in threshold_
        std::uint32_t threshold_count; ///< its distinct thresholds, ascending
        std::uint32_t bin_begin;       ///< the table row of its bin 0; threshold_count more follow
    };

    std::vector<UsedFeature> used_;         ///< the columns some split reads, ascending
    std::vector<float> threshold_;          ///< each used feature's distinct thresholds, ascending
    std::vector<std::uint16_t> masks16_;    ///< the bit tables when mask_bits_ == 16 (see build_masks)
    std::vector<std::uint32_t> masks32_;    ///< ... when mask_bits_ == 32
    std::vector<std::uint64_t> masks64_;    ///< ... when mask_bits_ == 64
    std::vector<std::uint32_t> leaf_begin_; ///< per tree, the index of its leftmost leaf below
    std::vector<double> leaf_value_;        ///< value_width_ per leaf, leaves left to right, tree after tree
    bool exact_ = false;                    ///< leaf values are counted as integers (see add_value_planes)
    std::size_t ones_begin_ = 0;            ///< where a row of n_trees_ all-ones masks sits in the bit tables
    std::size_t plane_begin_ = 0;           ///< where the value planes start in the bit tables
    std::size_t value_bits_ = 0;            ///< value planes per class
    std::size_t planed_width_ = 0;          ///< classes with planes: all, or all but the last
    std::int64_t row_total_ = 0;            ///< then: what each row's classes add up to, in units
    double unit_ = 1.0;                     ///< what the integer 1 stands for in the planes: 2^-q
};

} // namespace glassbox::model::fast
