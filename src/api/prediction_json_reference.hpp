// api/prediction_json_reference.hpp: the 200 body of a predictions request, written plainly.
// Course topic: a response is bytes: {"model":"iris","predictions":["setosa"],
// "probabilities":[[1,0,0]]} is text appended to a std::string, one piece at a time.
// This is what `glassbox serve --engine reference` sends; the default engine writes the same
// bytes with fast/prediction_json.hpp's sized writer, and tests/api/prediction_json_test.cpp holds
// the two equal. Read next: predictions.cpp (which calls it), number_text.hpp (how a number is spelled).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace glassbox::api {

/**
 * Writes `{"model":<name_json>,"predictions":[...]}`, appending as it goes. For a classifier
 * (`label_json` not empty, one JSON string per class) each prediction is
 * `label_json[values[r]]`, and `"probabilities":[[...],...]` follows, from `probabilities`:
 * values.size() * label_json.size() numbers, row-major. For a regressor each prediction is the
 * number values[r]. Numbers are spelled by append_number (number_text.hpp).
 */
std::string prediction_json_reference(std::string_view name_json, std::span<const std::string> label_json,
                                      std::span<const double> values, std::span<const double> probabilities);

} // namespace glassbox::api
