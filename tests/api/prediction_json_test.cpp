// tests/api/prediction_json_test.cpp: the predictions body, byte for byte.
// The writer sizes its buffer from the numbers before writing them; these tests hold it to
// the text a plain std::string + append_number writer gives, at the numbers' extremes too.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "api/number_text.hpp"
#include "api/prediction_json.hpp"

using glassbox::api::append_number;
using glassbox::api::prediction_json;

namespace {

/// The body written the obvious way, one append at a time: what prediction_json must equal.
std::string expected_json(const std::string& name_json, const std::vector<std::string>& label_json,
                          const std::vector<double>& values, const std::vector<double>& probabilities,
                          std::size_t classes) {
    std::string body = R"({"model":)" + name_json + R"(,"predictions":[)";
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (r) body += ',';
        if (!label_json.empty())
            body += label_json[static_cast<std::size_t>(values[r])];
        else
            append_number(body, values[r]);
    }
    body += ']';
    if (classes > 0) {
        body += R"(,"probabilities":[)";
        for (std::size_t r = 0; r < values.size(); ++r) {
            body += r ? ",[" : "[";
            for (std::size_t c = 0; c < classes; ++c) {
                if (c) body += ',';
                append_number(body, probabilities[r * classes + c]);
            }
            body += ']';
        }
        body += ']';
    }
    return body + '}';
}

} // namespace

TEST_CASE("a classifier's body: labels, and probabilities with 0 and 1 short", "[api][prediction_json]") {
    const std::vector<std::string> labels = {R"("setosa")", R"("versicolor")", R"("virginica")"};
    CHECK(prediction_json(R"("iris")", labels, std::vector<double>{0, 2},
                          std::vector<double>{1, 0, 0, 0, 0.04, 0.96}) ==
          R"({"model":"iris","predictions":["setosa","virginica"],"probabilities":[[1,0,0],[0,0.04,0.96]]})");
}

TEST_CASE("a regressor's body: shortest round-trip numbers, no probabilities", "[api][prediction_json]") {
    CHECK(prediction_json(R"("house")", {}, std::vector<double>{0.1, -0.0, 1e-7, 3, 1, 0}, {}) ==
          R"({"model":"house","predictions":[0.1,-0,1e-07,3,1,0]})");
}

TEST_CASE("the writer equals the plain writer at every extreme", "[api][prediction_json]") {
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
              expected_json(R"("m")", labels, values, probabilities, 2));
        // A regressor whose outputs are the same extremes, NaN and infinities included.
        CHECK(prediction_json(R"("m")", {}, probabilities, {}) ==
              expected_json(R"("m")", {}, probabilities, {}, 0));
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
