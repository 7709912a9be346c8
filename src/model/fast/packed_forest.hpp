// Performance layer: skip on first reading; the reference is src/model/model.cpp:99.
// model/fast/packed_forest.hpp: the forest re-laid out for Engine::fast (the reference there
// is Model::predict_forest_reference). The same trees as forest.hpp, stored the way the CPU
// likes them: trees of at most 64 leaves become bit-mask tables (forest_masks.hpp), no walk
// at all; others keep a walk over compact 16-byte nodes, leaves pointing at themselves.
// Read next: forest_masks.hpp, packed_forest.cpp (the walks), model.cpp (who calls it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/fast/forest_masks.hpp"
#include "model/forest.hpp"

namespace glassbox::model::fast {

/// A Forest packed for prediction. Built once from a Forest; immutable afterwards.
class PackedForest {
public:
    /// An empty packed forest (no trees).
    PackedForest() = default;
    /// Lays out `forest` as mask tables if it fits their budget (see ForestMasks), else as
    /// nodes for walking; the forest itself is not kept.
    explicit PackedForest(const Forest& forest,
                          std::size_t mask_budget_bytes = ForestMasks::default_budget_bytes);

    /// Values added per row: the class count, or 1 for regression.
    std::size_t value_width() const noexcept { return value_width_; }

    /// True when prediction uses the mask tables rather than the walk: a fact for tests.
    bool uses_masks() const noexcept { return !masks_.empty(); }

    /**
     * Writes to `sums` (rows * value_width() numbers, row-major) the sum of the leaf values
     * the trees give each row: bit for bit what Forest::accumulate adds, in tree order, to
     * a zeroed sum. `x` holds rows * n_features floats, row-major, already rounded with
     * to_float32() (float_rounding.hpp). Allocates nothing.
     */
    void sum_trees(std::span<const float> x, std::size_t rows, std::size_t n_features,
                   std::span<double> sums) const noexcept;

    /**
     * Model::predict for this forest under Engine::fast: the same outputs, bit for bit, as
     * Model::predict_forest_reference. `X` holds rows * n_features doubles, row-major;
     * `out_values` gets each row's class index, or its mean when `regressor`;
     * `out_probabilities` is empty or rows * value_width() values. The caller (Model::predict)
     * checks the sizes. Allocates its scratch once per call, for at most 1024 rows.
     */
    void predict(std::span<const double> X, std::size_t rows, std::size_t n_features, bool regressor,
                 std::span<double> out_values, std::span<double> out_probabilities) const;

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
    std::size_t n_trees_ = 0;
    ForestMasks masks_;               ///< the tables, when the forest fits them; else empty
    std::vector<Node> nodes_;         ///< the walk's nodes (empty with masks): parents first, tree after tree
    std::vector<std::uint32_t> root_; ///< global index of each tree's root
    std::vector<std::uint32_t> depth_; ///< steps that bring every row of a tree to a leaf
    std::vector<double> value_;        ///< value_width_ per node (zeros on splits)
};

} // namespace glassbox::model::fast
