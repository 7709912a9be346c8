// api/prediction_json_reference.cpp: predictions as JSON, the obvious way.
// Course topic: a response body is a string built front to back: the fixed text, then each
// prediction (a label already spelled as a JSON string, or a number), then each row of
// probabilities. The string grows as it needs to; nothing is sized in advance.
#include "api/prediction_json_reference.hpp"

#include "api/number_text.hpp"

namespace glassbox::api {

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
