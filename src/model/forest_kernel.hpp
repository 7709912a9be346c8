// model/forest_kernel.hpp: the forest re-laid out for fast prediction.
// Course topic: the same trees as forest.hpp, stored the way the CPU likes them. Forests
// whose trees have at most 64 leaves become bit-mask tables (forest_masks.hpp): no walk at
// all. Others keep a walk over compact 16-byte nodes, leaves pointing at themselves so a
// batch can take a fixed number of steps without a branch, one tree at a time.
// Read next: forest_masks.hpp, forest_kernel.cpp (the walks), model.cpp (who calls it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/forest.hpp"
#include "model/forest_masks.hpp"

namespace glassbox::model {

/// The largest float that is <= t. For a float x, `x <= t` (compared in double) and
/// `x <= round_down_to_float(t)` (compared in float) always agree; NaN compares false in both.
float round_down_to_float(double t) noexcept;

/// x rounded to float as scikit-learn does: beyond float's range it becomes +-infinity.
inline float to_float32(double x) noexcept { return static_cast<float>(as_float32(x)); }

/// A Forest compiled for prediction. Built once from a Forest; immutable afterwards.
class ForestKernel {
public:
    /// An empty kernel (no trees).
    ForestKernel() = default;
    /// Lays out `forest` as mask tables if it fits their budget (see ForestMasks), else as
    /// nodes for walking; the forest itself is not kept.
    explicit ForestKernel(const Forest& forest,
                          std::size_t mask_budget_bytes = ForestMasks::default_budget_bytes);

    /// Values added per row: the class count, or 1 for regression.
    std::size_t value_width() const noexcept { return value_width_; }

    /// True when prediction uses the mask tables rather than the walk: a fact for tests.
    bool uses_masks() const noexcept { return !masks_.empty(); }

    /**
     * Writes to `sums` (rows * value_width() numbers, row-major) the sum of the leaf values
     * the trees give each row: bit for bit what Forest::accumulate adds, in tree order, to
     * a zeroed sum. `x` holds rows * n_features floats, row-major, already rounded with
     * to_float32(). Allocates nothing.
     */
    void sum_trees(std::span<const float> x, std::size_t rows, std::size_t n_features,
                   std::span<double> sums) const noexcept;

private:
    /// One node of the walk, 16 bytes. A leaf's children are the leaf itself, so extra
    /// steps stay put. The children sit in an array so that the comparison's result (0 or
    /// 1) picks one by indexing: a load the CPU cannot mispredict, where an `if` could be.
    struct Node {
        float threshold;        ///< go left when x[feature] <= threshold (rounded down to float)
        std::uint32_t feature;  ///< split feature; 0 on leaves (any valid column works)
        std::uint32_t child[2]; ///< [0] the left child, [1] the right, as global node indices
    };

    void walk_rows(const float* x, std::size_t rows, std::size_t n_features, double* sums) const noexcept;
    void walk_row(const float* x, double* sums) const noexcept;

    std::size_t value_width_ = 1;
    ForestMasks masks_;               ///< the tables, when the forest fits them; else empty
    std::vector<Node> nodes_;         ///< the walk's nodes (empty with masks): parents first, tree after tree
    std::vector<std::uint32_t> root_; ///< global index of each tree's root
    std::vector<std::uint32_t> depth_; ///< steps that bring every row of a tree to a leaf
    std::vector<double> value_;        ///< value_width_ per node (zeros on splits)
};

} // namespace glassbox::model
