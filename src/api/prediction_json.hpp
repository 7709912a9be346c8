// api/prediction_json.hpp: the 200 body of a predictions request, written by hand.
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
 * Writes `{"model":<name_json>,"predictions":[...]}` and, when `classes` > 0,
 * `"probabilities":[[...],...]` before the closing brace. For a classifier (`label_json` not
 * empty) each prediction is `label_json[values[r]]`; for a regressor, the number values[r].
 * `probabilities` holds values.size() * classes numbers, row-major. The text is written once
 * into a scratch buffer bounded from the numbers themselves, and returned in a string of
 * exactly its size.
 */
std::string prediction_json(std::string_view name_json, std::span<const std::string> label_json,
                            std::span<const double> values, std::span<const double> probabilities,
                            std::size_t classes);

} // namespace glassbox::api
