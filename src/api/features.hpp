// api/features.hpp: the body of POST /models/{name}/predictions, decoded into rows of numbers.
// Course topic: deploying a model: the request a client sends must become the matrix X that
// model.predict(X) takes, and every way it can be wrong needs an answer a person can act on.
// Spec: RFC 8259 (JSON). One pass: a hand-written reader (fast/feature_scanner.hpp) fills the
// row-major buffer directly; on any surprise, nlohmann's SAX parser reads it again and explains.
// Read next: predictions.cpp (which turns a FeatureError into a problem+json response).
#pragma once

#include <cstddef>
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

} // namespace glassbox::api

template <> struct std::is_error_code_enum<glassbox::api::FeatureError> : std::true_type {};
