// model/forest.cpp: the shape of a forest's flat trees: adding a tree, checking one, counting.
// Course topic: a random forest stored as arrays (feature, threshold, left, right, value per
// node). Its walk, predict() as the textbook writes it, is Forest::accumulate in model.cpp.
#include "model/forest.hpp"

#include <vector>

namespace glassbox::model {

std::size_t Forest::leaf_count() const noexcept {
    std::size_t leaves = 0;
    for (const auto f : feature) leaves += f == format::leaf ? 1 : 0;
    return leaves;
}

std::size_t Forest::max_depth() const {
    std::size_t deepest = 0;
    std::vector<std::size_t> depth;
    for (std::size_t t = 0; t < n_trees(); ++t) {
        const std::size_t base = tree_offsets[t];
        depth.assign(tree_offsets[t + 1] - base, 0);
        // Parents come first, so a node's depth is known before its children are met.
        for (std::size_t i = 0; i < depth.size(); ++i) {
            if (feature[base + i] == format::leaf) {
                if (depth[i] > deepest) deepest = depth[i];
                continue;
            }
            depth[left[base + i]] = depth[i] + 1;
            depth[right[base + i]] = depth[i] + 1;
        }
    }
    return deepest;
}

ShapeFault Forest::shape_fault(std::size_t t) const {
    const std::size_t base = tree_offsets[t];
    const std::size_t n = tree_offsets[t + 1] - base;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> parent_of(n, none);
    for (std::size_t i = 0; i < n; ++i) {
        if (feature[base + i] == format::leaf) continue;
        if (left[base + i] == right[base + i]) return {ShapeFault::Kind::same_child, left[base + i], 0, i};
        for (const std::size_t child : {std::size_t{left[base + i]}, std::size_t{right[base + i]}}) {
            if (parent_of[child] != none) return {ShapeFault::Kind::two_parents, child, parent_of[child], i};
            parent_of[child] = i;
        }
    }
    for (std::size_t i = 1; i < n; ++i)
        if (parent_of[i] == none) return {ShapeFault::Kind::no_parent, i, 0, 0};
    return {};
}

void Forest::add_tree(std::span<const std::int32_t> f, std::span<const double> t,
                      std::span<const std::uint32_t> l, std::span<const std::uint32_t> r,
                      std::span<const double> v) {
    feature.insert(feature.end(), f.begin(), f.end());
    threshold.insert(threshold.end(), t.begin(), t.end());
    left.insert(left.end(), l.begin(), l.end());
    right.insert(right.end(), r.begin(), r.end());
    value.insert(value.end(), v.begin(), v.end());
    tree_offsets.push_back(static_cast<std::uint32_t>(feature.size()));
}

} // namespace glassbox::model
