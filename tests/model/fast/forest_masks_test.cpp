// tests/model/fast/forest_masks_test.cpp: the bit-mask tables against the plain walk.
// Trees with a chosen number of leaves (1 to 65: every mask width and the fallback),
// thresholds shared between trees and features with many of them, rows exactly at a
// threshold, one float step beside it, NaN and infinities; leaf values that take the exact
// integer path (pure, dyadic, shares adding up to one: the last class left out) and those
// that must stay doubles. Every sum must equal Forest::accumulate's, bit for bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "model/fast/float_rounding.hpp"
#include "model/fast/packed_forest.hpp"
#include "model/file.hpp"

namespace {

using namespace glassbox::model;
using namespace glassbox::model::fast;

/// What the leaves hold.
enum class Leaves {
    one_hot,  ///< a pure classifier leaf: 1 for one class, 0 for the others
    quarters, ///< class fractions in quarters: dyadic, exact integers with q = 2
    shares,   ///< quarters that add up to one over the classes, as a classifier's fractions
    thirds,   ///< fractions in thirds: not dyadic, so the sums stay doubles
    signed_,  ///< regression values of either sign: doubles
    integers, ///< whole numbers up to 1000: exact, ten bits per value
};

struct TreeMaker {
    std::mt19937_64& rng;
    std::size_t width, n_features;
    Leaves leaves;
    const std::vector<double>& pool; ///< thresholds to draw from, so trees share some
    std::vector<std::int32_t> feature;
    std::vector<double> threshold, value;
    std::vector<std::uint32_t> left, right;

    double leaf_value(std::size_t k, std::size_t hot) {
        switch (leaves) {
        case Leaves::one_hot: return k == hot ? 1.0 : 0.0;
        case Leaves::quarters: return static_cast<double>(rng() % 5) / 4.0;
        case Leaves::shares: return 0.0; // leaf_values() fills the row
        case Leaves::thirds: return static_cast<double>(rng() % 4) / 3.0;
        case Leaves::signed_: return std::uniform_real_distribution<double>(-10.0, 10.0)(rng);
        case Leaves::integers: return static_cast<double>(rng() % 1001);
        }
        return 0.0;
    }

    /// Appends a subtree with exactly `count` leaves in preorder (parents first); returns its root.
    std::uint32_t grow(std::size_t count) {
        const auto at = static_cast<std::uint32_t>(feature.size());
        const bool split = count > 1;
        feature.push_back(split ? static_cast<std::int32_t>(rng() % n_features) : format::leaf);
        threshold.push_back(split ? pool[rng() % pool.size()] : 0.0);
        left.push_back(0);
        right.push_back(0);
        const std::size_t hot = rng() % width;
        for (std::size_t k = 0; k < width; ++k) value.push_back(split ? 0.0 : leaf_value(k, hot));
        if (!split && leaves == Leaves::shares) // four quarters, each to a class drawn at random
            for (int quarter = 0; quarter < 4; ++quarter) value[value.size() - width + rng() % width] += 0.25;
        if (split) {
            const std::size_t to_left = 1 + rng() % (count - 1);
            const std::uint32_t l = grow(to_left); // first: grow() reallocates the arrays
            const std::uint32_t r = grow(count - to_left);
            left[at] = l;
            right[at] = r;
        }
        return at;
    }
};

/// A forest whose trees have leaf counts drawn from `leaf_counts`.
Forest make_forest(std::mt19937_64& rng, std::size_t trees, std::vector<std::size_t> leaf_counts,
                   std::size_t width, std::size_t n_features, Leaves leaves,
                   const std::vector<double>& pool) {
    Forest forest;
    forest.value_width = width;
    for (std::size_t t = 0; t < trees; ++t) {
        TreeMaker maker{rng, width, n_features, leaves, pool, {}, {}, {}, {}, {}};
        maker.grow(leaf_counts[t % leaf_counts.size()]);
        forest.add_tree(maker.feature, maker.threshold, maker.left, maker.right, maker.value);
    }
    return forest;
}

/// `n` thresholds: some exactly floats, most not, two beyond float's range.
std::vector<double> threshold_pool(std::mt19937_64& rng, std::size_t n) {
    std::vector<double> pool{1e39, -1e39};
    std::uniform_real_distribution<double> u(-5.0, 5.0);
    while (pool.size() < n)
        pool.push_back(rng() % 3 == 0 ? static_cast<double>(static_cast<float>(u(rng))) : u(rng));
    return pool;
}

/// Rows of values at, beside and between the pool's thresholds, NaN and infinities.
std::vector<double> tricky_rows(std::mt19937_64& rng, const std::vector<double>& pool, std::size_t rows,
                                std::size_t n_features) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<double> X(rows * n_features);
    for (auto& x : X) {
        const double t = pool[rng() % pool.size()];
        const float f = static_cast<float>(as_float32(t));
        switch (rng() % 8) {
        case 0: x = t; break;
        case 1: x = std::nextafter(f, std::numeric_limits<float>::infinity()); break;
        case 2: x = std::nextafter(f, -std::numeric_limits<float>::infinity()); break;
        case 3:
            x = rng() % 2 == 0 ? std::numeric_limits<double>::quiet_NaN() : (rng() % 2 == 0 ? inf : -inf);
            break;
        default: x = std::uniform_real_distribution<double>(-6.0, 6.0)(rng);
        }
    }
    return X;
}

/// Checks packed.sum_trees against Forest::accumulate, bit for bit, on `rows` tricky rows.
void check_against_walk(std::mt19937_64& rng, const Forest& forest, const PackedForest& packed,
                        const std::vector<double>& pool, std::size_t rows, std::size_t n) {
    const std::size_t w = forest.value_width;
    const std::vector<double> X = tricky_rows(rng, pool, rows, n);
    std::vector<float> x32(X.size());
    for (std::size_t i = 0; i < X.size(); ++i) x32[i] = to_float32(X[i]);
    std::vector<double> fast(rows * w, -1.0), expected(rows * w, 0.0), row(n);
    packed.sum_trees(x32, rows, n, fast);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < n; ++j) row[j] = as_float32(X[r * n + j]);
        forest.accumulate(row, std::span<double>(expected).subspan(r * w, w));
    }
    REQUIRE(std::memcmp(fast.data(), expected.data(), fast.size() * sizeof(double)) == 0);
}

} // namespace

TEST_CASE("mask tables give the walk's sums for every leaf count and mask width", "[model][kernel][masks]") {
    struct Case {
        std::size_t leaves;
        unsigned mask_bits; // 0: too many leaves, the packed forest walks
    };
    const auto c = GENERATE(Case{1, 16}, Case{2, 16}, Case{16, 16}, Case{17, 32}, Case{32, 32}, Case{33, 64},
                            Case{64, 64}, Case{65, 0});
    std::mt19937_64 rng(c.leaves);
    const std::vector<double> pool = threshold_pool(rng, 40);
    const Forest forest = make_forest(rng, 30, {c.leaves, 1, c.leaves / 2 + 1}, 3, 4, Leaves::one_hot, pool);
    const PackedForest packed(forest);
    const ForestMasks masks(forest);
    CHECK(masks.mask_bits() == c.mask_bits);
    CHECK(packed.uses_masks() == (c.mask_bits != 0));
    for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{9}, std::size_t{1000}})
        check_against_walk(rng, forest, packed, pool, rows, 4);
}

TEST_CASE("leaf values take the exact integer path only when its sums are exact", "[model][kernel][masks]") {
    struct Case {
        Leaves leaves;
        std::size_t width;
        bool exact;
        bool implied; // the last class's sums come from the row total
    };
    const auto c = GENERATE(Case{Leaves::one_hot, 3, true, true}, Case{Leaves::one_hot, 10, true, true},
                            Case{Leaves::quarters, 3, true, false}, Case{Leaves::shares, 3, true, true},
                            Case{Leaves::shares, 2, true, true}, Case{Leaves::integers, 1, true, false},
                            Case{Leaves::integers, 7, false, false}, Case{Leaves::thirds, 3, false, false},
                            Case{Leaves::signed_, 1, false, false});
    std::mt19937_64 rng(static_cast<std::uint64_t>(c.leaves) * 100 + c.width);
    const std::vector<double> pool = threshold_pool(rng, 30);
    const Forest forest = make_forest(rng, 50, {9, 14, 3}, c.width, 5, c.leaves, pool);
    const PackedForest packed(forest);
    CHECK(ForestMasks(forest).exact_integers() == c.exact); // 7 classes * 10 bits > 64 planes
    CHECK(ForestMasks(forest).last_class_implied() == c.implied);
    CHECK(packed.uses_masks());
    for (const std::size_t rows : {std::size_t{1}, std::size_t{10000}})
        check_against_walk(rng, forest, packed, pool, rows, 5);
}

TEST_CASE("one leaf whose classes add up differently keeps the last class's planes",
          "[model][kernel][masks]") {
    std::mt19937_64 rng(17);
    const std::vector<double> pool = threshold_pool(rng, 30);
    Forest forest = make_forest(rng, 40, {9, 14}, 3, 4, Leaves::one_hot, pool);
    REQUIRE(ForestMasks(forest).last_class_implied());
    // The last tree's last leaf: 1 for each class, where every other leaf adds up to 1.
    std::size_t last_leaf = forest.node_count() - 1;
    while (forest.feature[last_leaf] != format::leaf) --last_leaf;
    for (std::size_t k = 0; k < 3; ++k) forest.value[last_leaf * 3 + k] = 1.0;
    const PackedForest packed(forest);
    CHECK(ForestMasks(forest).exact_integers());
    CHECK(!ForestMasks(forest).last_class_implied());
    check_against_walk(rng, forest, packed, pool, 2000, 4);
}

TEST_CASE("mask tables handle many thresholds, many trees and the budget", "[model][kernel][masks]") {
    std::mt19937_64 rng(99);
    SECTION("hundreds of thresholds on two features: the binary search") {
        const std::vector<double> pool = threshold_pool(rng, 500);
        const Forest forest = make_forest(rng, 120, {16, 40}, 3, 2, Leaves::quarters, pool);
        const PackedForest packed(forest);
        CHECK(packed.uses_masks());
        for (const std::size_t rows : {std::size_t{3}, std::size_t{2000}}) // a part block and full ones
            check_against_walk(rng, forest, packed, pool, rows, 2);
    }
    SECTION("more trees than one chunk, on both paths") {
        const std::vector<double> pool = threshold_pool(rng, 50);
        for (const Leaves leaves : {Leaves::one_hot, Leaves::signed_}) {
            const Forest forest =
                make_forest(rng, 600, {5, 12}, leaves == Leaves::one_hot ? 3 : 1, 6, leaves, pool);
            const PackedForest packed(forest);
            CHECK(packed.uses_masks());
            check_against_walk(rng, forest, packed, pool, 100, 6);
        }
    }
    SECTION("thirteen features: four AND passes, the last one padded") {
        const std::vector<double> pool = threshold_pool(rng, 60);
        const Forest forest = make_forest(rng, 80, {20, 33}, 3, 13, Leaves::thirds, pool);
        const PackedForest packed(forest);
        CHECK(packed.uses_masks());
        check_against_walk(rng, forest, packed, pool, 500, 13);
    }
    SECTION("over the budget, the packed forest walks") {
        const std::vector<double> pool = threshold_pool(rng, 50);
        const Forest forest = make_forest(rng, 20, {8}, 3, 4, Leaves::one_hot, pool);
        const PackedForest packed(forest, 1000);
        CHECK(!packed.uses_masks());
        check_against_walk(rng, forest, packed, pool, 100, 4);
    }
    SECTION("columns no split reads are skipped") {
        const std::vector<double> pool = threshold_pool(rng, 20);
        Forest forest = make_forest(rng, 10, {6}, 2, 3, Leaves::one_hot, pool);
        for (auto& f : forest.feature)
            if (f != format::leaf) f = 2 * f; // columns 0, 2 and 4 of 6
        const PackedForest packed(forest);
        CHECK(packed.uses_masks());
        check_against_walk(rng, forest, packed, pool, 300, 6);
    }
}

TEST_CASE("a NaN threshold sends the packed forest back to the walk", "[model][kernel][masks]") {
    std::mt19937_64 rng(5);
    const std::vector<double> pool{0.5, std::numeric_limits<double>::quiet_NaN(), -1.0};
    const Forest forest = make_forest(rng, 10, {6}, 2, 2, Leaves::one_hot, pool);
    const PackedForest packed(forest);
    CHECK(!packed.uses_masks());
    check_against_walk(rng, forest, packed, {0.5, -1.0}, 200, 2);
}

// The comments in forest_masks_sum.cpp, forest_masks.hpp and packed_forest.cpp describe the
// shipped model.bin: this keeps them true when it is retrained.
TEST_CASE("the shipped iris forest takes the 16-bit masks, exact, last class implied",
          "[model][kernel][masks]") {
    Diagnostic d;
    const Model iris = load_file(std::string(GLASSBOX_SOURCE_DIR) + "/model.bin", d);
    REQUIRE_FALSE(d);
    const Forest& forest = *iris.forest();
    CHECK(PackedForest(forest).uses_masks()); // so it never takes packed_forest.cpp's walk
    const ForestMasks masks(forest);
    CHECK(masks.mask_bits() == 16); // at most 16 leaves a tree (15 today)
    CHECK(masks.exact_integers());  // leaves 0 or 1: sums counted as integers
    CHECK(masks.last_class_implied());
    std::vector<std::vector<float>> thresholds(iris.n_features());
    for (std::size_t i = 0; i < forest.node_count(); ++i)
        if (forest.feature[i] != glassbox::model::format::leaf)
            thresholds[static_cast<std::size_t>(forest.feature[i])].push_back(
                round_down_to_float(forest.threshold[i]));
    for (std::vector<float>& t : thresholds) {
        std::sort(t.begin(), t.end());
        t.erase(std::unique(t.begin(), t.end()), t.end());
        CHECK(t.size() >= 21); // "21 to 33 per feature", under max_counted_thresholds (64)
        CHECK(t.size() <= 33);
    }
}
