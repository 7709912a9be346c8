// api/models.cpp: the model resources: GET /models, GET, PUT and DELETE /models/{name}, and
// GET /models/{name}/drift.
// Course topic: REST resources; hot replacement (a PUT is validated completely, then swapped).
// Try: curl -i -X PUT --data-binary @model.bin http://127.0.0.1:8000/models/iris2
#include <nlohmann/json.hpp>

#include "api/access.hpp"
#include "api/conditional.hpp"
#include "api/service.hpp"
#include "model/file.hpp"

namespace glassbox::api {
namespace {

constexpr std::string_view json_type = "application/json";

nlohmann::ordered_json model_json(const ModelEntry& entry) {
    const model::Model& m = *entry.model;
    nlohmann::ordered_json j;
    j["name"] = entry.name;
    j["kind"] = std::string(model::kind_name(m.kind()));
    j["features"] = m.feature_names();
    if (m.is_classifier()) j["classes"] = m.class_labels();
    const model::Summary& s = m.summary();
    if (m.forest() != nullptr) {
        j["trees"] = s.trees;
        j["max_depth"] = s.max_depth;
        j["nodes"] = s.nodes;
    } else {
        j["weights"] = {s.weight_rows, s.weight_cols};
    }
    j["file_bytes"] = m.file_bytes();
    char crc[16];
    std::snprintf(crc, sizeof crc, "%08x", static_cast<unsigned>(m.checksum()));
    j["checksum"] = std::string("crc32:") + crc;
    j["source"] = entry.path.empty() ? "upload" : entry.path;
    j["loaded_at"] = entry.loaded_at;
    j["links"] = {{"self", "/models/" + entry.name},
                  {"predictions", "/models/" + entry.name + "/predictions"},
                  {"drift", "/models/" + entry.name + "/drift"}};
    return j;
}

/// A double for JSON, where NaN (undefined) becomes null.
nlohmann::ordered_json maybe(double value) {
    return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

} // namespace

// The loader admits only UTF-8 names and labels, so dump() has nothing to refuse; should that
// ever change, a character is replaced (U+FFFD) rather than an exception thrown after a PUT has
// already swapped the model in: the change and its answer must succeed together.
std::string describe_model(const ModelEntry& entry) {
    return model_json(entry).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool Service::write_refused(const http::Request& request, http::Response& refusal) const {
    if (!options_.token.empty()) {
        const std::string_view given = bearer_token(request);
        if (constant_time_equals(given, options_.token)) return false;
        // RFC 6750 §3: say which scheme is expected; "invalid_token" when one was sent.
        refusal =
            api_problem(http::Status::unauthorized, "unauthorized",
                        given.empty() ? "Changing models needs the header 'Authorization: Bearer <token>' "
                                        "with the token from the server's --token-file."
                                      : "The bearer token is not the one this server was given.");
        refusal.fields.set("WWW-Authenticate", given.empty()
                                                   ? R"(Bearer realm="glassbox")"
                                                   : R"(Bearer realm="glassbox", error="invalid_token")");
        return true;
    }
    if (!options_.writes_allowed) {
        refusal =
            api_problem(http::Status::forbidden, "writes-disabled",
                        "This server listens beyond this machine without a token, so it refuses to change "
                        "models. Restart it with --token-file FILE to allow PUT and DELETE.");
        return true;
    }
    // No token, on loopback: only a request that names this machine, from no other site's
    // page, may change models (DNS rebinding, see access.cpp). Only header fields are read.
    switch (local_access(request)) {
    case LocalAccess::allowed: return false;
    case LocalAccess::host_not_local: {
        const std::string* host = request.fields.find("Host");
        refusal = api_problem(
            http::Status::forbidden, "host-not-local",
            "Without a token this server changes models only for requests whose Host names this machine "
            "(localhost, 127.0.0.1 or [::1], any port), and " +
                (host ? "'" + *host + "' does not" : std::string("this request has no Host")) +
                ": a web page can point its own name at 127.0.0.1. Restart the server with --token-file FILE "
                "to change models under any name.");
        return true;
    }
    case LocalAccess::cross_origin:
        refusal = api_problem(http::Status::forbidden, "cross-origin",
                              "Without a token this server lets no web page of another origin ('" +
                                  *request.fields.find("Origin") +
                                  "') change models. Restart the server with --token-file FILE and send the "
                                  "token to allow it.");
        return true;
    }
    return false;
}

http::Response Service::list_models() {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& entry : registry_.list()) list.push_back(model_json(*entry));
    nlohmann::ordered_json body = {{"models", list}};
    return http::Response(http::Status::ok, std::string(json_type), body.dump());
}

std::string Service::entity_tag_of(const std::string& name) const {
    const auto entry = registry_.find(name);
    return entry ? model_entity_tag(entry->model->checksum()) : std::string();
}

http::Response Service::get_model(const http::Request& request, const rest::RouteMatch& match) {
    http::Response refusal;
    const auto entry = entry_for(match, refusal);
    if (!entry) return refusal; // 400/404 first: preconditions apply only to a 2xx (RFC 9110 §13.2.1)
    const std::string tag = model_entity_tag(entry->model->checksum());
    http::Response response;
    switch (evaluate_preconditions(request.fields, tag, true)) {
    case Precondition::proceed:
        response = http::Response(http::Status::ok, std::string(json_type), describe_model(*entry));
        break;
    case Precondition::not_modified:
        // RFC 9110 §15.4.5: no content, but the ETag and Cache-Control a 200 would carry.
        response.status = http::Status::not_modified;
        break;
    case Precondition::failed: return precondition_failed(*match.param("name"), tag);
    }
    // NOTE: the tag names the model file, not this JSON: "loaded_at" and "source" change when
    // the same file is loaded again, and the tag does not. A client that cached the metadata
    // keeps the old load time; everything that describes the model itself is the same.
    response.fields.set("ETag", tag);
    // "no-cache": a cache may store the answer but must ask again (If-None-Match) before each
    // use (RFC 9111 §5.2.2.4), because a PUT can replace the model at any moment.
    response.fields.set("Cache-Control", "no-cache");
    return response;
}

http::Response Service::get_drift(const rest::RouteMatch& match) {
    http::Response refusal;
    const auto entry = entry_for(match, refusal);
    if (!entry) return refusal;
    const DriftReport report = entry->drift->report();
    nlohmann::ordered_json features = nlohmann::ordered_json::array();
    for (const FeatureDrift& f : report.features) {
        features.push_back({{"name", f.name},
                            {"training_mean", maybe(f.training_mean)},
                            {"training_stddev", maybe(f.training_stddev)},
                            {"live_mean", maybe(f.live_mean)},
                            {"live_stddev", maybe(f.live_stddev)},
                            {"mean_shift", maybe(f.mean_shift)},
                            {"psi", maybe(f.psi)},
                            {"live_histogram", f.live_histogram}});
    }
    nlohmann::ordered_json body = {{"model", entry->name},
                                   {"loaded_at", entry->loaded_at},
                                   {"rows", report.rows},
                                   {"features", features}};
    return http::Response(http::Status::ok, std::string(json_type), body.dump());
}

http::Response Service::put_model(const http::Request& request, const rest::RouteMatch& match) {
    http::Response refusal;
    if (write_refused(request, refusal)) return refusal;
    const std::string* name = match.param("name");
    if (name == nullptr || !Registry::valid_name(*name)) {
        entry_for(match, refusal);
        return refusal;
    }
    // RFC 9110 §13.2.2: preconditions are checked before the content is acted on, so a stale
    // If-Match is 412 even with a bad file. (check_head already answered this from the header
    // section when it could; the model may have changed while the body arrived.)
    if (const std::string current = entity_tag_of(*name);
        evaluate_preconditions(request.fields, current, false) == Precondition::failed)
        return precondition_failed(*name, current);
    // Parse and check every byte first; only a model that loads completely is swapped in.
    model::Diagnostic diagnostic;
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(request.body.data());
    model::Model m = model::load(std::span(bytes, request.body.size()), diagnostic);
    if (diagnostic) {
        metrics_.count(ModelEvent::failed);
        return api_problem(http::Status::unprocessable_content, "invalid-model-file",
                           "The body is not a valid model file: " + diagnostic.message +
                               " The model served before (if any) is unchanged.",
                           {{"error", http::json_string(diagnostic.code.message())}});
    }
    StoreResult result = StoreResult::created;
    {
        // The count and the store are one step: two uploads at once cannot both take the last place.
        // The check and the store are one step too: two clients with the same If-Match cannot
        // both replace the version they saw (optimistic concurrency, RFC 9110 §13.1.1).
        const std::lock_guard lock(store_mutex_);
        const std::string current = entity_tag_of(*name);
        if (evaluate_preconditions(request.fields, current, false) == Precondition::failed)
            return precondition_failed(*name, current);
        if (registry_.find(*name) == nullptr && registry_.list().size() >= options_.max_models) {
            // 409 Conflict (RFC 9110 §15.5.10): the request is fine, but it conflicts with the
            // state of the server, and the client can resolve that (DELETE a model, or replace
            // one) and try again. Not 507: that is a server error, and nothing is broken.
            // Not 413: the body is no larger than any other model file.
            return api_problem(http::Status::conflict, "too-many-models",
                               "This server already serves " + std::to_string(options_.max_models) +
                                   " models, the most it was started to hold (--max-models). Replace one "
                                   "with PUT, or DELETE one, before uploading a new name.",
                               {{"max_models", std::to_string(options_.max_models)}});
        }
        result = registry_.store(*name, std::move(m), "");
    }
    // Stored: from here on nothing may fail. The model loaded, so every string in it is UTF-8
    // (the loader checks, RFC 8259 §8.1) and describe_model() cannot throw on it.
    metrics_.count(result == StoreResult::created ? ModelEvent::loaded : ModelEvent::replaced);
    const auto entry = registry_.find(*name);
    http::Response response(result == StoreResult::created ? http::Status::created : http::Status::ok,
                            std::string(json_type), entry ? describe_model(*entry) : std::string("{}"));
    response.fields.set("Location", "/models/" + *name);
    // The new version's validator (RFC 9110 §8.8.3): the client's next If-Match.
    if (entry) response.fields.set("ETag", model_entity_tag(entry->model->checksum()));
    return response;
}

http::Response Service::delete_model(const http::Request& request, const rest::RouteMatch& match) {
    http::Response refusal;
    if (write_refused(request, refusal)) return refusal;
    {
        // Lookup, preconditions and removal are one step under the store lock, so a PUT
        // cannot slip in between an If-Match check and the removal.
        const std::lock_guard lock(store_mutex_);
        const auto entry = entry_for(match, refusal);
        if (!entry) return refusal; // 404 first: preconditions apply only to a 2xx (§13.2.1)
        const std::string current = model_entity_tag(entry->model->checksum());
        if (evaluate_preconditions(request.fields, current, false) == Precondition::failed)
            return precondition_failed(entry->name, current);
        registry_.remove(entry->name);
    }
    metrics_.count(ModelEvent::deleted);
    http::Response response;
    response.status = http::Status::no_content;
    return response;
}

} // namespace glassbox::api
