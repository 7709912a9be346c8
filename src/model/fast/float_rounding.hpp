// Performance layer: skip on first reading; the reference is src/model/model.cpp:82.
// model/fast/float_rounding.hpp: the reference's comparison, (double)(float)x <= threshold
// (Forest::accumulate), done in float. The packed forest and the mask tables both use it.
// Read next: packed_forest.hpp.
#pragma once

#include <cmath>
#include <limits>

#include "model/forest.hpp"

namespace glassbox::model::fast {

/// The largest float that is <= t. For a float x, `x <= t` (compared in double) and
/// `x <= round_down_to_float(t)` (compared in float) always agree; NaN compares false in both.
inline float round_down_to_float(double t) noexcept {
    constexpr double largest = std::numeric_limits<float>::max();
    if (std::isnan(t)) return std::numeric_limits<float>::quiet_NaN();
    if (t >= std::numeric_limits<double>::infinity()) return std::numeric_limits<float>::infinity();
    if (t >= largest) return std::numeric_limits<float>::max();
    if (t < -largest) return -std::numeric_limits<float>::infinity();
    // In range: the cast rounds to nearest, which may land just above t; step down once.
    float f = static_cast<float>(t);
    if (static_cast<double>(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

/// x rounded to float as scikit-learn does (as_float32 in forest.hpp, kept in float): beyond
/// float's range it becomes +-infinity.
inline float to_float32(double x) noexcept { return static_cast<float>(as_float32(x)); }

} // namespace glassbox::model::fast
