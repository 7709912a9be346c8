// tests/api/features_test.cpp: decoding predictions bodies: shapes, and every error with its place.
// No sockets: bytes in, rows or a diagnostic out.
#include <catch2/catch.hpp>

#include "api/prediction_json.hpp"

using glassbox::api::decode_features;
using glassbox::api::FeatureDiagnostic;
using glassbox::api::FeatureError;
using glassbox::api::no_index;

namespace {

FeatureDiagnostic failure(std::string_view body, std::size_t columns = 4, std::size_t max_rows = 100) {
    FeatureDiagnostic d;
    const auto rows = decode_features(body, columns, max_rows, d);
    CHECK(rows.values.empty());
    return d;
}

} // namespace

TEST_CASE("rows of features decode row-major", "[api][features]") {
    FeatureDiagnostic d;
    const auto X = decode_features(R"({"features": [[5.1, 3.5, 1.4, 0.2], [6.7, 3, 5.2, 2.3]]})", 4, 100, d);
    REQUIRE_FALSE(d);
    CHECK(X.rows == 2);
    CHECK(X.values == std::vector<double>{5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3});
}

TEST_CASE("a flat array is one row, integers and exponents are numbers", "[api][features]") {
    FeatureDiagnostic d;
    const auto X = decode_features(R"({"features":[1, -2, 3e2, 18446744073709551615]})", 4, 100, d);
    REQUIRE_FALSE(d);
    CHECK(X.rows == 1);
    CHECK(X.values == std::vector<double>{1.0, -2.0, 300.0, 18446744073709551615.0});
}

TEST_CASE("malformed JSON is malformed_json with the byte position", "[api][features]") {
    const auto d = failure(R"({"features": [[1, 2,, 3]]})");
    CHECK(d.code == FeatureError::malformed_json);
    CHECK(d.position == 20);
    CHECK(d.message.starts_with("The body is not valid JSON: at line 1, column 21"));
    CHECK(failure("").code == FeatureError::malformed_json);
    // NaN and Infinity are not JSON literals at all.
    CHECK(failure(R"({"features": [NaN, 1, 2, 3]})").code == FeatureError::malformed_json);
    CHECK(failure(R"({"features": [Infinity, 1, 2, 3]})").code == FeatureError::malformed_json);
}

TEST_CASE("a row with the wrong number of values names the row and the count", "[api][features]") {
    auto d = failure(R"({"features": [[1, 2, 3, 4], [1, 2, 3]]})");
    CHECK(d.code == FeatureError::wrong_count);
    CHECK(d.row == 1);
    CHECK(d.got == 3);
    CHECK(d.message == "Row 1 has 3 values, but the model takes 4.");
    d = failure(R"({"features": [[1, 2, 3, 4, 5, 6]]})");
    CHECK(d.code == FeatureError::wrong_count);
    CHECK(d.got == 6);
    d = failure(R"({"features": [1]})");
    CHECK(d.message == "Row 0 has 1 value, but the model takes 4.");
    CHECK(failure(R"({"features": [[]]})").code == FeatureError::wrong_count);
}

TEST_CASE("strings, null, booleans, objects name their row and column", "[api][features]") {
    auto d = failure(R"({"features": [[1, 2, 3, 4], [1, "2", 3, 4]]})");
    CHECK(d.code == FeatureError::not_a_number);
    CHECK(d.row == 1);
    CHECK(d.column == 1);
    CHECK(d.message ==
          "features[1][1] (row 1, column 1) is a string; every feature must be a finite number.");
    d = failure(R"({"features": [1, 2, null, 4]})");
    CHECK(d.code == FeatureError::not_a_number);
    CHECK(d.row == 0);
    CHECK(d.column == 2);
    CHECK(d.message == "features[2] (row 0, column 2) is null; every feature must be a finite number.");
    CHECK(failure(R"({"features": [[true, 2, 3, 4]]})").column == 0);
    CHECK(failure(R"({"features": [[1, {}, 3, 4]]})").code == FeatureError::not_a_number);
    CHECK(failure(R"({"features": [[1, [2], 3, 4]]})").code == FeatureError::not_a_number);
}

TEST_CASE("a number that overflows to infinity is not_finite, not malformed", "[api][features]") {
    auto d = failure(R"({"features": [[1, 2, 3, 4], [1, 2, 1e999, 4]]})");
    CHECK(d.code == FeatureError::not_finite);
    CHECK(d.row == 1);
    CHECK(d.column == 2);
    CHECK(d.message ==
          "features[1][2] (row 1, column 2) is too large for a double (it would be infinity); every "
          "feature must be a finite number.");
    d = failure(R"({"features": [-1e400, 1, 2, 3]})");
    CHECK(d.code == FeatureError::not_finite);
    CHECK(d.column == 0);
}

TEST_CASE("other shapes are bad_shape or no_rows", "[api][features]") {
    CHECK(failure("[[1, 2, 3, 4]]").code == FeatureError::bad_shape);
    CHECK(failure("42").code == FeatureError::bad_shape);
    CHECK(failure(R"({"rows": [[1, 2, 3, 4]]})").code == FeatureError::bad_shape);
    CHECK(failure(R"({})").code == FeatureError::bad_shape);
    CHECK(failure(R"({"features": [[1, 2, 3, 4]], "features": [[1, 2, 3, 4]]})").code ==
          FeatureError::bad_shape);
    CHECK(failure(R"({"features": 5})").code == FeatureError::bad_shape);
    CHECK(failure(R"({"features": {"a": 1}})").code == FeatureError::bad_shape);
    auto d = failure(R"({"features": [[1, 2, 3, 4], 5]})");
    CHECK(d.code == FeatureError::bad_shape);
    CHECK(d.message.starts_with("features[1] is a number"));
    CHECK(failure(R"({"features": []})").code == FeatureError::no_rows);
    CHECK(failure(R"({"features": []})").row == no_index);
}

TEST_CASE("more rows than the limit is too_many_rows, exactly the limit is fine", "[api][features]") {
    const std::string three = R"({"features": [[1,2],[3,4],[5,6]]})";
    FeatureDiagnostic d;
    CHECK(decode_features(three, 2, 3, d).rows == 3);
    CHECK_FALSE(d);
    d = failure(three, 2, 2);
    CHECK(d.code == FeatureError::too_many_rows);
    CHECK(d.message.starts_with("This request has more than 2 rows"));
}
