// api/openapi.cpp: the OpenAPI 3.0 document, written once at start-up.
// Course topic: describing a REST API. Spec: OpenAPI Specification 3.0.3.
// Try: curl -s http://127.0.0.1:8000/openapi.json | python3 -m json.tool
#include "api/openapi.hpp"

#include <nlohmann/json.hpp>

namespace glassbox::api {
namespace {

using json = nlohmann::ordered_json;

json ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

json content(const std::string& media_type, const json& schema) {
    return {{media_type, {{"schema", schema}}}};
}

json answer(const std::string& description, const std::string& media_type = "", const json& schema = {}) {
    json r = {{"description", description}};
    if (!media_type.empty()) r["content"] = content(media_type, schema);
    return r;
}

json problem(const std::string& description) {
    return answer(description, "application/problem+json", ref("Problem"));
}

json name_parameter() {
    return json::array({{{"name", "name"},
                         {"in", "path"},
                         {"required", true},
                         {"schema", {{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]{1,64}$"}}}}});
}

json query_parameter(const std::string& name, const std::string& description, const json& schema) {
    return {{"name", name},
            {"in", "query"},
            {"required", false},
            {"description", description},
            {"schema", schema}};
}

json operation(const std::string& summary, json responses, bool named = false) {
    json op = {{"summary", summary}};
    if (named) op["parameters"] = name_parameter();
    op["responses"] = std::move(responses);
    return op;
}

json schemas() {
    const json number_array = {{"type", "array"}, {"items", {{"type", "number"}}}};
    return {
        {"Problem",
         {{"type", "object"},
          {"description", "RFC 9457 problem details; API-specific types are /problems/<slug>."},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"detail", {{"type", "string"}}},
            {"row", {{"type", "integer"}}},
            {"column", {{"type", "integer"}}}}},
          {"required", {"type", "title", "status", "detail"}}}},
        {"PredictionRequest",
         {{"type", "object"},
          {"properties",
           {{"features",
             {{"oneOf", json::array({{{"type", "array"}, {"items", number_array}}, number_array})}}}}},
          {"required", {"features"}}}},
        {"PredictionResponse",
         {{"type", "object"},
          {"properties",
           {{"model", {{"type", "string"}}},
            {"predictions",
             {{"type", "array"},
              {"items", {{"oneOf", json::array({{{"type", "string"}}, {{"type", "number"}}})}}}}},
            {"probabilities", {{"type", "array"}, {"items", number_array}}}}},
          {"required", {"model", "predictions"}}}},
        {"Model",
         {{"type", "object"},
          {"properties",
           {{"name", {{"type", "string"}}},
            {"kind", {{"type", "string"}}},
            {"features", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"classes", {{"type", "array"}, {"items", {{"type", "string"}}}}},
            {"file_bytes", {{"type", "integer"}}},
            {"checksum", {{"type", "string"}}},
            {"loaded_at", {{"type", "string"}, {"format", "date-time"}}}}}}},
    };
}

} // namespace

std::string openapi_document() {
    const json object = {{"type", "object"}};
    const json auth_problems = {{"401", problem("PUT and DELETE need Authorization: Bearer <token>")},
                                {"403", problem("model changes are disabled on a non-loopback address, or, "
                                                "without a token, the Host is not this machine or the "
                                                "Origin is another site")}};
    json put_responses = {
        {"200", answer("replaced", "application/json", ref("Model"))},
        {"201", answer("created; Location names it", "application/json", ref("Model"))},
        {"400", problem("bad model name")},
        {"409", problem("a new name while --max-models models are served")},
        {"412", problem("If-Match names another version, or If-None-Match: * a taken name")},
        {"422", problem("not a valid model file; the old model keeps serving")}};
    put_responses.update(auth_problems);
    json delete_responses = {{"204", answer("deleted")},
                             {"404", problem("no such model")},
                             {"412", problem("If-Match names another version; the model stays")}};
    delete_responses.update(auth_problems);

    json paths;
    json index_answer = answer("the resources as JSON, or the browser page", "application/json", object);
    index_answer["content"].update(content("text/html", {{"type", "string"}}));
    paths["/"]["get"] =
        operation("An index of the resources; a browser page when Accept prefers text/html (Vary: Accept)",
                  {{"200", std::move(index_answer)}});
    paths["/health"]["get"] =
        operation("The process serves", {{"200", answer("serving", "application/json", object)}});
    paths["/health/live"]["get"] =
        operation("Liveness: the process answers", {{"200", answer("alive", "application/json", object)}});
    paths["/health/ready"]["get"] =
        operation("Readiness: send traffic here?",
                  {{"200", answer("models loaded, not draining", "application/json", object)},
                   {"503", problem("no model loaded, or draining after SIGTERM (--drain-seconds)")}});
    paths["/models"]["get"] = operation(
        "The served models", {{"200", answer("every model's metadata", "application/json", object)}});
    paths["/models/{name}"]["get"] =
        operation("One model's metadata",
                  {{"200", answer("the metadata, with ETag and Cache-Control: no-cache", "application/json",
                                  ref("Model"))},
                   {"304", answer("If-None-Match names the current ETag: no body")},
                   {"400", problem("bad model name")},
                   {"404", problem("no such model")}},
                  true);
    paths["/models/{name}"]["put"] =
        operation("Add or replace a model with the bytes of a model file", std::move(put_responses), true);
    paths["/models/{name}"]["put"]["requestBody"] = {
        {"required", true},
        {"content", content("application/octet-stream", {{"type", "string"}, {"format", "binary"}})}};
    paths["/models/{name}"]["delete"] = operation("Stop serving a model", std::move(delete_responses), true);
    paths["/models/{name}/predictions"]["post"] = operation(
        "Predict rows of features",
        {{"200", answer("one prediction per row", "application/json", ref("PredictionResponse"))},
         {"400", problem("malformed JSON or bad model name")},
         {"404", problem("no such model")},
         {"413", problem("more rows than --max-rows")},
         {"415", problem("the body is not declared as JSON")},
         {"422", problem("wrong shape, wrong feature count, or a value that is not a finite number")}},
        true);
    paths["/models/{name}/predictions"]["post"]["requestBody"] = {
        {"required", true}, {"content", content("application/json", ref("PredictionRequest"))}};
    paths["/models/{name}/drift"]["get"] = operation(
        "Live inputs compared with the training data, per feature",
        {{"200", answer("drift figures", "application/json", object)}, {"404", problem("no such model")}},
        true);
    paths["/metrics"]["get"] =
        operation("Counters in Prometheus text format 0.0.4",
                  {{"200", answer("the exposition", "text/plain", {{"type", "string"}})}});
    paths["/openapi.json"]["get"] =
        operation("This document", {{"200", answer("OpenAPI 3.0", "application/json", object)}});

    paths["/docs"]["get"] = operation(
        "This document drawn for people, with 'try it' for GET routes",
        {{"200", answer("an HTML page that reads /openapi.json", "text/html", {{"type", "string"}})}});
    json traces = operation(
        "The latest trace blocks kept in memory while the server traces (--trace)",
        {{"200", answer("{tracing: off|on|wire, kept, blocks: [{id, connection, request_ids, lines}]}",
                        "application/json", object)},
         {"400", problem("an unknown query parameter, both of them, or a connection that is not a number")},
         {"403", problem("the server listens beyond loopback, or Host does not name this machine, or "
                         "another site's page sent the request")}});
    traces["parameters"] = json::array(
        {query_parameter("connection", "the blocks of connection N (#N in the trace)",
                         {{"type", "integer"}, {"minimum", 1}}),
         query_parameter("request-id", "the blocks answering requests that carried X-Request-Id: ID",
                         {{"type", "string"}})});
    paths["/traces"]["get"] = std::move(traces);
    // One description for every method /echo takes (api/echo.hpp).
    for (const std::string method : {"get", "post", "put", "delete", "patch"}) {
        paths["/echo"][method] = operation(
            "The request as the server's parser understood it: method, target and its parts, version, "
            "fields in order, body framing and length, first body bytes, trailers, keep-alive",
            {{"200", answer("what the parser saw", "application/json", object)}});
    }

    const json document = {
        {"openapi", "3.0.3"},
        {"info",
         {{"title", "glassbox"},
          {"version", "0.1.0"},
          {"description", "A small HTTP/1.1 model server for learning how a model reaches production."}}},
        {"paths", paths},
        {"components", {{"schemas", schemas()}}},
    };
    return document.dump();
}

} // namespace glassbox::api
