// Performance layer: skip on first reading; the reference is src/api/prediction_json.cpp:260
// api/fast/prediction_json.cpp: predictions as JSON, one pass to size the buffer, one to write it.
// Course topic: the cost of a response is its numbers. 0 and 1 take one character and one
// compare; any other double takes at most max_number_chars. Knowing that, a buffer is sized
// once (no reallocation), written through a pointer, and copied into an exact-size string.
#include "api/fast/prediction_json.hpp"

#include <algorithm>
#include <memory>

#include "api/number_text.hpp"

namespace glassbox::api {
namespace {

/// Appends `text` at `out`; returns the end.
char* put(char* out, std::string_view text) { return std::copy(text.begin(), text.end(), out); }

/// The most characters write_number may write for `value`.
std::size_t number_bound(double value) { return is_zero_or_one(value) ? 1 : max_number_chars; }

} // namespace

std::string prediction_json(std::string_view name_json, std::span<const std::string> label_json,
                            std::span<const double> values, std::span<const double> probabilities) {
    constexpr std::string_view head = R"({"model":)";
    constexpr std::string_view predictions = R"(,"predictions":[)";
    constexpr std::string_view probabilities_head = R"(],"probabilities":[)";
    const std::size_t rows = values.size();
    const std::size_t classes = label_json.size(); // 0 for a regressor
    const bool classifier = classes > 0;
    // The bound: fixed text, then per row a comma, its prediction, and "[" "]" "," plus each
    // probability with the comma before it.
    std::size_t bound = head.size() + name_json.size() + predictions.size() + probabilities_head.size() + 3;
    for (const double value : values) {
        bound += 1 + (classifier ? label_json[static_cast<std::size_t>(value)].size() : number_bound(value));
    }
    if (classifier) {
        bound += rows * 3;
        for (const double p : probabilities) bound += 1 + number_bound(p);
    }
    // Written into a scratch buffer that is never zero-filled (pages past the end of what is
    // written are never touched), then copied once into a string of exactly the right size: the
    // body that waits in the connection to be sent holds no slack.
    const auto buffer = std::make_unique_for_overwrite<char[]>(bound);
    char* out = put(buffer.get(), head);
    out = put(out, name_json);
    out = put(out, predictions);
    for (std::size_t r = 0; r < rows; ++r) {
        if (r > 0) *out++ = ',';
        out = classifier ? put(out, label_json[static_cast<std::size_t>(values[r])])
                         : write_number(out, values[r]);
    }
    if (classifier) {
        out = put(out, probabilities_head);
        for (std::size_t r = 0; r < rows; ++r) {
            if (r > 0) *out++ = ',';
            *out++ = '[';
            const double* row = probabilities.data() + r * classes;
            for (std::size_t c = 0; c < classes; ++c) {
                if (c > 0) *out++ = ',';
                out = write_number(out, row[c]);
            }
            *out++ = ']';
        }
    }
    *out++ = ']';
    *out++ = '}';
    return std::string(buffer.get(), out);
}

} // namespace glassbox::api
