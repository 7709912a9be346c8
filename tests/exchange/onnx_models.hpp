// tests/exchange/onnx_models.hpp: one model of every kind, on several data sets, with the
// rows to predict: each data set's rows, and for forests three rows per split (the float32
// nearest the threshold and the floats just below and just above it).
// Shared by the ONNX Runtime parity test and the onnx.checker test.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/model_test_support.hpp"
#include "model/train.hpp"

namespace glassbox::exchange::test {

/// A model to export and the rows (row-major, n_features each) to predict with it.
struct Case {
    std::string name;
    model::Model model;
    std::vector<double> x;
    std::size_t rows = 0;
};

/// A deterministic synthetic data set: 240 rows of 6 features on very different scales
/// (decimals no float holds exactly, so split thresholds fall between floats), and either
/// 4 classes from a noisy rule or a numeric target.
inline model::Dataset synthetic(bool classes) {
    model::Dataset d;
    d.feature_names = {"a", "b", "c", "d", "e", "f"};
    std::uint64_t state = 12345;
    const auto next = [&state] { // xorshift64*: reproducible everywhere
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return static_cast<double>((state * 2685821657736338717ull) >> 11) * 0x1p-53;
    };
    const double scale[] = {1.0, 1e-3, 1e3, 0.1, 1e6, 7.0};
    for (std::size_t r = 0; r < 240; ++r) {
        double score = 0.0;
        for (std::size_t j = 0; j < 6; ++j) {
            const double v = (next() - 0.3) * scale[j] + 0.1;
            d.X.push_back(v);
            score += v / scale[j] * (j % 2 ? 1.0 : -0.7);
        }
        score += 0.4 * next();
        d.y.push_back(classes ? std::floor(std::fmod(std::abs(score) * 3.0, 4.0)) : score * 10.0 + 3.0);
    }
    d.rows = 240;
    if (classes) d.class_labels = {"k0", "k1", "k2", "k3"};
    return d;
}

/// Iris with only versicolor and virginica (they overlap: impure leaves, near ties).
inline model::Dataset iris_two_classes() {
    const model::Dataset all = model::test::iris();
    model::Dataset d;
    d.feature_names = all.feature_names;
    d.class_labels = {all.class_labels[1], all.class_labels[2]};
    for (std::size_t r = 0; r < all.rows; ++r) {
        if (all.y[r] == 0) continue;
        d.X.insert(d.X.end(), all.X.begin() + static_cast<std::ptrdiff_t>(r * 4),
                   all.X.begin() + static_cast<std::ptrdiff_t>(r * 4 + 4));
        d.y.push_back(all.y[r] - 1);
        ++d.rows;
    }
    return d;
}

/// `data`'s rows, then three rows per split of `m` (if a forest): a data row with the split's
/// feature set to the float nearest the threshold, and to the floats on either side of it.
inline Case make_case(std::string name, model::Model m, const model::Dataset& data) {
    Case c{std::move(name), std::move(m), data.X, data.rows};
    if (const model::Forest* f = c.model.forest()) {
        const std::size_t n = data.n_features();
        for (std::size_t i = 0; i < f->node_count(); ++i) {
            if (f->feature[i] == model::format::leaf) continue;
            const float near = static_cast<float>(f->threshold[i]);
            for (const float v : {std::nextafter(near, -INFINITY), near, std::nextafter(near, INFINITY)}) {
                const std::size_t base = (i % data.rows) * n;
                for (std::size_t j = 0; j < n; ++j)
                    c.x.push_back(j == static_cast<std::size_t>(f->feature[i]) ? v : data.X[base + j]);
                ++c.rows;
            }
        }
    }
    return c;
}

/// Every model kind glassbox has, trained on iris, two-class iris and the synthetic sets.
inline std::vector<Case> all_cases() {
    model::Diagnostic d;
    const model::Dataset iris = model::test::iris(), two = iris_two_classes();
    const model::Dataset classes = synthetic(true), numbers = synthetic(false);
    model::ForestOptions forest;
    forest.trees = 30;
    forest.seed = 7;
    model::ForestOptions one_tree;
    one_tree.trees = 1;
    one_tree.max_features = 4;
    model::ForestOptions shallow;
    shallow.trees = 25;
    shallow.max_depth = 3;
    shallow.seed = 3;
    model::ForestOptions deep;
    deep.trees = 20;
    deep.max_depth = 8;
    deep.seed = 11;
    std::vector<Case> cases;
    cases.push_back(make_case("iris-forest", model::train_forest(iris, forest, "iris", d), iris));
    cases.push_back(make_case("iris-tree", model::train_forest(iris, one_tree, "iris-tree", d), iris));
    cases.push_back(make_case("two-class-forest", model::train_forest(two, shallow, "two", d), two));
    cases.push_back(make_case("synthetic-forest", model::train_forest(classes, deep, "syn", d), classes));
    cases.push_back(
        make_case("synthetic-forest-regressor", model::train_forest(numbers, deep, "synr", d), numbers));
    one_tree.max_features = 6;
    cases.push_back(
        make_case("synthetic-tree-regressor", model::train_forest(numbers, one_tree, "t", d), numbers));
    cases.push_back(
        make_case("synthetic-linear", model::train_linear_regression(numbers, "lin", d), numbers));
    cases.push_back(make_case("iris-logistic", model::train_logistic_regression(iris, {}, "lr", d), iris));
    cases.push_back(
        make_case("two-class-logistic", model::train_logistic_regression(two, {}, "lr2", d), two));
    cases.push_back(
        make_case("synthetic-logistic", model::train_logistic_regression(classes, {}, "lr4", d), classes));
    // One-vs-rest comes from scikit-learn's importer only: the multinomial weights, relinked.
    model::Linear ovr = *cases.back().model.linear();
    ovr.link = model::Link::one_vs_rest;
    cases.push_back(make_case(
        "synthetic-one-vs-rest",
        model::Model(model::Kind::logistic_regression, cases.back().model.metadata(), ovr), classes));
    if (d) throw std::runtime_error("training a test model failed: " + d.message);
    return cases;
}

} // namespace glassbox::exchange::test
