// tests/model/fast/packed_forest_test.cpp: the packed forest (Engine::fast) against the plain walk.
// Random forests (classifiers and regressors, shallow and deep, one class and many) and
// random rows, many of them exactly at a threshold or one float step beside it: the
// packed forest must give the very sums that Forest::accumulate gives, bit for bit.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "model/fast/float_rounding.hpp"
#include "model/fast/packed_forest.hpp"
#include "model/model.hpp"

namespace {

using namespace glassbox::model;
using namespace glassbox::model::fast;

/// A threshold as a trained tree might hold it, plus the awkward ones: values that are not
/// floats, values right at a float, and values beyond float's range.
double random_threshold(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> u(-5.0, 5.0);
    switch (rng() % 6) {
    case 0: return static_cast<double>(static_cast<float>(u(rng))); // exactly a float
    case 1: return 1e39;                                            // above FLT_MAX
    case 2: return -1e39;                                           // below -FLT_MAX
    default: return u(rng);
    }
}

/// A forest of `trees` random trees grown breadth first (so parents come first).
Forest random_forest(std::mt19937_64& rng, std::size_t trees, std::size_t max_depth, std::size_t width,
                     std::size_t n_features) {
    Forest forest;
    forest.value_width = width;
    for (std::size_t t = 0; t < trees; ++t) {
        std::vector<std::int32_t> feature;
        std::vector<double> threshold, value;
        std::vector<std::uint32_t> left, right, depth{0};
        for (std::size_t i = 0; i < depth.size(); ++i) {
            const bool split = depth[i] < max_depth && (i == 0 || rng() % 4 != 0);
            feature.push_back(split ? static_cast<std::int32_t>(rng() % n_features) : format::leaf);
            threshold.push_back(split ? random_threshold(rng) : 0.0);
            left.push_back(split ? static_cast<std::uint32_t>(depth.size()) : 0);
            right.push_back(split ? static_cast<std::uint32_t>(depth.size() + 1) : 0);
            if (split) depth.insert(depth.end(), {depth[i] + 1, depth[i] + 1});
            for (std::size_t k = 0; k < width; ++k)
                value.push_back(split ? 0.0 : std::uniform_real_distribution<double>(0.0, 1.0)(rng));
        }
        forest.add_tree(feature, threshold, left, right, value);
    }
    return forest;
}

/// Rows whose values are often a threshold of the forest, or one float step beside one.
std::vector<double> tricky_rows(std::mt19937_64& rng, const Forest& forest, std::size_t rows,
                                std::size_t n_features) {
    std::vector<double> X(rows * n_features);
    for (auto& x : X) {
        const double t = forest.threshold[rng() % forest.threshold.size()];
        const float f = static_cast<float>(as_float32(t));
        switch (rng() % 5) {
        case 0: x = t; break;
        case 1: x = std::nextafter(f, std::numeric_limits<float>::infinity()); break;
        case 2: x = std::nextafter(f, -std::numeric_limits<float>::infinity()); break;
        default: x = std::uniform_real_distribution<double>(-6.0, 6.0)(rng);
        }
    }
    return X;
}

} // namespace

TEST_CASE("round_down_to_float gives the largest float not above t", "[model][kernel]") {
    CHECK(round_down_to_float(0.5) == 0.5f);
    CHECK(static_cast<double>(round_down_to_float(0.1)) <= 0.1);
    CHECK(std::nextafter(round_down_to_float(0.1), 1.0f) > 0.1);
    CHECK(static_cast<double>(round_down_to_float(-0.1)) <= -0.1);
    CHECK(round_down_to_float(1e39) == std::numeric_limits<float>::max());
    CHECK(round_down_to_float(-1e39) == -std::numeric_limits<float>::infinity());
    CHECK(round_down_to_float(std::numeric_limits<double>::infinity()) ==
          std::numeric_limits<float>::infinity());
}

TEST_CASE("the packed forest gives Forest::accumulate's sums bit for bit", "[model][kernel]") {
    struct Shape {
        std::size_t trees, max_depth, width, n_features;
    };
    const auto shape = GENERATE(Shape{1, 0, 1, 1}, Shape{3, 1, 1, 2}, Shape{20, 3, 3, 4}, Shape{40, 9, 3, 4},
                                Shape{17, 12, 5, 7}, Shape{10, 6, 1, 3});
    std::mt19937_64 rng(shape.trees * 1000 + shape.max_depth);
    const Forest forest = random_forest(rng, shape.trees, shape.max_depth, shape.width, shape.n_features);
    const PackedForest packed(forest);
    const std::size_t n = shape.n_features, w = shape.width;
    for (const std::size_t rows : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{100}}) {
        const std::vector<double> X = tricky_rows(rng, forest, rows, n);
        std::vector<float> x32(X.size());
        for (std::size_t i = 0; i < X.size(); ++i) x32[i] = to_float32(X[i]);
        std::vector<double> fast(rows * w, 0.0);
        packed.sum_trees(x32, rows, n, fast);
        std::vector<double> row(n), expected(w);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < n; ++j) row[j] = as_float32(X[r * n + j]);
            std::fill(expected.begin(), expected.end(), 0.0);
            forest.accumulate(row, expected);
            for (std::size_t k = 0; k < w; ++k) REQUIRE(fast[r * w + k] == expected[k]);
        }
    }
}

TEST_CASE("Model::predict on a forest matches the plain walk across chunk sizes", "[model][kernel]") {
    std::mt19937_64 rng(7);
    const std::size_t n = 4, w = 3, rows = 2500; // more than one chunk of rows in predict()
    const Forest forest = random_forest(rng, 25, 8, w, n);
    Metadata metadata{"random", {"a", "b", "c", "d"}, {"x", "y", "z"}, std::vector<FeatureStats>(n)};
    const Model model(Kind::forest_classifier, metadata, forest);
    const std::vector<double> X = tricky_rows(rng, forest, rows, n);
    std::vector<double> values(rows), probabilities(rows * w);
    model.predict(X, rows, values, probabilities);
    std::vector<double> row(n), sum(w);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < n; ++j) row[j] = as_float32(X[r * n + j]);
        std::fill(sum.begin(), sum.end(), 0.0);
        forest.accumulate(row, sum);
        std::size_t best = 0;
        for (std::size_t k = 0; k < w; ++k) {
            REQUIRE(probabilities[r * w + k] == sum[k] / 25.0);
            if (sum[k] > sum[best]) best = k;
        }
        REQUIRE(values[r] == static_cast<double>(best));
    }
}

TEST_CASE("Model::predict gives the same bits under both engines", "[model][kernel][engine]") {
    std::mt19937_64 rng(11);
    const std::size_t n = 4, rows = 1500;
    // Shallow forests take the mask tables, deep ones the batched walk: both against the textbook.
    for (const std::size_t depth : {3, 12}) {
        for (const Kind kind : {Kind::forest_classifier, Kind::forest_regressor}) {
            const std::size_t w = kind == Kind::forest_classifier ? 3 : 1;
            const Forest forest = random_forest(rng, 30, depth, w, n);
            Metadata metadata{"random", {"a", "b", "c", "d"}, {}, std::vector<FeatureStats>(n)};
            if (kind == Kind::forest_classifier) metadata.class_labels = {"x", "y", "z"};
            const Model model(kind, metadata, forest);
            const std::size_t k = model.n_classes();
            const std::vector<double> X = tricky_rows(rng, forest, rows, n);
            std::vector<double> fast(rows), fast_p(rows * k), reference(rows), reference_p(rows * k);
            model.predict(X, rows, fast, fast_p, Engine::fast);
            model.predict(X, rows, reference, reference_p, Engine::reference);
            INFO("depth " << depth << ", " << kind_name(kind));
            for (std::size_t r = 0; r < rows; ++r) REQUIRE(fast[r] == reference[r]);
            for (std::size_t i = 0; i < rows * k; ++i) REQUIRE(fast_p[i] == reference_p[i]);
        }
    }
}
