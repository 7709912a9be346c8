// api/refusal_trace.cpp: which layer decided each of the API's problems, and the line it gets.
// Course topic: reading protocol traces.
// The detail and type are read back from the problem body, so the trace says exactly what
// the client was told, and no handler has to remember to trace its refusals.
#include "api/refusal_trace.hpp"

#include <nlohmann/json.hpp>

#include "http/problem.hpp"

namespace glassbox::api {
namespace {

/// The problems the model or its input decided (by slug, "/problems/<slug>"): the model store
/// (a name, a file, room for one more) and the features a prediction needs. Every other API
/// problem is a rule of the resource (media type, access, preconditions): REST decided it.
constexpr std::string_view model_refusals[] = {
    "bad-model-name",  "unknown-model",       "invalid-model-file",
    "too-many-models", "malformed-json",      "bad-shape",
    "no-rows",         "wrong-feature-count", "not-a-number",
    "not-finite",      "too-many-rows",       "non-finite-prediction",
};

constexpr std::string_view problems_prefix = "/problems/";

trace::Layer layer_for(std::string_view slug) {
    for (const std::string_view model_slug : model_refusals) {
        if (model_slug == slug) return trace::Layer::model;
    }
    return trace::Layer::rest;
}

} // namespace

void trace_refusal(trace::Trace& trace, const http::Response& response) {
    if (!trace.on()) return;
    const std::string* type = response.fields.find("Content-Type");
    if (type == nullptr || *type != http::problem_media_type) return;
    const auto problem = nlohmann::json::parse(response.body, nullptr, false);
    if (!problem.is_object() || !problem.contains("type") || !problem["type"].is_string()) return;
    const std::string& kind = problem["type"].get_ref<const std::string&>();
    if (!kind.starts_with(problems_prefix)) return;
    const std::string detail = problem.value("detail", std::string());
    trace.line(layer_for(std::string_view(kind).substr(problems_prefix.size())),
               "refused: " + detail + " (" + kind + ")");
}

} // namespace glassbox::api
