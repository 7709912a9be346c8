// tests/api/drift_test.cpp: PSI against hand-worked values, histogram bins, and rows from many threads.
#include <catch2/catch.hpp>

#include <cmath>
#include <thread>

#include "api/monitoring.hpp"

using glassbox::api::drift_bin;
using glassbox::api::DriftMonitor;
using glassbox::api::population_stability_index;
using glassbox::model::FeatureStats;

namespace {

glassbox::model::Model one_feature_model(FeatureStats stats) {
    glassbox::model::Metadata metadata;
    metadata.name = "m";
    metadata.feature_names = {"x"};
    metadata.feature_stats = {std::move(stats)};
    glassbox::model::Linear linear;
    linear.n_outputs = 1;
    linear.coef = {1.0};
    linear.intercept = {0.0};
    return glassbox::model::Model(glassbox::model::Kind::linear_regression, metadata, linear);
}

} // namespace

TEST_CASE("PSI of identical distributions is 0", "[api][drift]") {
    const std::vector<std::uint64_t> a{10, 20, 30};
    const std::vector<std::uint64_t> b{1, 2, 3};
    CHECK(population_stability_index(a, b) == Approx(0.0).margin(1e-15));
}

TEST_CASE("PSI matches a hand-worked value", "[api][drift]") {
    // e = (0.5, 0.5), a = (0.25, 0.75): (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5) = 0.274653...
    const std::vector<std::uint64_t> expected{50, 50};
    const std::vector<std::uint64_t> actual{25, 75};
    CHECK(population_stability_index(expected, actual) ==
          Approx(0.25 * std::log(2.0) + 0.25 * std::log(1.5)).epsilon(1e-12));
}

TEST_CASE("PSI floors empty bins at epsilon and is NaN without data", "[api][drift]") {
    // e = (1, 0) → (1, 1e-4); a = (0, 1) → (1e-4, 1): two terms of (1 - 1e-4) ln(1e4).
    const std::vector<std::uint64_t> expected{10, 0};
    const std::vector<std::uint64_t> actual{0, 10};
    CHECK(population_stability_index(expected, actual) ==
          Approx(2 * (1 - 1e-4) * std::log(1e4)).epsilon(1e-12));
    const std::vector<std::uint64_t> empty{0, 0};
    CHECK(std::isnan(population_stability_index(expected, empty)));
    CHECK(std::isnan(population_stability_index(expected, std::vector<std::uint64_t>{1})));
}

TEST_CASE("values fall in underflow, the training bins, or overflow", "[api][drift]") {
    FeatureStats s;
    s.min = 0.0;
    s.max = 10.0;
    s.histogram = {1, 1, 1, 1, 1}; // bins of width 2
    CHECK(drift_bin(s, -0.1) == 0);
    CHECK(drift_bin(s, 0.0) == 1);
    CHECK(drift_bin(s, 1.99) == 1);
    CHECK(drift_bin(s, 2.0) == 2);
    CHECK(drift_bin(s, 10.0) == 5); // max belongs to the last bin
    CHECK(drift_bin(s, 10.5) == 6);
}

TEST_CASE("drift from many threads merges to the exact mean and deviation", "[api][drift]") {
    FeatureStats s;
    s.count = 100;
    s.mean = 5.0;
    s.stddev = 2.0;
    s.min = 0.0;
    s.max = 10.0;
    s.histogram = {20, 20, 20, 20, 20};
    DriftMonitor monitor(one_feature_model(s));
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&monitor, t] {
            for (int i = 0; i < 250; ++i) {
                const double x = (i % 2 == 0) ? 8.0 + t : 12.0 + t; // values 8..15
                monitor.record(std::span(&x, 1), 1);
            }
        });
    }
    for (auto& t : threads) t.join();
    const auto report = monitor.report();
    CHECK(report.rows == 1000);
    REQUIRE(report.features.size() == 1);
    const auto& f = report.features[0];
    // Values: 8..11 and 12..15 equally often → mean 11.5, population variance 4 + 1.25 = 5.25.
    CHECK(f.live_mean == Approx(11.5));
    CHECK(f.live_stddev == Approx(std::sqrt(5.25)));
    CHECK(f.mean_shift == Approx((11.5 - 5.0) / 2.0));
    CHECK(f.psi > 0.25); // most values overflow the training range: a large shift
    CHECK(f.live_histogram.size() == 7);
    CHECK(f.live_histogram[6] == 625); // 11..15 above max (10): 5 of the 8 values
}

TEST_CASE("no live rows: live figures are NaN", "[api][drift]") {
    FeatureStats s;
    s.count = 10;
    s.stddev = 1.0;
    s.max = 1.0;
    s.histogram = {5, 5};
    DriftMonitor monitor(one_feature_model(s));
    const auto report = monitor.report();
    CHECK(report.rows == 0);
    CHECK(std::isnan(report.features[0].live_mean));
    CHECK(std::isnan(report.features[0].psi));
}
