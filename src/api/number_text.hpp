// api/number_text.hpp: numbers as text for JSON bodies and the Prometheus exposition.
// Course topic: a response is bytes: std::to_chars writes the shortest text that reads back
// as the same double (round-trip exact), with no locale and no allocation.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/token.hpp"

namespace glassbox::api {

/// The most characters write_number writes: the longest shortest double, -2.2250738585072014e-308.
inline constexpr std::size_t max_number_chars = 24;

/**
 * Writes `value`, in [0.01, 1), as "0." and at most 4 digits, if such a short decimal reads
 * back as `value`; returns the end, or nullptr (nothing written) if none does. A forest's
 * probabilities are mostly votes out of 100 trees, e.g. 0.74: this finds them without the
 * general algorithm. The text is what std::to_chars writes: the fewest digits that round-trip
 * (tried in increasing order), in fixed form, which in this range is never longer than 1.5e-02.
 */
inline char* write_short_fraction(char* out, double value) {
    constexpr double scale[] = {1, 10, 100, 1000, 10000};
    for (int digits = 1; digits <= 4; ++digits) {
        // m / 10^digits is one correctly rounded division of exact doubles (m < 10^4 < 2^53), so
        // it equals the double nearest the decimal 0.m: equality means the decimal round-trips.
        const auto m = static_cast<unsigned>(value * scale[digits] + 0.5);
        if (static_cast<double>(m) / scale[digits] != value) continue;
        out[0] = '0';
        out[1] = '.';
        unsigned rest = m;
        for (int i = digits; i > 0; --i, rest /= 10) out[1 + i] = static_cast<char>('0' + rest % 10);
        return out + 2 + digits;
    }
    return nullptr;
}

/// True for the values write_number spells in one character, and quickly: 0 (not -0) and 1.
inline bool is_zero_or_one(double value) { return (value == 0.0 && !std::signbit(value)) || value == 1.0; }

/// Writes `value` at `out` in the shortest form that round-trips, e.g. 0.1, 1e-07, 3, and returns
/// the end; at most max_number_chars characters. Non-finite values are written as Prometheus
/// spells them (NaN, +Inf, -Inf): JSON has none, so JSON writers must not pass them.
inline char* write_number(char* out, double value) {
    // NOTE: the probabilities of a forest are mostly exactly 0 or 1; one compare each writes them.
    if (is_zero_or_one(value)) {
        *out = value == 1.0 ? '1' : '0';
        return out + 1;
    }
    if (value >= 0.01 && value < 1.0) {
        if (char* end = write_short_fraction(out, value)) return end;
    }
    if (std::isnan(value)) return std::copy_n("NaN", 3, out);
    if (std::isinf(value)) return std::copy_n(value > 0 ? "+Inf" : "-Inf", 4, out);
    return std::to_chars(out, out + max_number_chars, value).ptr;
}

/// Appends `value` as write_number spells it.
inline void append_number(std::string& out, double value) {
    char buffer[max_number_chars];
    out.append(buffer, write_number(buffer, value));
}

/// Appends an unsigned integer in decimal (http/token.hpp). NOTE: without this line an integer
/// passed here would convert to double and take the overload above.
using http::append_number;

} // namespace glassbox::api
