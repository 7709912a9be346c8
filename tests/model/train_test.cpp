// tests/model/train_test.cpp: training: accuracy, solver sanity, reproducibility.
// Course topic: model.fit. A forest must generalise on iris (held-out accuracy >= 0.95);
// logistic regression must land on scikit-learn's optimum; the same seed must give the
// same bytes, so the committed model.bin can be rebuilt exactly.
#include <catch2/catch.hpp>
#include <random>

#include "model/random.hpp"
#include "model/train.hpp"
#include "model_test_support.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

/// Splits `data` into (train, test) after a seeded shuffle; `test_rows` go to test.
std::pair<Dataset, Dataset> split(const Dataset& data, std::size_t test_rows, std::uint64_t seed) {
    std::vector<std::size_t> order(data.rows);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937_64 rng(seed);
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[uniform_below(rng, i)]);
    Dataset train = data, test = data;
    train.X.clear(), train.y.clear(), test.X.clear(), test.y.clear();
    const std::size_t p = data.n_features();
    for (std::size_t i = 0; i < order.size(); ++i) {
        Dataset& to = i < test_rows ? test : train;
        to.X.insert(to.X.end(), data.X.begin() + static_cast<std::ptrdiff_t>(order[i] * p),
                    data.X.begin() + static_cast<std::ptrdiff_t>((order[i] + 1) * p));
        to.y.push_back(data.y[order[i]]);
    }
    train.rows = train.y.size();
    test.rows = test.y.size();
    return {train, test};
}

double accuracy(const Model& m, const Dataset& data) {
    std::vector<double> predicted(data.rows);
    m.predict(data.X, data.rows, predicted, {});
    double hits = 0;
    for (std::size_t r = 0; r < data.rows; ++r) hits += predicted[r] == data.y[r] ? 1 : 0;
    return hits / static_cast<double>(data.rows);
}

} // namespace

TEST_CASE("a forest classifies held-out iris rows with accuracy >= 0.95", "[model][train]") {
    const auto [train, test] = split(iris(), 50, 2024);
    Diagnostic d;
    ForestOptions options;
    options.seed = 7;
    const Model m = train_forest(train, options, "iris", d);
    REQUIRE_FALSE(d);
    CHECK(m.summary().trees == 100);
    CHECK(accuracy(m, test) >= 0.95);
    CHECK(accuracy(m, train) == 1.0); // fully grown trees fit their data
}

TEST_CASE("forest options bound the trees: depth, leaf size, tree count", "[model][train]") {
    Diagnostic d;
    ForestOptions options;
    options.trees = 5;
    options.max_depth = 2;
    options.min_samples_leaf = 3;
    const Model m = train_forest(iris(), options, "small", d);
    REQUIRE_FALSE(d);
    CHECK(m.summary().trees == 5);
    CHECK(m.summary().max_depth <= 2);
    CHECK(m.summary().nodes <= 5 * 7);
}

TEST_CASE("the same seed gives the same bytes, another seed other bytes", "[model][train]") {
    Diagnostic d;
    ForestOptions options;
    options.trees = 10;
    options.seed = 1;
    const auto a = save(train_forest(iris(), options, "iris", d));
    const auto b = save(train_forest(iris(), options, "iris", d));
    options.seed = 2;
    const auto c = save(train_forest(iris(), options, "iris", d));
    CHECK(a == b);
    CHECK(a != c);
}

TEST_CASE("retraining with the documented command reproduces model.bin byte for byte", "[model][train]") {
    // docs/model-format.md: glassbox train --data examples/data/iris.csv --target species
    //   --kind forest --trees 100 --seed 42 --name iris -o model.bin
    Diagnostic d;
    ForestOptions options;
    options.trees = 100;
    options.seed = 42;
    const Model m = train_forest(iris(), options, "iris", d);
    REQUIRE_FALSE(d);
    CHECK(save(m) == read_bytes(source_path("model.bin")));
}

TEST_CASE("a forest regressor fits a numeric target", "[model][train]") {
    Diagnostic d;
    const Table table = parse_csv(read_text(source_path("examples/data/iris.csv")), d);
    Table numeric = table; // drop species, predict petal_width from the other three
    for (auto& row : numeric.rows) row.pop_back();
    numeric.header.pop_back();
    const Dataset data = make_dataset(numeric, "petal_width", Target::numbers, d);
    REQUIRE_FALSE(d);
    ForestOptions options;
    options.trees = 20;
    const Model m = train_forest(data, options, "width", d);
    REQUIRE(m.kind() == Kind::forest_regressor);
    std::vector<double> predicted(data.rows);
    m.predict(data.X, data.rows, predicted, {});
    double squares = 0;
    for (std::size_t r = 0; r < data.rows; ++r)
        squares += (predicted[r] - data.y[r]) * (predicted[r] - data.y[r]);
    CHECK(std::sqrt(squares / static_cast<double>(data.rows)) < 0.15);
}

TEST_CASE("logistic regression reaches scikit-learn's optimum on iris (C = 1)", "[model][train]") {
    Diagnostic d;
    const Model m = train_logistic_regression(iris(), {}, "iris", d);
    REQUIRE_FALSE(d);
    const Linear& l = *m.linear();
    CHECK(l.link == Link::softmax);
    // scikit-learn 1.2: LogisticRegression(max_iter=1000, tol=1e-10).fit(X, y); its lbfgs
    // stops a little short of the optimum that Newton's method finds, hence 2e-3.
    const std::vector<double> coef = {-0.42305432, 0.96712972,  -2.51738615, -1.07954118,
                                      0.53406558,  -0.32128899, -0.20624041, -0.94420438,
                                      -0.11101126, -0.64584073, 2.72362657,  2.02374556};
    const std::vector<double> intercept = {9.84860657, 2.23804352, -12.08665009};
    for (std::size_t i = 0; i < coef.size(); ++i) CHECK(l.coef[i] == Approx(coef[i]).margin(2e-3));
    for (std::size_t i = 0; i < 3; ++i) CHECK(l.intercept[i] == Approx(intercept[i]).margin(2e-3));
    const auto [train, test] = split(iris(), 50, 2024);
    CHECK(accuracy(train_logistic_regression(train, {}, "iris", d), test) >= 0.9);
}

TEST_CASE("binary logistic regression uses one sigmoid row", "[model][train]") {
    Dataset data = iris();
    for (auto& y : data.y) y = y == 0 ? 0 : 1; // setosa or not
    data.class_labels = {"setosa", "other"};
    Diagnostic d;
    const Model m = train_logistic_regression(data, {}, "setosa", d);
    REQUIRE_FALSE(d);
    CHECK(m.linear()->link == Link::sigmoid);
    CHECK(m.linear()->n_outputs == 1);
    CHECK(accuracy(m, data) == 1.0);
}

TEST_CASE("linear regression recovers exact coefficients and refuses collinear data", "[model][train]") {
    Dataset data;
    data.feature_names = {"a", "b"};
    for (int i = 0; i < 20; ++i) {
        const double a = i * 0.5, b = (i * 7 % 11) - 3.0;
        data.X.insert(data.X.end(), {a, b});
        data.y.push_back(3 * a - 2 * b + 5);
    }
    data.rows = 20;
    Diagnostic d;
    const Model m = train_linear_regression(data, "exact", d);
    REQUIRE_FALSE(d);
    CHECK(m.linear()->coef[0] == Approx(3).epsilon(1e-12));
    CHECK(m.linear()->coef[1] == Approx(-2).epsilon(1e-12));
    CHECK(m.linear()->intercept[0] == Approx(5).epsilon(1e-12));
    for (std::size_t r = 0; r < data.rows; ++r) data.X[r * 2 + 1] = 2 * data.X[r * 2]; // b = 2a
    train_linear_regression(data, "collinear", d);
    CHECK(d.code == DataError::singular);
    CHECK(d.message.find("'b'") != std::string::npos);
}
