// model/forest.hpp: a random forest as flat arrays of tree nodes (treelite style).
// Course topic: what a trained tree ensemble *is*: for each node a split feature, a
// threshold and two child indices, or a leaf holding the prediction. No pointers: the
// nodes of all trees sit one after another in five arrays, fast to walk and to save.
// Rule for every split: go left when (double)(float)x[feature] <= threshold, as
// scikit-learn does (it casts inputs to float32 and keeps float64 thresholds).
// Read next: train_forest.cpp (how the nodes are grown), load.cpp (how they are checked).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "model/format.hpp"

namespace glassbox::model {

/// x rounded to float and widened back: the value a tree compares. Beyond float's range the
/// result is +-infinity (a plain cast would be undefined behaviour in C++).
inline double as_float32(double x) noexcept {
    if (x > std::numeric_limits<float>::max()) return std::numeric_limits<double>::infinity();
    if (x < -std::numeric_limits<float>::max()) return -std::numeric_limits<double>::infinity();
    return static_cast<double>(static_cast<float>(x));
}

/// Why a tree's nodes are not a tree (see Forest::shape_fault).
struct ShapeFault {
    enum class Kind {
        none,        ///< every node but the root has exactly one parent: a tree
        same_child,  ///< `parent` names the same node as its left and its right child
        two_parents, ///< `node` is a child of both `first_parent` and `parent`
        no_parent,   ///< `node` (not the root) is the child of no node
    };
    Kind kind = Kind::none;
    std::size_t node = 0;         ///< the node at fault (tree-local)
    std::size_t first_parent = 0; ///< two_parents: the node that claimed it first
    std::size_t parent = 0;       ///< same_child, two_parents: the split at fault
};

/// All trees of a forest. Node indices in `left`/`right` are local to their tree; tree t
/// owns global nodes [tree_offsets[t], tree_offsets[t + 1]). Nodes are stored parents
/// first: every child index is greater than its parent's, so every walk ends.
struct Forest {
    std::size_t value_width = 1;                ///< values per node: class count, or 1 for regression
    std::vector<std::uint32_t> tree_offsets{0}; ///< n_trees + 1 global node offsets
    std::vector<std::int32_t> feature;          ///< split feature, or format::leaf
    std::vector<double> threshold;              ///< go left when (double)(float)x <= threshold
    std::vector<std::uint32_t> left;            ///< left child (tree-local); 0 on leaves
    std::vector<std::uint32_t> right;           ///< right child (tree-local); 0 on leaves
    std::vector<double> value;                  ///< value_width per node: class fractions or the mean

    /// Number of trees.
    std::size_t n_trees() const noexcept { return tree_offsets.size() - 1; }
    /// Number of nodes in all trees.
    std::size_t node_count() const noexcept { return feature.size(); }
    /// Number of leaves in all trees.
    std::size_t leaf_count() const noexcept;
    /// Depth of the deepest leaf (a lone root leaf has depth 0).
    std::size_t max_depth() const;
    /**
     * Whether tree `t` is a tree: every node but the root has exactly one parent. Children
     * after parents (which load() checks first) rule out cycles but not a node shared by
     * two splits; then paths multiply, and a count of leaves made by adding up children's
     * counts counts paths instead (2^33 of them from 34 nodes). Requires every child index
     * of a split to be below the tree's node count.
     */
    ShapeFault shape_fault(std::size_t t) const;
    /// Appends one tree given its nodes in parents-first order (tree-local child indices).
    void add_tree(std::span<const std::int32_t> feature, std::span<const double> threshold,
                  std::span<const std::uint32_t> left, std::span<const std::uint32_t> right,
                  std::span<const double> value);

    /**
     * Adds to `sum` (value_width numbers) the leaf values each tree gives for one row.
     * `x32` is the row already cast to float and back to double (see the rule above).
     * Divide by n_trees() for the forest's mean. Allocates nothing.
     * Defined in model.cpp, beside the Model::predict that calls it.
     */
    void accumulate(std::span<const double> x32, std::span<double> sum) const noexcept;
};

} // namespace glassbox::model
