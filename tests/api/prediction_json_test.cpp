// tests/api/prediction_json_test.cpp: the predictions body, byte for byte.
// The fast writer sizes its buffer from the numbers before writing them; these tests hold it
// to the reference writer (prediction_json_reference in api/prediction_json.cpp: a std::string and
// append_number), at the numbers' extremes too.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "api/fast/prediction_json.hpp"
#include "api/number_text.hpp"
#include "api/prediction_json.hpp"

using glassbox::api::append_number;
using glassbox::api::prediction_json;
using glassbox::api::prediction_json_reference;

TEST_CASE("a classifier's body: labels, and probabilities with 0 and 1 short", "[api][prediction_json]") {
    const std::vector<std::string> labels = {R"("setosa")", R"("versicolor")", R"("virginica")"};
    const std::vector<double> values{0, 2};
    const std::vector<double> probabilities{1, 0, 0, 0, 0.04, 0.96};
    const std::string expected =
        R"({"model":"iris","predictions":["setosa","virginica"],"probabilities":[[1,0,0],[0,0.04,0.96]]})";
    CHECK(prediction_json(R"("iris")", labels, values, probabilities) == expected);
    CHECK(prediction_json_reference(R"("iris")", labels, values, probabilities) == expected);
}

TEST_CASE("a regressor's body: shortest round-trip numbers, no probabilities", "[api][prediction_json]") {
    const std::vector<double> values{0.1, -0.0, 1e-7, 3, 1, 0};
    const std::string expected = R"({"model":"house","predictions":[0.1,-0,1e-07,3,1,0]})";
    CHECK(prediction_json(R"("house")", {}, values, {}) == expected);
    CHECK(prediction_json_reference(R"("house")", {}, values, {}) == expected);
}

TEST_CASE("the writer equals the reference writer at every extreme", "[api][prediction_json]") {
    const double extremes[] = {0.0,
                               -0.0,
                               1.0,
                               -1.0,
                               0.1,
                               1.0 / 3.0,
                               2.0 / 3.0,
                               std::numeric_limits<double>::min(),
                               std::numeric_limits<double>::denorm_min(),
                               -std::numeric_limits<double>::max(),
                               -2.2250738585072014e-308,
                               std::numeric_limits<double>::quiet_NaN(),
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity()};
    std::mt19937_64 random(42);
    std::uniform_int_distribution<std::size_t> pick(0, std::size(extremes) - 1);
    std::uniform_int_distribution<std::uint64_t> any;
    const std::vector<std::string> labels = {R"("a")", R"("a longer \"quoted\" label")"};
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t rows = 1 + static_cast<std::size_t>(trial % 17);
        std::vector<double> values(rows);
        std::vector<double> probabilities(rows * 2);
        for (double& p : probabilities) {
            const std::uint64_t raw = any(random);
            double random_double;
            std::memcpy(&random_double, &raw, sizeof random_double);
            p = trial % 2 ? extremes[pick(random)] : random_double;
        }
        for (std::size_t r = 0; r < rows; ++r) values[r] = static_cast<double>(r % 2);
        CHECK(prediction_json(R"("m")", labels, values, probabilities) ==
              prediction_json_reference(R"("m")", labels, values, probabilities));
        // A regressor whose outputs are the same extremes, NaN and infinities included.
        CHECK(prediction_json(R"("m")", {}, probabilities, {}) ==
              prediction_json_reference(R"("m")", {}, probabilities, {}));
    }
}

TEST_CASE("write_number's short cuts spell what std::to_chars spells", "[api][prediction_json]") {
    for (const double value : {0.0, -0.0, 1.0, -1.0, 0.5, 1e-300, 1.0000000000000002, 0.9999999999999999}) {
        char expected[64];
        const auto end = std::to_chars(expected, expected + sizeof expected, value).ptr;
        std::string text;
        append_number(text, value);
        CHECK(text == std::string(expected, end));
    }
}

TEST_CASE("short fractions from 0.01 up to 1 are spelled as std::to_chars spells them",
          "[api][prediction_json]") {
    const auto same_as_to_chars = [](double value) {
        char expected[64];
        const auto end = std::to_chars(expected, expected + sizeof expected, value).ptr;
        std::string text;
        append_number(text, value);
        return text == std::string(expected, end);
    };
    // Every decimal 0.0001 ... 0.9999, its neighbours one ulp away, and the sums a forest makes.
    int mismatches = 0;
    for (int m = 1; m < 10000; ++m) {
        const double value = m / 10000.0;
        for (const double v : {value, std::nextafter(value, 0.0), std::nextafter(value, 1.0)}) {
            if (!same_as_to_chars(v)) ++mismatches;
        }
    }
    double votes = 0;
    for (int tree = 0; tree < 1000; ++tree) {
        votes += 1.0 / 1000;
        if (!same_as_to_chars(votes) || !same_as_to_chars(votes / 3)) ++mismatches;
    }
    std::mt19937_64 random(11);
    std::uniform_real_distribution<double> fraction(0.0, 1.0);
    for (int i = 0; i < 100000; ++i) {
        if (!same_as_to_chars(fraction(random))) ++mismatches;
    }
    CHECK(mismatches == 0);
}
