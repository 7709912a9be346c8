// api/prediction_json.hpp: the JSON of POST /models/{name}/predictions, read and written.
// Course topic: deploying a model: the body must become the matrix X that model.predict(X)
// takes (every way it can be wrong gets an answer a person can act on); the answer is text
// appended to a std::string. Spec: RFC 8259. --engine reference runs these alone; the fast
// engine reads with fast/feature_scanner.hpp first and writes with fast/prediction_json.hpp.
// Read next: predictions.cpp (which calls both), number_text.hpp (how a number is spelled).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace glassbox::api {

/// Why a predictions body was rejected.
enum class FeatureError {
    malformed_json = 1, ///< not JSON at all (400); `position` says where the parser stopped
    bad_shape,          ///< JSON, but not {"features": [[...], ...]} or {"features": [...]} (422)
    no_rows,            ///< "features" is an empty array (422)
    wrong_count,        ///< a row with more or fewer values than the model's features (422)
    not_a_number,       ///< a string, null, true/false, object or array where a number belongs (422)
    not_finite,         ///< a number too large for a double, which would be infinity (422)
    too_many_rows,      ///< more rows than the server's --max-rows (413)
};

/// The error category of FeatureError, named "glassbox.features".
const std::error_category& feature_category() noexcept;

/// Makes FeatureError usable as a std::error_code (found by argument-dependent lookup).
std::error_code make_error_code(FeatureError e) noexcept;

/// Sentinel for "no row" / "no column" in a FeatureDiagnostic.
inline constexpr std::size_t no_index = static_cast<std::size_t>(-1);

/// What was wrong and where: a code, a sentence, and the place in the body.
struct FeatureDiagnostic {
    std::error_code code;          ///< empty when the body was decoded
    std::string message;           ///< a full sentence for a person
    std::size_t row = no_index;    ///< the row at fault (counting from 0), or no_index
    std::size_t column = no_index; ///< the column at fault (counting from 0), or no_index
    std::size_t position = 0;      ///< malformed_json: offset (from 0) of the byte at fault
    std::size_t got = 0;           ///< wrong_count: how many values the row had
    /// True when there is an error.
    explicit operator bool() const noexcept { return static_cast<bool>(code); }
};

/// The decoded matrix X: rows * columns numbers, row-major.
struct FeatureRows {
    std::vector<double> values; ///< row-major
    std::size_t rows = 0;       ///< how many rows
};

/**
 * Decodes `{"features": [[f1, ..., fn], ...]}`, or `{"features": [f1, ..., fn]}` as one row,
 * where n is `columns`. Stops at the first problem: malformed JSON; another top-level shape
 * or member; an empty array; a row of the wrong length; a value that is not a finite number;
 * more than `max_rows` rows. On failure `diagnostic` names the row and column (counting from
 * 0) and the returned rows are empty. Never throws on bad input.
 */
FeatureRows decode_features(std::string_view body, std::size_t columns, std::size_t max_rows,
                            FeatureDiagnostic& diagnostic);

/// decode_features without its fast path (fast/feature_scanner.hpp): nlohmann's SAX parser alone,
/// which words every error. decode_features falls back to it; tests and the fuzzer check that
/// the two agree on every body the fast path accepts.
FeatureRows decode_features_sax(std::string_view body, std::size_t columns, std::size_t max_rows,
                                FeatureDiagnostic& diagnostic);

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

template <> struct std::is_error_code_enum<glassbox::api::FeatureError> : std::true_type {};
