// tests/model/overflow_test.cpp: predictions that overflow a double are flagged, never passed on.
// Course topic: model.predict(X) at the edges of floating point. A finite input can still give
// an infinite score (1e308 * 10); that row must be refused by name, while finite scores, however
// large, must give finite probabilities (softmax and one-vs-rest in their stable forms).
#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>

#include "model_test_support.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

/// Predicts `rows` rows of `X` with `m`; values then probabilities.
std::pair<std::vector<double>, std::vector<double>> run(const Model& m, const std::vector<double>& X) {
    const std::size_t rows = X.size() / m.n_features();
    std::vector<double> values(rows), p(rows * m.n_classes());
    m.predict(X, rows, values, p);
    return {values, p};
}

bool all_finite(const std::vector<double>& v) {
    return std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
}

} // namespace

TEST_CASE("a linear score that overflows is named by its row", "[model][overflow]") {
    const Model m(Kind::linear_regression, metadata(2, {}), Linear{1, Link::identity, {1e300, 1e300}, {0}});
    const auto [values, p] = run(m, {1, 2, 1e10, 1e10, 3, 4});
    CHECK(first_non_finite_row(values, p, 3) == 1);
    const auto [fine, q] = run(m, {1, 2, 3, 4});
    CHECK(first_non_finite_row(fine, q, 2) == 2);
}

TEST_CASE("a logistic score that overflows gives no probabilities, for every link", "[model][overflow]") {
    for (const Link link : {Link::sigmoid, Link::softmax, Link::one_vs_rest}) {
        const std::size_t outputs = link == Link::sigmoid ? 1 : 3;
        const std::vector<std::string> classes = link == Link::sigmoid
                                                     ? std::vector<std::string>{"a", "b"}
                                                     : std::vector<std::string>{"a", "b", "c"};
        std::vector<double> coef(outputs * 2, 1e300);
        const Model m(Kind::logistic_regression, metadata(2, classes),
                      Linear{outputs, link, coef, std::vector<double>(outputs, 0.0)});
        const auto [values, p] = run(m, {0, 0, 1e10, 1e10});
        INFO(link_name(link));
        CHECK(first_non_finite_row(values, p, 2) == 1);
        CHECK(values[1] < static_cast<double>(classes.size())); // still a class index
    }
}

TEST_CASE("finite scores, however large, give finite probabilities that sum to 1", "[model][overflow]") {
    // Scores of -1e4 .. -1e300: every sigmoid underflows to 0, so the plain one-vs-rest
    // normalisation divides 0 by 0.
    for (const Link link : {Link::softmax, Link::one_vs_rest}) {
        const Model m(Kind::logistic_regression, metadata(2, {"a", "b", "c"}),
                      Linear{3, link, {1, 0, 0, 1, 1, 1}, {0, -1, -2}});
        for (const double x : {-1e4, -1e300, -DBL_MAX / 4, 1e300, 800.0, -800.0}) {
            const auto [values, p] = run(m, {x, x});
            INFO(link_name(link) << " x = " << x);
            CHECK(all_finite(p));
            CHECK(first_non_finite_row(values, p, 1) == 1);
            CHECK(std::abs(p[0] + p[1] + p[2] - 1.0) < 1e-12);
        }
    }
    const Model binary(Kind::logistic_regression, metadata(2, {"a", "b"}),
                       Linear{1, Link::sigmoid, {1, 1}, {0}});
    for (const double x : {-1e300, 1e300, -800.0, 800.0}) {
        const auto [values, p] = run(binary, {x, x});
        CHECK(all_finite(p));
        CHECK(p[0] + p[1] == 1.0);
    }
}

TEST_CASE("a forest whose finite leaves sum past DBL_MAX is named by its row", "[model][overflow]") {
    Forest f;
    f.value_width = 1;
    for (int t = 0; t < 3; ++t)
        f.add_tree(std::vector<std::int32_t>{0, format::leaf, format::leaf}, std::vector<double>{0.5, 0, 0},
                   std::vector<std::uint32_t>{1, 0, 0}, std::vector<std::uint32_t>{2, 0, 0},
                   std::vector<double>{0, 1.0, DBL_MAX});
    const Model m(Kind::forest_regressor, metadata(2, {}), std::move(f));
    const auto [values, p] = run(m, {0, 0, 1, 0});
    CHECK(values[0] == 1.0);
    CHECK(first_non_finite_row(values, p, 2) == 1);
}
