// Performance layer: skip on first reading; the reference is src/api/prediction_json.cpp:260
// api/fast/prediction_json.hpp: the 200 body of a predictions request, written by hand.
// Course topic: a response is bytes: {"model":"iris","predictions":["setosa"],
// "probabilities":[[1,0,0]]} is labels copied as ready-made JSON strings and numbers written
// with std::to_chars, into one buffer sized before the first byte is written.
// Read next: predictions.cpp (which calls it), number_text.hpp (how a number is spelled).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace glassbox::api {

/**
 * Writes `{"model":<name_json>,"predictions":[...]}`. For a classifier (`label_json` not
 * empty, one JSON string per class) each prediction is `label_json[values[r]]`, and
 * `"probabilities":[[...],...]` follows, from `probabilities`: values.size() *
 * label_json.size() numbers, row-major. For a regressor, each prediction is the number values[r]. The text is
 * written once into a scratch buffer bounded from the numbers themselves, and returned in a string of exactly
 * its size.
 */
std::string prediction_json(std::string_view name_json, std::span<const std::string> label_json,
                            std::span<const double> values, std::span<const double> probabilities);

} // namespace glassbox::api
