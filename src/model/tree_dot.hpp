// model/tree_dot.hpp: one tree of a forest drawn as Graphviz DOT text.
// Course topic: what a trained tree *is*, as a picture: each split "feature <= threshold"
// with a true (left) and a false (right) branch, each leaf with what it predicts.
// The text comes from the same flat arrays predict() walks (forest.hpp), so it cannot drift.
// Try: glassbox inspect model.bin --tree 0 --format dot | dot -Tsvg > tree.svg
#pragma once

#include <cstddef>
#include <limits>
#include <string>

#include "model/model.hpp"

namespace glassbox::model {

/// Depth limit meaning "draw every node".
inline constexpr std::size_t all_depths = std::numeric_limits<std::size_t>::max();

/**
 * Tree `t` of forest model `m` as a DOT digraph. Each split reads "feature_name <=
 * threshold" (the threshold in the shortest text that reads back as the same double); its
 * left edge is "true" (x <= threshold, as predict() goes) and its right edge "false". A
 * classifier's leaf shows the class it predicts and the class fractions; a regressor's, its
 * value. Splits deeper than `max_depth` are drawn as one "..." node naming how many nodes
 * they stand for. Nodes are named n<i>, i the node's tree-local index (forest.hpp).
 * Requires m.forest() and t < m.forest()->n_trees() (the caller checks and explains).
 */
std::string tree_dot(const Model& m, std::size_t t, std::size_t max_depth = all_depths);

} // namespace glassbox::model
