// api/prediction_json.cpp: a SAX handler reads a predictions body into rows of doubles;
// predictions are written as JSON the obvious way, the string growing as it needs to.
// Course topic: parsing once: nlohmann's SAX interface calls us for each JSON token, and we
// write numbers straight into the matrix, tracking row and column for error messages.
// Try: curl --json '{"features": [[5.1, 3.5, 1.4]]}' http://127.0.0.1:8000/models/iris/predictions
#include "api/prediction_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "api/fast/feature_scanner.hpp"
#include "api/number_text.hpp"

namespace glassbox::api {
namespace {

class FeatureCategory : public std::error_category {
public:
    const char* name() const noexcept override { return "glassbox.features"; }
    std::string message(int value) const override {
        switch (static_cast<FeatureError>(value)) {
        case FeatureError::malformed_json: return "the body is not valid JSON";
        case FeatureError::bad_shape: return "the body is not shaped like {\"features\": [[...], ...]}";
        case FeatureError::no_rows: return "there are no rows to predict";
        case FeatureError::wrong_count: return "a row has the wrong number of features";
        case FeatureError::not_a_number: return "a feature is not a number";
        case FeatureError::not_finite: return "a feature is not a finite number";
        case FeatureError::too_many_rows: return "too many rows in one request";
        }
        return "unknown feature error";
    }
};

std::string index_text(std::size_t i) { return std::to_string(i); }

/// The SAX handler (nlohmann's json_sax interface): each callback returns false to stop.
class FeatureReader {
public:
    using json = nlohmann::json;

    FeatureReader(std::size_t columns, std::size_t max_rows, FeatureRows& out, FeatureDiagnostic& diagnostic)
        : columns_(columns), max_rows_(max_rows), out_(out), diagnostic_(diagnostic) {}

    // Where a value arrives decides what it may be.
    bool null() { return not_a_number("null"); }
    bool boolean(bool value) { return not_a_number(value ? "true" : "false"); }
    bool number_integer(json::number_integer_t value) { return number(static_cast<double>(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return number(static_cast<double>(value)); }
    bool number_float(json::number_float_t value, const std::string&) { return number(value); }
    bool string(std::string&) { return not_a_number("a string"); }
    bool binary(json::binary_t&) { return not_a_number("binary data"); }

    bool start_object(std::size_t) {
        if (level_ == Level::top) {
            level_ = Level::object;
            return true;
        }
        return not_a_number("an object");
    }
    bool key(std::string& name) {
        if (name != "features" || seen_features_) {
            return fail(FeatureError::bad_shape, seen_features_ && name == "features"
                                                     ? "The body has two \"features\" members; send one."
                                                     : "The body has a member \"" + name +
                                                           "\"; the only member expected is \"features\".");
        }
        seen_features_ = true;
        level_ = Level::features;
        return true;
    }
    bool end_object() {
        if (!seen_features_) {
            return fail(FeatureError::bad_shape,
                        "The body has no \"features\" member. Send {\"features\": [[f1, ..., fn], ...]}.");
        }
        level_ = Level::done;
        return true;
    }
    bool start_array(std::size_t) {
        switch (level_) {
        case Level::features: level_ = Level::outer; return true;
        case Level::outer:
            if (flat_) return not_a_number("an array");
            nested_ = true;
            if (out_.rows == max_rows_) {
                return fail(FeatureError::too_many_rows,
                            "This request has more than " + index_text(max_rows_) +
                                " rows, the most this server accepts at once "
                                "(its --max-rows). Send them in smaller batches.");
            }
            level_ = Level::row;
            column_ = 0;
            return true;
        case Level::row: return not_a_number("an array");
        case Level::top:
        case Level::object:
        case Level::done: break;
        }
        return fail(FeatureError::bad_shape,
                    "The body is a JSON array; send an object: {\"features\": [[...], ...]}.");
    }
    bool end_array() {
        if (level_ == Level::row) {
            if (column_ != columns_) return wrong_count(out_.rows, column_);
            ++out_.rows;
            level_ = Level::outer;
            return true;
        }
        // The end of "features" itself.
        if (flat_) {
            if (column_ != columns_) return wrong_count(0, column_);
            out_.rows = 1;
        } else if (!nested_) {
            return fail(FeatureError::no_rows, "\"features\" is an empty array; send at least one row of " +
                                                   index_text(columns_) + " numbers.");
        }
        level_ = Level::object;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        // nlohmann reports a number too large for a double (1e999) as error 406 "number
        // overflow": the JSON is valid, the value is not a finite number, so it is 422.
        constexpr int number_overflow = 406;
        if (error.id == number_overflow) return not_finite();
        // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 5: ...";
        // keep the part from "at line" on, which a person can use.
        std::string what = error.what();
        const std::size_t at = what.find("at line");
        if (at != std::string::npos) what = what.substr(at);
        // nlohmann counts the characters read, the offending one included: 0-based, that is
        // position - 1, the offset of the byte at fault.
        diagnostic_.position = position > 0 ? position - 1 : 0;
        return fail(FeatureError::malformed_json,
                    "The body is not valid JSON: " + what + (what.ends_with('.') ? "" : "."));
    }

private:
    enum class Level { top, object, features, outer, row, done };

    bool number(double value) {
        if (level_ == Level::outer && !nested_) {
            flat_ = true; // {"features": [f1, ..., fn]}: one row
        } else if (level_ == Level::outer) {
            return fail(FeatureError::bad_shape, "features[" + index_text(out_.rows) +
                                                     "] is a number, but the rows before it are arrays; "
                                                     "send every row as an array of numbers.");
        } else if (level_ != Level::row) {
            return fail(FeatureError::bad_shape, "\"features\" must be an array of rows, e.g. "
                                                 "{\"features\": [[f1, ..., fn]]}.");
        }
        if (!std::isfinite(value)) return not_finite();
        // Count past the expected width without storing, so the error can say how many came.
        if (column_ < columns_) out_.values.push_back(value);
        ++column_;
        return true;
    }

    bool not_finite() {
        // 1e999 is valid JSON, but a double cannot hold it: it would become infinity.
        if (level_ != Level::row && !(level_ == Level::outer && !nested_)) {
            return fail(FeatureError::bad_shape, "\"features\" must be an array of rows, e.g. "
                                                 "{\"features\": [[f1, ..., fn]]}.");
        }
        const std::size_t row = level_ == Level::row ? out_.rows : 0;
        diagnostic_.row = row;
        diagnostic_.column = column_;
        return fail(FeatureError::not_finite, place(row, column_) +
                                                  " is too large for a double (it would be infinity); "
                                                  "every feature must be a finite number.");
    }

    bool not_a_number(std::string_view what) {
        if (level_ == Level::row || (level_ == Level::outer && !nested_)) {
            const std::size_t row = level_ == Level::row ? out_.rows : 0;
            diagnostic_.row = row;
            diagnostic_.column = column_;
            return fail(FeatureError::not_a_number, place(row, column_) + " is " + std::string(what) +
                                                        "; every feature must be a finite number.");
        }
        if (level_ == Level::top) {
            return fail(FeatureError::bad_shape, "The body is " + std::string(what) +
                                                     "; send an object: {\"features\": [[...], ...]}.");
        }
        if (level_ == Level::outer) diagnostic_.row = out_.rows;
        return fail(FeatureError::bad_shape,
                    (level_ == Level::outer ? "features[" + index_text(out_.rows) + "]"
                                            : std::string("\"features\"")) +
                        " is " + std::string(what) + "; send {\"features\": [[f1, ..., fn], ...]}.");
    }

    std::string place(std::size_t row, std::size_t column) const {
        return flat_ || !nested_
                   ? "features[" + index_text(column) + "] (row 0, column " + index_text(column) + ")"
                   : "features[" + index_text(row) + "][" + index_text(column) + "] (row " + index_text(row) +
                         ", column " + index_text(column) + ")";
    }

    bool wrong_count(std::size_t row, std::size_t got) {
        diagnostic_.row = row;
        diagnostic_.got = got;
        return fail(FeatureError::wrong_count, "Row " + index_text(row) + " has " + index_text(got) +
                                                   (got == 1 ? " value" : " values") +
                                                   ", but the model takes " + index_text(columns_) + ".");
    }

    bool fail(FeatureError error, std::string message) {
        diagnostic_.code = error;
        diagnostic_.message = std::move(message);
        return false;
    }

    std::size_t columns_;
    std::size_t max_rows_;
    FeatureRows& out_;
    FeatureDiagnostic& diagnostic_;
    Level level_ = Level::top;
    bool seen_features_ = false;
    bool nested_ = false; ///< the first element of "features" was an array: rows
    bool flat_ = false;   ///< the first element of "features" was a number: one row
    std::size_t column_ = 0;
};

} // namespace

const std::error_category& feature_category() noexcept {
    static const FeatureCategory category;
    return category;
}

std::error_code make_error_code(FeatureError e) noexcept { return {static_cast<int>(e), feature_category()}; }

FeatureRows decode_features_sax(std::string_view body, std::size_t columns, std::size_t max_rows,
                                FeatureDiagnostic& diagnostic) {
    diagnostic = {};
    FeatureRows rows;
    // A row of n numbers takes at least 2n bytes of JSON ("1,"): reserve once, not per value.
    rows.values.reserve(std::min<std::size_t>(body.size() / 2 + columns, max_rows * columns));
    FeatureReader reader(columns, max_rows, rows, diagnostic);
    const bool ok = nlohmann::json::sax_parse(body.begin(), body.end(), &reader);
    if (!ok || diagnostic) {
        if (!diagnostic) diagnostic.code = FeatureError::malformed_json; // cannot happen: every stop says why
        return {};
    }
    return rows;
}

FeatureRows decode_features(std::string_view body, std::size_t columns, std::size_t max_rows,
                            FeatureDiagnostic& diagnostic) {
    diagnostic = {};
    // The fast path reads the bodies clients almost always send; it gives up on anything else,
    // and the SAX decoder then reads the body again, to the same numbers or to the error's words.
    FeatureRows rows;
    if (scan_features(body, columns, max_rows, rows)) return rows;
    return decode_features_sax(body, columns, max_rows, diagnostic);
}

std::string prediction_json_reference(std::string_view name_json, std::span<const std::string> label_json,
                                      std::span<const double> values, std::span<const double> probabilities) {
    const std::size_t classes = label_json.size(); // 0 for a regressor
    std::string body = R"({"model":)";
    body += name_json;
    body += R"(,"predictions":[)";
    for (std::size_t r = 0; r < values.size(); ++r) {
        if (r) body += ',';
        if (classes > 0)
            body += label_json[static_cast<std::size_t>(values[r])];
        else
            append_number(body, values[r]);
    }
    body += ']';
    if (classes > 0) {
        body += R"(,"probabilities":[)";
        for (std::size_t r = 0; r < values.size(); ++r) {
            body += r ? ",[" : "[";
            for (std::size_t c = 0; c < classes; ++c) {
                if (c) body += ',';
                append_number(body, probabilities[r * classes + c]);
            }
            body += ']';
        }
        body += ']';
    }
    return body + '}';
}

} // namespace glassbox::api
