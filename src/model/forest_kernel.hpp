// model/forest_kernel.hpp: the forest re-laid out for fast batch prediction.
// Course topic: the same trees as forest.hpp, stored the way the CPU likes to walk them:
// one 16-byte node per split (float threshold, feature, both children), leaves that point
// at themselves so every walk can run a fixed number of steps without a branch, and a
// batch walked tree by tree so one tree's nodes stay in the L1 cache for many rows.
// Read next: forest_kernel.cpp (the walks and why they are fast), model.cpp (who calls it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/forest.hpp"

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
    /// Lays out `forest` for walking; the forest itself is not kept.
    explicit ForestKernel(const Forest& forest);

    /// Values added per row: the class count, or 1 for regression.
    std::size_t value_width() const noexcept { return value_width_; }

    /**
     * Adds to `sums` (rows * value_width() numbers, row-major) the leaf values each tree
     * gives for each row, in tree order, exactly as Forest::accumulate does row by row.
     * `x` holds rows * n_features floats, row-major, already rounded with to_float32().
     * Allocates nothing.
     */
    void accumulate(std::span<const float> x, std::size_t rows, std::size_t n_features,
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
    std::vector<Node> nodes_;          ///< all trees' nodes, parents first, tree after tree
    std::vector<std::uint32_t> root_;  ///< global index of each tree's root
    std::vector<std::uint32_t> depth_; ///< steps that bring every row of a tree to a leaf
    std::vector<double> value_;        ///< value_width_ per node (zeros on splits)
};

} // namespace glassbox::model
