// api/number_text.hpp: numbers as text for JSON bodies and the Prometheus exposition.
// Course topic: a response is bytes: std::to_chars writes the shortest text that reads back
// as the same double (round-trip exact), with no locale and no allocation.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace glassbox::api {

/// Appends `value` in the shortest form that round-trips, e.g. 0.1, 1e-07, 3. Non-finite
/// values are written as Prometheus spells them (NaN, +Inf, -Inf): JSON has none, so JSON
/// writers must not pass them.
inline void append_number(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

/// Appends an unsigned integer in decimal.
inline void append_number(std::string& out, std::uint64_t value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

} // namespace glassbox::api
