// model/decimal.cpp: read_decimal, std::from_chars plus the direction of an out-of-range result.
// Course topic: the numbers a model is fed. from_chars reports both 1e-400 and 1e400 as
// "out of range" and leaves the value unset; which one it was decides between 0 and a refusal.
#include "model/decimal.hpp"

#include <charconv>
#include <cmath>

namespace glassbox::model {
namespace {

/// True when the decimal `text` (already accepted by from_chars) has a magnitude below 1:
/// its first nonzero digit sits, after the exponent is applied, right of the decimal point.
/// Only asked of an out-of-range result, which is far below 1 or far above it.
bool below_one(std::string_view text) noexcept {
    std::size_t i = text.starts_with('-') ? 1 : 0;
    // 123.4e5: digits "1234", 3 before the point; the first nonzero digit, at index 0 of the
    // digits, stands for 10^(3 - 1 - 0), then the exponent adds 5.
    long long digits = 0, integer_digits = -1, first_nonzero = -1;
    for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
        if (text[i] == '.') {
            integer_digits = digits;
            continue;
        }
        if (first_nonzero < 0 && text[i] != '0') first_nonzero = digits;
        ++digits;
    }
    if (integer_digits < 0) integer_digits = digits;
    if (first_nonzero < 0) return true; // all zeros (never out of range, but below one)
    long long exponent = 0;
    if (i < text.size()) {
        ++i;
        const bool negative = i < text.size() && text[i] == '-';
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        // Saturate at 10^17: larger than any count of digits a text can hold, so the sign of
        // the sum below stays right, and far from overflowing a long long.
        for (; i < text.size(); ++i)
            if (exponent < 100000000000000000LL) exponent = exponent * 10 + (text[i] - '0');
        if (negative) exponent = -exponent;
    }
    return integer_digits - 1 - first_nonzero + exponent < 0;
}

} // namespace

Decimal read_decimal(std::string_view text, double& value) noexcept {
    double parsed = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (text.empty() || end != text.data() + text.size() ||
        (ec != std::errc{} && ec != std::errc::result_out_of_range))
        return Decimal::not_a_number;
    if (ec == std::errc::result_out_of_range) {
        if (!below_one(text)) return Decimal::not_finite;
        // Below the smallest subnormal: the nearest double is zero, with the text's sign.
        value = text.starts_with('-') ? -0.0 : 0.0;
        return Decimal::ok;
    }
    if (!std::isfinite(parsed)) return Decimal::not_finite; // "inf", "nan" spelled out
    value = parsed;
    return Decimal::ok;
}

std::string decimal_text(double value) {
    char buffer[32]; // the longest, "-2.2250738585072014e-308", takes 24
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, value).ptr);
}

} // namespace glassbox::model
