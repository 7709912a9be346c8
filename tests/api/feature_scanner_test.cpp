// tests/api/feature_scanner_test.cpp: the fast path against strtod and against the SAX decoder.
// Numbers: every value read_json_number gives must be the double strtod gives for the same
// text (bit for bit), at the edges of a double too. Bodies: whatever scan_features accepts, the
// SAX decoder must read to the same bits; whatever it refuses, decode_features still explains.
#include <catch2/catch.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "api/fast/feature_scanner.hpp"
#include "api/prediction_json.hpp"
#include "api/read_json_number.hpp"
#include "support/feature_bodies.hpp"

using glassbox::api::decode_features;
using glassbox::api::decode_features_sax;
using glassbox::api::FeatureDiagnostic;
using glassbox::api::FeatureRows;
using glassbox::api::read_json_number;
using glassbox::api::scan_features;

namespace {

/// The bits of a double: 0.0 and -0.0 differ here, as they do in a response.
std::uint64_t bits(double value) {
    std::uint64_t out;
    std::memcpy(&out, &value, sizeof out);
    return out;
}

/// read_json_number over the whole of `text`; false if it refused or stopped early.
bool read(const std::string& text, double& value) {
    const char* end = read_json_number(text.data(), text.data() + text.size(), value);
    return end == text.data() + text.size();
}

/// True when read_json_number reads `text` to exactly strtod's double.
bool same_as_strtod(const std::string& text) {
    double value = 0;
    if (!read(text, value)) return false;
    return bits(value) == bits(std::strtod(text.c_str(), nullptr));
}

/// The rows of `body` through both paths; true when the fast path accepts and they agree.
bool fast_equals_sax(const std::string& body, std::size_t columns) {
    FeatureRows fast;
    if (!scan_features(body, columns, 1000, fast)) return false;
    FeatureDiagnostic d;
    const FeatureRows slow = decode_features_sax(body, columns, 1000, d);
    if (d || slow.rows != fast.rows || slow.values.size() != fast.values.size()) return false;
    for (std::size_t i = 0; i < fast.values.size(); ++i) {
        if (bits(fast.values[i]) != bits(slow.values[i])) return false;
    }
    return true;
}

std::string printed(const char* format, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

} // namespace

TEST_CASE("JSON numbers read to strtod's double", "[api][features][number]") {
    for (const char* text : {"0",
                             "1",
                             "-1",
                             "5.1",
                             "0.1",
                             "0.2",
                             "0.30000000000000004",
                             "3.5e2",
                             "1E-7",
                             "1e+22",
                             "1e22",
                             "1e23",
                             "9007199254740993",
                             "9007199254740993.0",
                             "123456789012345678901234567890",
                             "0.1e-5",
                             "18446744073709551615",
                             "18446744073709551616",
                             "-9223372036854775808",
                             "-9223372036854775809",
                             "2.2250738585072011e-308",
                             "2.2250738585072014e-308",
                             "4.9406564584124654e-324",
                             "1.7976931348623157e308",
                             "1.7976931348623158e308",
                             "0.000000000000000000000000000001234",
                             "1e0000000000000000000000000005",
                             "12345678901234567890123e-30",
                             "-0.0",
                             "-0e5",
                             "0e999999999",
                             "3.14159265358979323846264338327950288419716939937510"}) {
        CAPTURE(text);
        CHECK(same_as_strtod(text));
    }
}

TEST_CASE("random doubles, %.17g and shortest, read back exactly", "[api][features][number]") {
    std::mt19937_64 random(20261125);
    std::uniform_int_distribution<std::uint64_t> any;
    for (int i = 0; i < 20000; ++i) {
        std::uint64_t raw = any(random);
        double value;
        std::memcpy(&value, &raw, sizeof value);
        if (!std::isfinite(value)) continue;
        const std::string long_form = printed("%.17g", value);
        char shortest[64];
        const auto result = std::to_chars(shortest, shortest + sizeof shortest, value);
        const std::string short_form(shortest, result.ptr);
        CAPTURE(long_form, short_form);
        // A subnormal far below 1e-308 is out of from_chars' range only if it rounds to zero,
        // which no printed double does: all of them must read back to themselves.
        CHECK(same_as_strtod(long_form));
        CHECK(same_as_strtod(short_form));
        double back = 0;
        CHECK((read(short_form, back) && bits(back) == bits(value)));
    }
    std::uniform_real_distribution<double> feature(-1000.0, 1000.0);
    for (int i = 0; i < 20000; ++i) {
        const std::string text = printed("%.3f", feature(random)); // how clients often round
        CAPTURE(text);
        CHECK(same_as_strtod(text));
    }
}

TEST_CASE("an integer -0 is +0.0, as nlohmann reads it, -0.0 stays negative", "[api][features][number]") {
    double value = 1;
    REQUIRE(read("-0", value));
    CHECK(bits(value) == bits(0.0));
    REQUIRE(read("-0.0", value));
    CHECK(bits(value) == bits(-0.0));
    CHECK(fast_equals_sax(R"({"features": [-0, -0.0, -0e0, 0]})", 4));
}

TEST_CASE("what is not a JSON number, or overflows, is refused", "[api][features][number]") {
    double value = 0;
    for (const char* text : {"", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-e5", "NaN", "Infinity", "x",
                             "1e999", "-1e400", "1.8e308", "1e400"}) {
        CAPTURE(text);
        CHECK_FALSE(read(text, value));
    }
    // "01" is "0" followed by something else: the reader stops after the 0.
    const std::string leading_zero = "01";
    CHECK(read_json_number(leading_zero.data(), leading_zero.data() + 2, value) == leading_zero.data() + 1);
}

TEST_CASE("the fast path and the SAX decoder agree on every body the fast path reads", "[api][features]") {
    CHECK(fast_equals_sax(R"({"features": [[5.1, 3.5, 1.4, 0.2], [6.7, 3, 5.2, 2.3]]})", 4));
    CHECK(fast_equals_sax("{\"features\":[[1,2],[3,4]]}", 2));
    CHECK(fast_equals_sax(" \t\r\n{ \"features\" :\n[ [ 1 , 2 ] ,\r\n[ 3 , 4 ] ] } \n", 2));
    CHECK(fast_equals_sax(R"({"features": [1, -2, 3e2, 18446744073709551615]})", 4));
    CHECK(fast_equals_sax(
        R"({"features": [[123456789012345678901234567890, 1e-300, 2.2250738585072011e-308]]})", 3));
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> feature(-1e6, 1e6);
    std::string body = R"({"features":[)";
    for (int r = 0; r < 300; ++r) {
        body += r ? ",[" : "[";
        for (int c = 0; c < 5; ++c)
            body += (c ? "," : "") + printed(r % 2 ? "%.17g" : "%.4f", feature(random));
        body += "]";
    }
    body += "]}";
    CHECK(fast_equals_sax(body, 5));
}

TEST_CASE("the fast path leaves rare spellings and every error to the SAX decoder", "[api][features]") {
    FeatureRows rows;
    for (const char* body : glassbox::test::rare_bodies_2) {
        CAPTURE(body);
        CHECK_FALSE(scan_features(body, 2, 2, rows));
    }
    // A refused but valid body still decodes: a BOM is skipped, an escaped key read. An underflow
    // is 0 on both paths (one number rule, model/decimal.hpp), so the fast path keeps it.
    FeatureDiagnostic d;
    CHECK(scan_features(R"({"features": [[1, 2e-400]]})", 2, 2, rows));
    CHECK(decode_features(R"({"features": [[1, 2e-400]]})", 2, 10, d).values ==
          std::vector<double>{1.0, 0.0});
    CHECK_FALSE(d);
    CHECK(decode_features("\xEF\xBB\xBF{\"features\": [[1, 2]]}", 2, 10, d).rows == 1);
    CHECK_FALSE(d);
    CHECK(decode_features(R"({"feat\u0075res": [3, 4]})", 2, 10, d).values == std::vector<double>{3.0, 4.0});
    CHECK_FALSE(d);
}

TEST_CASE("errors keep their words and places through the fast path", "[api][features]") {
    // Each error body, decoded by decode_features (fast path first) and by the SAX decoder alone.
    for (const char* body : glassbox::test::error_bodies_4) {
        CAPTURE(body);
        FeatureDiagnostic fast;
        FeatureDiagnostic sax;
        CHECK(decode_features(body, 4, 2, fast).values.empty());
        decode_features_sax(body, 4, 2, sax);
        REQUIRE(fast);
        CHECK(fast.code == sax.code);
        CHECK(fast.message == sax.message);
        CHECK(fast.row == sax.row);
        CHECK(fast.column == sax.column);
        CHECK(fast.position == sax.position);
        CHECK(fast.got == sax.got);
    }
}

TEST_CASE("a body of brackets against a wide model allocates no more than the body could hold",
          "[api][features][budget]") {
    // 100 KB of '[' against 1,000 features: counting brackets alone would size 99,999 rows
    // of 1,000 doubles (800 MB). A row of n numbers needs at least 2n+1 bytes ("[0,0]" for 2).
    const std::size_t columns = 1000;
    const std::string body = "{\"features\":[" + std::string(100000, '[');
    FeatureRows rows;
    CHECK_FALSE(scan_features(body, columns, 100000, rows));
    CHECK(rows.values.capacity() * sizeof(double) <= 8 * body.size());
    FeatureDiagnostic d;
    decode_features(body, columns, 100000, d);
    CHECK(d.code == glassbox::api::FeatureError::not_a_number); // "[" where a number belongs
    // The bound is exact: the smallest rows, "[0]" and "[0,0]", still take the fast path.
    for (const std::size_t n : {std::size_t{1}, std::size_t{2}}) {
        std::string row = "[0";
        for (std::size_t c = 1; c < n; ++c) row += ",0";
        row += "]";
        const std::string tight = "{\"features\":[" + row + "," + row + "]}";
        FeatureRows two;
        CHECK(scan_features(tight, n, 10, two));
        CHECK(two.rows == 2);
    }
}

TEST_CASE("one number rule over HTTP: an underflow is the nearest double, an overflow is refused",
          "[api][features][number]") {
    // The rule of strtod, Python and JSON parsers, shared with 'glassbox predict' (model/decimal.hpp).
    struct Case {
        const char* text;
        double expected;
    };
    for (const Case c : {Case{"1e-400", 0.0}, Case{"-1e-400", -0.0}, Case{"2e-324", 0.0},
                         Case{"4.9e-324", std::numeric_limits<double>::denorm_min()},
                         Case{"1.7976931348623157e308", std::numeric_limits<double>::max()},
                         Case{"-1.7976931348623157e308", -std::numeric_limits<double>::max()}}) {
        CAPTURE(c.text);
        double value = 1;
        CHECK(read(c.text, value));
        CHECK(bits(value) == bits(c.expected));
        CHECK(same_as_strtod(c.text));
        // Through the fast path and through the SAX decoder, which must agree bit for bit.
        const std::string body = std::string("{\"features\": [[1, ") + c.text + "]]}";
        CHECK(fast_equals_sax(body, 2));
        FeatureDiagnostic d;
        const FeatureRows rows = decode_features(body, 2, 10, d);
        REQUIRE_FALSE(d);
        CHECK(bits(rows.values[1]) == bits(c.expected));
    }
    for (const char* text : {"1e400", "-1e400", "1.7976931348623159e308"}) {
        CAPTURE(text);
        FeatureDiagnostic d;
        decode_features(std::string("{\"features\": [[1, 2], [3, ") + text + "]]}", 2, 10, d);
        CHECK(d.code == glassbox::api::FeatureError::not_finite);
        CHECK(d.row == 1);
        CHECK(d.column == 1);
    }
}
