// Performance layer: skip on first reading; the reference is src/api/prediction_json.cpp:235
// api/fast/feature_scanner.hpp: the fast path for predictions bodies that are exactly what we expect.
// Course topic: make the common case fast and the rare case clear. A well-formed
// {"features": [[...], ...]} is read in one tight pass, straight into the matrix; anything
// else (an error, an escaped key, a byte-order mark) is left to prediction_json.cpp's SAX decoder,
// which explains what is wrong. Read next: prediction_json.cpp (decode_features, which calls this first).
#pragma once

#include <cstddef>
#include <string_view>

#include "api/prediction_json.hpp"

namespace glassbox::api {

/**
 * Decodes `body` if it is a plain `{"features": [[f1, ..., fn], ...]}` or `{"features": [f1, ...,
 * fn]}` (n = `columns`, at most `max_rows` rows, every number finite, only JSON's four whitespace
 * characters between tokens, "features" spelled without escapes, no byte-order mark) and returns
 * true, with `out` holding exactly what the SAX decoder would produce. Returns false for anything
 * else, `out` then unspecified: the caller hands such a body to the decoder that explains.
 */
bool scan_features(std::string_view body, std::size_t columns, std::size_t max_rows, FeatureRows& out);

} // namespace glassbox::api
