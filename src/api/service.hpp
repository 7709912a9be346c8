// api/service.hpp: the glassbox web service: which resources exist and what they answer.
// Course topic: deploying a model: REST resources joined to the code that serves them.
// The contract (methods, paths, bodies, errors) is in docs/api.md.
// net/server.cpp calls handle() for every complete request; this file knows no sockets.
// Read next: rest/router.hpp (how a request finds its handler), registry.hpp, prediction_json.hpp.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/monitoring.hpp"
#include "api/registry.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "model/model.hpp"
#include "rest/router.hpp"
#include "trace/trace.hpp"

namespace glassbox::api {

/// How the service behaves; `glassbox serve` fills it from its options.
struct ServiceOptions {
    std::size_t max_rows = 100000;   ///< most rows in one predictions request; more get 413
    std::size_t max_models = 100;    ///< most models served at once; a PUT of a new name past it gets 409
    std::string token;               ///< non-empty: PUT and DELETE need "Authorization: Bearer <token>"
    bool writes_allowed = true;      ///< false: PUT and DELETE get 403 (non-loopback address, no token)
    std::FILE* access_log = nullptr; ///< one line per request goes here (stderr); nullptr: none
    const trace::Recent* recent_traces = nullptr; ///< what GET /traces reads (--trace); nullptr: tracing off
    bool traces_readable = true;                  ///< false: GET /traces is 403 (listening beyond loopback)
    /// Which code answers predictions (--engine): reference reads the body with the SAX decoder
    /// alone, walks each tree from its root and writes the JSON plainly; fast takes the
    /// performance layer (api/fast/, model/fast/). The same bytes either way.
    model::Engine engine = model::Engine::fast;
};

/// Every resource glassbox serves, behind one router.
class Service {
public:
    /// Registers the resources; no model is served until one is stored in registry().
    explicit Service(ServiceOptions options = {});

    /**
     * Answers one request: routes it, traces the REST decision, calls the resource, counts
     * it in the metrics and writes the access-log line. Never throws for bad input: an unknown
     * path is 404, a wrong method 405, bad features 400/422, and so on, each as
     * application/problem+json. Safe to call from many threads at once.
     */
    http::Response handle(const http::Request& request, trace::Trace& trace);

    /**
     * Called by the server once a request's header section is complete and its body is
     * still to come: answers now (401/403 for a refused PUT or DELETE, 400/404/405/501 from
     * the router) when the body cannot change the answer, so the body is never read.
     * std::nullopt: read the body, then handle(). Counts and logs an answer as handle() does.
     */
    std::optional<http::Response> check_head(const http::Request& head, trace::Trace& trace);

    /// The resource handler type: the request, what the router matched, the trace.
    using Handler =
        std::function<http::Response(const http::Request&, const rest::RouteMatch&, trace::Trace&)>;

    /// The router: which resources there are.
    using Router = rest::Router<Handler>;

    /// The routes: the one list of resources, read by the index, the metrics' route labels
    /// and the check of the API description.
    const Router& router() const { return router_; }
    /// The served models.
    Registry& registry() { return registry_; }
    /// The counters behind /metrics.
    const Metrics& metrics() const { return metrics_; }
    /// Where /metrics gets connection and byte counts (set by whoever owns the server,
    /// before it runs); without one those families are left out.
    void set_traffic_source(std::function<TrafficStats()> source) { traffic_ = std::move(source); }
    /// Where GET /health/ready learns whether the server takes new work (false while it
    /// drains before a stop); without one it always does.
    void set_draining_source(std::function<bool()> source) { draining_ = std::move(source); }

    /// Loads `path` and serves it as `name` (the file's own name when empty), counting the
    /// event. On failure nothing changes and `diagnostic` says why.
    void load(const std::string& name, const std::string& path, model::Diagnostic& diagnostic);
    /// SIGHUP: reloads every model that came from a file, each validated fully before its
    /// swap; a file that fails leaves its model serving. Replaces a model only if the API did
    /// not delete or replace it since the reload began. Returns one sentence per model.
    std::vector<std::string> reload_all();

private:
    /// Every resource, registered once each with its description and its methods' handlers.
    Router resources();
    http::Response index(const http::Request& request, trace::Trace& trace) const;
    http::Response readiness() const;
    http::Response traces(const http::Request& request, const rest::RouteMatch& match) const;
    http::Response metrics_text();
    http::Response list_models();
    http::Response get_model(const http::Request& request, const rest::RouteMatch& match);
    /// Registry::replace_if_current under the store lock (for reload_all).
    bool replace_if_current(const std::shared_ptr<const ModelEntry>& expected, model::Model fresh);
    /// The ETag of the model served under `name` now, or "" when there is none.
    std::string entity_tag_of(const std::string& name) const;
    http::Response get_drift(const rest::RouteMatch& match);
    http::Response put_model(const http::Request& request, const rest::RouteMatch& match);
    http::Response delete_model(const http::Request& request, const rest::RouteMatch& match);
    http::Response predict(const http::Request& request, const rest::RouteMatch& match, trace::Trace& trace);
    /// The entry named by the {name} parameter, or a 400/404 response in `refusal`.
    std::shared_ptr<const ModelEntry> entry_for(const rest::RouteMatch& match, http::Response& refusal);
    /// False when the request may change models; else true, with the 401 or 403 in `refusal`.
    bool write_refused(const http::Request& request, http::Response& refusal) const;
    void log_access(const http::Request& request, const http::Response& response, std::uint64_t micros) const;

    ServiceOptions options_;
    Router router_;
    Registry registry_;
    std::mutex store_mutex_; ///< makes a PUT's "is there room?" and its store one step
    Metrics metrics_;
    std::string openapi_;
    std::function<TrafficStats()> traffic_;
    std::function<bool()> draining_;
};

/// A problem response of a kind this API defines: type "/problems/<slug>" (RFC 9457 §3.1.1).
http::Response api_problem(http::Status status, std::string_view slug, std::string detail,
                           std::vector<http::ProblemMember> members = {});

/// True for application/json and any +json type (RFC 6839), parameters ignored.
bool is_json(const std::string* content_type);

/// The 415 for a predictions body that is not declared JSON (`content_type` may be null).
http::Response not_json(const std::string* content_type);

/// The JSON description of one served model (GET /models/{name}).
std::string describe_model(const ModelEntry& entry);

} // namespace glassbox::api
