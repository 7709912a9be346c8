// api/read_json_number.hpp: reading one JSON number, text to double, as fast as correctness allows.
// Course topic: parsing numbers is most of the cost of a predictions body: from_chars alone took
// 2.0-3.1x as long on 100 rows (bench/README.md, "Plain versions measured"). The grammar is
// checked by hand (RFC 8259 §6); the conversion takes Clinger's exact fast path when the
// digits allow it and std::from_chars (correctly rounded, locale-free) otherwise, so every
// value is the one strtod would give. Read next: fast/feature_scanner.cpp, which calls it per cell.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/token.hpp"
#include "model/decimal.hpp"

namespace glassbox::api {

namespace json_number_detail {

/// 10^0 ... 10^22: every one is exactly a double (10^22 < 2^53 * 2^22), the fast path's range.
inline constexpr double powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/// The largest power of ten in powers_of_ten.
inline constexpr int max_exact_power = 22;

/// Every integer up to 2^53 is exactly a double.
inline constexpr std::uint64_t exact_integer_limit = std::uint64_t{1} << 53;

/// Decimal digits a std::uint64_t always holds: 10^19 - 1 < 2^64.
inline constexpr int max_exact_digits = 19;

/// Exponent digits beyond this value change nothing for a double; stop growing there.
inline constexpr int exponent_cap = 100000;

} // namespace json_number_detail

/**
 * Reads the JSON number that starts at `first` (RFC 8259 §6):
 *   number = [ "-" ] int [ frac ] [ exp ]; int = "0" / ( digit1-9 *DIGIT );
 *   frac = "." 1*DIGIT; exp = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT
 * and returns the end of it, with `value` set to what strtod reads from that text, except that
 * an integer zero ("-0") is +0.0, as nlohmann::json reads it. An underflow (1e-400) is the
 * nearest double, 0 or a subnormal, as strtod gives. Returns nullptr, `value` unspecified, when
 * the text is not a JSON number or its value overflows a double (1e400): the caller decides
 * what that means.
 * Never reads at or past `last`.
 */
inline const char* read_json_number(const char* first, const char* last, double& value) noexcept {
    namespace detail = json_number_detail;
    const char* p = first;
    const bool negative = p != last && *p == '-';
    if (negative) ++p;
    if (p == last) return nullptr;
    // All digits of int and frac go into one integer; it wraps past 19 digits, and is then unused.
    std::uint64_t mantissa = 0;
    const char* digits_begin = p;
    if (*p == '0') {
        ++p; // "0" stands alone: "01" is not JSON, and the caller sees the '1' as what follows.
    } else if (http::is_digit(*p)) {
        for (; p != last && http::is_digit(*p); ++p)
            mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    } else {
        return nullptr;
    }
    int digits = static_cast<int>(p - digits_begin);
    bool integer = true;
    int exponent = 0;
    if (p != last && *p == '.') {
        integer = false;
        const char* fraction = ++p;
        for (; p != last && http::is_digit(*p); ++p)
            mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
        if (p == fraction) return nullptr; // "1." is not JSON
        // Counted as size_t: a fraction longer than an int can count still fails the test below.
        const auto fraction_digits = static_cast<std::size_t>(p - fraction);
        digits = fraction_digits > detail::exponent_cap ? detail::exponent_cap
                                                        : digits + static_cast<int>(fraction_digits);
        exponent = -static_cast<int>(fraction_digits > detail::exponent_cap ? detail::exponent_cap
                                                                            : fraction_digits);
    }
    if (p != last && (*p == 'e' || *p == 'E')) {
        integer = false;
        ++p;
        const bool exponent_negative = p != last && *p == '-';
        if (p != last && (*p == '-' || *p == '+')) ++p;
        const char* exponent_digits = p;
        int written = 0;
        for (; p != last && http::is_digit(*p); ++p) {
            if (written < detail::exponent_cap) written = written * 10 + (*p - '0');
        }
        if (p == exponent_digits) return nullptr; // "1e" is not JSON
        exponent += exponent_negative ? -written : written;
    }
    if (digits <= detail::max_exact_digits) {
        if (integer) {
            // nlohmann reads an integer as an integer first: "-0" is 0, so +0.0.
            const double magnitude = static_cast<double>(mantissa);
            value = mantissa == 0 ? 0.0 : negative ? -magnitude : magnitude;
            return p;
        }
        // Clinger (1990): both operands are exact doubles, and IEEE 754 rounds one multiply or
        // divide correctly, so the result is the correctly rounded value, as strtod's is.
        if (mantissa <= detail::exact_integer_limit && exponent >= -detail::max_exact_power &&
            exponent <= detail::max_exact_power) {
            const double magnitude = static_cast<double>(mantissa);
            const double scaled = exponent < 0 ? magnitude / detail::powers_of_ten[-exponent]
                                               : magnitude * detail::powers_of_ten[exponent];
            value = negative ? -scaled : scaled;
            return p;
        }
    }
    // Long mantissas and large exponents: model::read_decimal, correctly rounded (from_chars)
    // and with the range rule 'glassbox predict' uses too: 1e-400 is 0, 1e400 is refused.
    // The grammar is already checked, so it reads exactly [first, p).
    if (model::read_decimal(std::string_view(first, static_cast<std::size_t>(p - first)), value) !=
        model::Decimal::ok)
        return nullptr;
    return p;
}

} // namespace glassbox::api
