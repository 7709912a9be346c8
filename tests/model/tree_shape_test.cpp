// tests/model/tree_shape_test.cpp: the loader accepts trees, and only trees.
// Course topic: loading a model you do not trust. Children after their parents rule out
// cycles, but not a node with two parents: then the "tree" is a graph whose paths
// multiply (33 splits whose children are both the next node make 2^33 paths to one leaf),
// and code that counts leaves by adding up children counts paths instead. The loader
// therefore requires every node but the root to have exactly one parent. Run under ASan.
#include <catch2/catch.hpp>

#include "model/fast/forest_masks.hpp"
#include "model/file.hpp"
#include "support/forest_bytes.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

/// A split on feature 0 at `threshold` with the given children.
void split(RawTree& t, std::uint32_t left, std::uint32_t right, double threshold = 0.5) {
    t.feature.push_back(0);
    t.threshold.push_back(threshold);
    t.left.push_back(left);
    t.right.push_back(right);
    t.value.insert(t.value.end(), {0.0, 0.0});
}

/// A leaf holding the class fractions [a, 1 - a].
void leaf(RawTree& t, double a) {
    t.feature.push_back(format::leaf);
    t.threshold.push_back(0.0);
    t.left.push_back(0);
    t.right.push_back(0);
    t.value.insert(t.value.end(), {a, 1.0 - a});
}

Diagnostic try_load(const std::vector<RawTree>& trees) {
    Diagnostic d;
    load(forest_file(1, {"no", "yes"}, trees), d);
    return d;
}

} // namespace

TEST_CASE("a proper tree built by hand loads and predicts", "[model][corruption][tree-shape]") {
    RawTree t;
    split(t, 1, 2);
    leaf(t, 1.0);
    leaf(t, 0.0);
    Diagnostic d;
    const Model m = load(forest_file(1, {"no", "yes"}, {t}), d);
    REQUIRE_FALSE(d);
    const std::vector<double> x = {0.0, 1.0};
    std::vector<double> values(2), probabilities(4);
    m.predict(x, 2, values, probabilities);
    CHECK(values == std::vector<double>{0, 1});
    CHECK(probabilities == std::vector<double>{1, 0, 0, 1});
}

TEST_CASE("a node with the same child on both sides is refused", "[model][corruption][tree-shape]") {
    RawTree t;
    split(t, 1, 1);
    leaf(t, 1.0);
    const Diagnostic d = try_load({t});
    CHECK(d.code == FormatError::not_a_tree);
    CHECK(d.message.find("tree 0 node 0 has child 1 on both sides") != std::string::npos);
    CHECK(d.message.rfind("at byte 0x", 0) == 0);
}

TEST_CASE("a node shared by two parents is refused", "[model][corruption][tree-shape]") {
    RawTree t; // node 2 is the right child of node 0 and of node 1
    split(t, 1, 2);
    split(t, 3, 2);
    leaf(t, 1.0);
    leaf(t, 0.0);
    const Diagnostic d = try_load({t});
    CHECK(d.code == FormatError::not_a_tree);
    CHECK(d.message.find("node 2 is a child of both node 0 and node 1") != std::string::npos);
}

TEST_CASE("a node that no split reaches is refused", "[model][corruption][tree-shape]") {
    RawTree t; // node 3 has no parent
    split(t, 1, 2);
    leaf(t, 1.0);
    leaf(t, 0.0);
    leaf(t, 0.5);
    const Diagnostic d = try_load({t});
    CHECK(d.code == FormatError::not_a_tree);
    CHECK(d.message.find("node 3 is the child of no node") != std::string::npos);
}

TEST_CASE("33 splits whose children are both the next node are refused, not counted as 2^33 paths",
          "[model][corruption][tree-shape]") {
    RawTree t; // the 1.5 KB file that crashed the server
    for (std::uint32_t i = 0; i < 33; ++i) split(t, i + 1, i + 1);
    leaf(t, 1.0);
    const Diagnostic d = try_load({t});
    CHECK(d.code == FormatError::not_a_tree);
}

TEST_CASE("a lattice whose path count wraps 32 bits is refused", "[model][corruption][tree-shape]") {
    // Pairs of nodes (2i+1, 2i+2) each pointing at both nodes of the next pair: paths double
    // at every level, and the leaf count in 32 bits wraps to a small number.
    RawTree t;
    const std::uint32_t levels = 34;
    split(t, 1, 2);
    for (std::uint32_t i = 0; i + 1 < levels; ++i) {
        split(t, 2 * i + 3, 2 * i + 4);
        split(t, 2 * i + 3, 2 * i + 4);
    }
    leaf(t, 1.0);
    leaf(t, 0.0);
    const Diagnostic d = try_load({t});
    CHECK(d.code == FormatError::not_a_tree);
}

TEST_CASE("mask tables refuse a graph that is not a tree, whoever built it", "[model][tree-shape]") {
    // The loader refuses these files; a Forest built in memory by mistake must not make
    // the mask builder write past its leaf table either: it stays empty, and the walk serves.
    Forest f;
    f.value_width = 2;
    std::vector<std::int32_t> feature;
    std::vector<double> threshold, value;
    std::vector<std::uint32_t> left, right;
    for (std::uint32_t i = 0; i < 33; ++i) {
        feature.push_back(0);
        threshold.push_back(0.5);
        left.push_back(i + 1);
        right.push_back(i + 1);
        value.insert(value.end(), {0.0, 0.0});
    }
    feature.push_back(format::leaf);
    threshold.push_back(0.0);
    left.push_back(0);
    right.push_back(0);
    value.insert(value.end(), {1.0, 0.0});
    f.tree_offsets.push_back(static_cast<std::uint32_t>(feature.size()));
    f.feature = feature;
    f.threshold = threshold;
    f.left = left;
    f.right = right;
    f.value = value;
    const fast::ForestMasks masks(f);
    CHECK(masks.empty());
}
