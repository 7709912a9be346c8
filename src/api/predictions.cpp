// api/predictions.cpp: POST /models/{name}/predictions, the hot path.
// Course topic: model.predict(X) behind HTTP: body → matrix X (one pass) → predict →
// JSON written by hand. Threads barely wait for each other here: the model is an immutable
// snapshot held by shared_ptr (one shared lock to find it), the counters are relaxed atomics,
// and the drift statistics take one mutex for the moment a request's rows are added (monitoring.hpp).
// Try: curl --json '{"features": [[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}' http://127.0.0.1:8000/models/iris/predictions
#include <algorithm>
#include <chrono>

#include "api/fast/prediction_json.hpp"
#include "api/number_text.hpp"
#include "api/prediction_json.hpp"
#include "api/service.hpp"
#include "http/token.hpp"

namespace glassbox::api {

bool is_json(const std::string* content_type) {
    if (content_type == nullptr) return false;
    std::string_view type = *content_type;
    type = type.substr(0, type.find(';'));
    type = http::trim_ows(type);
    constexpr std::string_view json = "application/json";
    constexpr std::string_view suffix = "+json";
    return http::iequals(type, json) ||
           (type.size() > suffix.size() && http::iequals(type.substr(type.size() - suffix.size()), suffix));
}

http::Response not_json(const std::string* content_type) {
    return api_problem(http::Status::unsupported_media_type, "not-json",
                       (content_type ? "The body is declared as '" + *content_type + "'"
                                     : std::string("The body has no Content-Type")) +
                           ", but predictions take JSON (Content-Type: application/json). With curl: "
                           "curl --json '{\"features\": [[...]]}' URL");
}

namespace {

http::Response feature_problem(const FeatureDiagnostic& d, std::size_t expected, std::size_t max_rows) {
    std::vector<http::ProblemMember> members;
    const auto add = [&members](std::string name, std::uint64_t value) {
        std::string text;
        append_number(text, value);
        members.push_back({std::move(name), std::move(text)});
    };
    if (d.row != no_index) add("row", d.row);
    if (d.column != no_index) add("column", d.column);
    switch (static_cast<FeatureError>(d.code.value())) {
    case FeatureError::malformed_json:
        add("position", d.position);
        return api_problem(http::Status::bad_request, "malformed-json", d.message, std::move(members));
    case FeatureError::bad_shape:
        return api_problem(http::Status::unprocessable_content, "bad-shape", d.message, std::move(members));
    case FeatureError::no_rows:
        return api_problem(http::Status::unprocessable_content, "no-rows", d.message, std::move(members));
    case FeatureError::wrong_count:
        add("expected", expected);
        add("got", d.got);
        return api_problem(http::Status::unprocessable_content, "wrong-feature-count", d.message,
                           std::move(members));
    case FeatureError::not_a_number:
        return api_problem(http::Status::unprocessable_content, "not-a-number", d.message,
                           std::move(members));
    case FeatureError::not_finite:
        return api_problem(http::Status::unprocessable_content, "not-finite", d.message, std::move(members));
    case FeatureError::too_many_rows:
        add("max_rows", max_rows);
        return api_problem(http::Status::content_too_large, "too-many-rows", d.message, std::move(members));
    }
    return api_problem(http::Status::unprocessable_content, "bad-shape", d.message, std::move(members));
}

/// A duration in microseconds with three decimals, "0.412" or "17.035": a small model predicts
/// one row in well under a microsecond, and "0 µs" would say it took no time at all.
std::string micros_text(std::chrono::nanoseconds ns) {
    const auto count = static_cast<std::uint64_t>(ns.count());
    const std::string fraction = std::to_string(1000 + count % 1000).substr(1); // zero-padded to 3
    return std::to_string(count / 1000) + "." + fraction;
}

/// The body's rows, read by the engine's decoder: under reference, nlohmann's SAX parser alone
/// (prediction_json.cpp); under fast, the one-pass scanner first (fast/feature_scanner.cpp), the SAX
/// parser when it gives up. The same rows, or the same error in the same words, either way.
FeatureRows read_features(std::string_view body, std::size_t columns, std::size_t max_rows,
                          model::Engine engine, FeatureDiagnostic& diagnostic) {
    switch (engine) {
    case model::Engine::reference: return decode_features_sax(body, columns, max_rows, diagnostic);
    case model::Engine::fast: return decode_features(body, columns, max_rows, diagnostic);
    }
    return decode_features(body, columns, max_rows, diagnostic);
}

/// The 200 body, by the engine's writer: appended piece by piece under reference
/// (prediction_json.cpp), into a buffer sized first under fast (fast/prediction_json.cpp).
std::string write_predictions(std::string_view name_json, std::span<const std::string> label_json,
                              std::span<const double> values, std::span<const double> probabilities,
                              model::Engine engine) {
    switch (engine) {
    case model::Engine::reference:
        return prediction_json_reference(name_json, label_json, values, probabilities);
    case model::Engine::fast: return prediction_json(name_json, label_json, values, probabilities);
    }
    return prediction_json(name_json, label_json, values, probabilities);
}

} // namespace

http::Response Service::predict(const http::Request& request, const rest::RouteMatch& match,
                                trace::Trace& trace) {
    http::Response refusal;
    // The snapshot: a PUT may swap the model now, and this request still finishes on this one.
    const std::shared_ptr<const ModelEntry> entry = entry_for(match, refusal);
    if (!entry) return refusal;
    if (!is_json(request.fields.find("Content-Type"))) return not_json(request.fields.find("Content-Type"));
    const model::Model& m = *entry->model;
    const auto start = std::chrono::steady_clock::now();
    FeatureDiagnostic diagnostic;
    FeatureRows X =
        read_features(request.body, m.n_features(), options_.max_rows, options_.engine, diagnostic);
    if (diagnostic) {
        if (diagnostic.code == FeatureError::wrong_count) {
            diagnostic.message +=
                " Model '" + entry->name + "' takes, in order: " + http::join_list(m.feature_names()) + ".";
        }
        return feature_problem(diagnostic, m.n_features(), options_.max_rows);
    }

    const std::size_t rows = X.rows;
    const std::size_t k = m.n_classes();
    std::vector<double> outputs(rows + rows * k);
    const std::span<double> values(outputs.data(), rows);
    const std::span<double> probabilities(outputs.data() + rows, rows * k);
    m.predict(X.values, rows, values, probabilities, options_.engine);
    // Finite features can still overflow: 1e300 * 1e10 is infinity, and a forest's finite leaves
    // can sum past DBL_MAX. JSON has no NaN or Infinity (RFC 8259 §6), so such a row is refused
    // by name, before anything is recorded, and no partial answer is sent.
    if (const std::size_t bad = model::first_non_finite_row(values, probabilities, rows); bad != rows) {
        std::string row;
        append_number(row, std::uint64_t{bad});
        return api_problem(http::Status::unprocessable_content, "non-finite-prediction",
                           "The prediction for row " + row +
                               " is not a finite number: the model's arithmetic on these features "
                               "overflows a double (beyond 1.8e308). No rows were predicted.",
                           {{"row", row}});
    }
    entry->drift->record(X.values, rows);
    entry->predictions->fetch_add(rows, std::memory_order_relaxed);
    // The matrix is done with: free it before the body is written, so the two never peak together.
    X.values = std::vector<double>();

    // {"model":"iris","predictions":["setosa"],"probabilities":[[1,0,0]]}
    std::string body =
        write_predictions(entry->name_json, entry->label_json, values, probabilities, options_.engine);
    if (trace.on()) {
        const auto ns =
            std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start);
        // The first few outputs, as the client will read them: "setosa, virginica".
        std::string shown;
        for (std::size_t r = 0; r < std::min<std::size_t>(rows, 3); ++r) {
            if (r) shown += ", ";
            if (m.is_classifier()) {
                shown += m.class_labels()[static_cast<std::size_t>(values[r])];
            } else {
                append_number(shown, values[r]);
            }
        }
        if (rows > 3) shown += ", …";
        trace.line(trace::Layer::model,
                   "model '" + entry->name + "' (" + std::string(model::kind_name(m.kind())) +
                       "): " + std::to_string(rows) + " x " + std::to_string(m.n_features()) + " inputs → " +
                       std::to_string(rows) + (rows == 1 ? " output (" : " outputs (") + shown + ") in " +
                       micros_text(ns) + " µs");
    }
    return http::Response(http::Status::ok, "application/json", std::move(body));
}

} // namespace glassbox::api
