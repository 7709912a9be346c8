// tests/model/decimal_test.cpp: read_decimal, the one number rule of the CLI and the HTTP features,
// and decimal_text, the way back.
// An underflow is the nearest double (0 or a subnormal, sign kept), an overflow is not_finite,
// whatever the spelling: digits before or after the point, huge or long exponents.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "model/decimal.hpp"

using glassbox::model::Decimal;
using glassbox::model::read_decimal;

TEST_CASE("read_decimal: underflow is the nearest double, overflow is refused", "[model][number]") {
    struct Case {
        std::string text;
        Decimal status;
        double value;
    };
    const std::string tiny = "0." + std::string(5000, '0') + "1e4000"; // 1e-1001
    const std::string huge = "0." + std::string(5000, '0') + "1e6000"; // 1e999
    const std::string many = "1" + std::string(400, '0') + "e-800";    // 1e-400
    const std::string fits = "0." + std::string(300, '0') + "17e609";  // 1.7e308
    for (const Case& c : {Case{"1e-400", Decimal::ok, 0.0},
                          Case{"-1e-400", Decimal::ok, -0.0},
                          Case{"100000e-330", Decimal::ok, 0.0},
                          Case{"4.9e-324", Decimal::ok, 4.9e-324},
                          Case{"0.001e311", Decimal::ok, 1e308},
                          Case{tiny, Decimal::ok, 0.0},
                          Case{many, Decimal::ok, 0.0},
                          Case{fits, Decimal::ok, 1.7e308},
                          Case{"1e-99999999999999999999999", Decimal::ok, 0.0},
                          Case{"1.7976931348623157e308", Decimal::ok, std::numeric_limits<double>::max()},
                          Case{"1e400", Decimal::not_finite, 0},
                          Case{"-12345e400", Decimal::not_finite, 0},
                          Case{"1.7976931348623159e308", Decimal::not_finite, 0},
                          Case{"1e99999999999999999999999", Decimal::not_finite, 0},
                          Case{huge, Decimal::not_finite, 0},
                          Case{"inf", Decimal::not_finite, 0},
                          Case{"nan", Decimal::not_finite, 0},
                          Case{"", Decimal::not_a_number, 0},
                          Case{"1x", Decimal::not_a_number, 0},
                          Case{"+1", Decimal::not_a_number, 0},
                          Case{"0x10", Decimal::not_a_number, 0}}) {
        INFO(c.text.substr(0, 40));
        double value = 12345.0;
        CHECK(read_decimal(c.text, value) == c.status);
        if (c.status == Decimal::ok) {
            CHECK(value == c.value);
            CHECK(std::signbit(value) == std::signbit(c.value));
        } else {
            CHECK(value == 12345.0);
        }
    }
}

TEST_CASE("decimal_text: the shortest text that read_decimal reads back exactly", "[model][number]") {
    using glassbox::model::decimal_text;
    CHECK(decimal_text(0.1) == "0.1");
    CHECK(decimal_text(0.1 + 0.2) == "0.30000000000000004");
    CHECK(decimal_text(-0.0) == "-0");
    CHECK(decimal_text(1e21) == "1e+21");
    CHECK(decimal_text(-std::numeric_limits<double>::min()) == "-2.2250738585072014e-308");
    for (const double v : {0.1, 2.0 / 3.0, 1e-320, std::numeric_limits<double>::max(), -123.456, 5.1}) {
        double back = 0;
        REQUIRE(read_decimal(decimal_text(v), back) == Decimal::ok);
        CHECK(back == v);
    }
}
