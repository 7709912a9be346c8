// model/forest.cpp: walking the flat trees of a forest.
// Course topic: predict() of a random forest: a walk from the root to a leaf per tree,
// then the mean of the leaves' values. This is the walk as the textbook writes it, one row
// at a time: Model::predict under Engine::reference. Engine::fast (model/fast/) must give
// the same sums.
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

void Forest::accumulate(std::span<const double> x32, std::span<double> sum) const noexcept {
    for (std::size_t t = 0; t + 1 < tree_offsets.size(); ++t) {
        const std::size_t base = tree_offsets[t];
        std::size_t node = base;
        while (feature[node] != format::leaf) {
            const std::size_t local =
                x32[static_cast<std::size_t>(feature[node])] <= threshold[node] ? left[node] : right[node];
            node = base + local;
        }
        const double* v = value.data() + node * value_width;
        for (std::size_t k = 0; k < value_width; ++k) sum[k] += v[k];
    }
}

} // namespace glassbox::model
