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

namespace glassbox::api {

/// The most characters write_number writes: the longest shortest double, -2.2250738585072014e-308.
inline constexpr std::size_t max_number_chars = 24;

/// Writes `value` at `out` in the shortest form that round-trips, e.g. 0.1, 1e-07, 3, and returns
/// the end; at most max_number_chars characters. Non-finite values are written as Prometheus
/// spells them (NaN, +Inf, -Inf): JSON has none, so JSON writers must not pass them.
inline char* write_number(char* out, double value) {
    // NOTE: the probabilities of a forest are mostly exactly 0 or 1; one compare each writes them.
    if (value == 0.0 && !std::signbit(value)) {
        *out = '0';
        return out + 1;
    }
    if (value == 1.0) {
        *out = '1';
        return out + 1;
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

/// Appends an unsigned integer in decimal.
inline void append_number(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace glassbox::api
