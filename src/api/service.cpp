// api/service.cpp: the routes, the index, /health, /metrics, and what every request shares:
// the REST trace line, the metrics count and the access-log line.
// Course topic: REST resources and methods; observability.
// Try: curl -i http://127.0.0.1:8000/health ; curl -i -X DELETE http://127.0.0.1:8000/health
#include "api/service.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "api/browser_page.hpp"
#include "api/conditional.hpp"
#include "api/docs_page.hpp"
#include "api/echo.hpp"
#include "api/number_text.hpp"
#include "api/openapi.hpp"
#include "http/negotiation.hpp"
#include "http/problem.hpp"

namespace glassbox::api {
namespace {

constexpr std::string_view json_type = "application/json";

/// The metrics' route labels: every resource's pattern, at its RouteInfo::number, which is
/// what RouteMatch::resource holds: so /metrics lists the routes in the order registered.
std::vector<std::string> route_labels(const Service::Router& router) {
    const std::vector<rest::RouteInfo> routes = router.routes();
    std::vector<std::string> labels(routes.size());
    for (const auto& route : routes) labels[route.number] = route.pattern;
    return labels;
}

std::string trace_match(const http::Request& request, const rest::RouteMatch& match) {
    switch (match.outcome) {
    case rest::Outcome::matched: {
        std::string text = "route " + std::string(match.head ? "HEAD (served by GET)" : match.method_text) +
                           " " + std::string(match.pattern) + " matched";
        for (const auto& [name, value] : match.params)
            text += ", " + std::string(name) + "=" + std::string(value);
        return text;
    }
    case rest::Outcome::options: return "OPTIONS: the methods allowed here are " + std::string(match.allow);
    case rest::Outcome::redirect:
        return "308: no resource at " + std::string(match.path) + ", but " + std::string(match.pattern) +
               " matches it without the trailing slash: Location " + match.location;
    case rest::Outcome::bad_request: return "400: the target cannot be read: " + std::string(match.why);
    case rest::Outcome::not_found: return "404: no resource matches " + request.target;
    case rest::Outcome::method_not_allowed:
        return "405: " + std::string(match.pattern) + " exists but allows only " + std::string(match.allow);
    case rest::Outcome::not_implemented:
        return "501: this server does not know the method " + request.method_text;
    }
    return "";
}

/// GET /traces?request-id=ID finds the block of a request that carried "X-Request-Id: ID"
/// (the de facto name of nginx, Heroku and others for a client's label of one request).
void note_request_id(const http::Request& request, trace::Trace& trace) {
    if (const std::string* id = request.fields.find("X-Request-Id")) trace.note_request_id(*id);
}

/// The REST line saying how the index's representation was chosen.
std::string negotiation_line(const std::string* accept, const http::Negotiation& choice,
                             std::span<const std::string_view> offered) {
    const std::string_view what = choice.chosen == 1 ? "the index as an HTML page" : "the index as JSON";
    if (accept == nullptr)
        return "content negotiation: no Accept field, so any type will do: " + std::string(what);
    std::string text = "content negotiation (RFC 9110 §12.5.1): Accept: " + *accept + " gives ";
    for (std::size_t i = 0; i < offered.size(); ++i) {
        if (i > 0) text += ", ";
        text += std::string(offered[i]) + " " + http::quality_text(choice.qualities[i]);
    }
    if (!choice.acceptable)
        return text + "; neither is acceptable, so the field is disregarded (no 406): " + std::string(what);
    return text + ": " + std::string(what);
}

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

/// An API refusal told in the trace, at the layer that decided: for a problem this API
/// defines (type "/problems/<slug>", RFC 9457 §3.1.1), one line "<LAYER> refused: <detail>
/// (<type>)", at MODEL when the model or its input decided (an unknown model, bad features),
/// at REST when the resource's rules did (media type, access). The detail and type are read
/// back from the problem body, so the trace says exactly what the client was told, and no
/// handler has to remember to trace its refusals. Any other answer, the router's about:blank
/// problems among them, adds nothing: those have their REST line already.
/// Line shape: "MODEL refused: Row 0 has 2 values, but the model takes 4. (/problems/wrong-feature-count)".
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

} // namespace

http::Response api_problem(http::Status status, std::string_view slug, std::string detail,
                           std::vector<http::ProblemMember> members) {
    return http::problem(
        http::Problem{status, std::move(detail), "/problems/" + std::string(slug), std::move(members)});
}

// The router is built first (router_ is declared before metrics_): the metrics count by its
// resources. resources() only captures `this` in the handlers, which run once serving starts.
Service::Service(ServiceOptions options)
    : options_(std::move(options)), router_(resources()), metrics_(route_labels(router_)),
      openapi_(openapi_document()) {}

Service::Router Service::resources() {
    using M = http::Method;
    using R = const http::Request&;
    using Match = const rest::RouteMatch&;
    using T = trace::Trace&;
    Router router;
    router.add("/",
               "this index of resources (JSON), or a page to try the API in a browser (Accept: text/html)",
               {{M::get, [this](R request, Match, T trace) { return index(request, trace); }}});
    router.add("/health", "200 {\"status\":\"ok\"} while the process serves",
               {{M::get, [](R, Match, T) {
                     return http::Response(http::Status::ok, std::string(json_type), R"({"status":"ok"})");
                 }}});
    // Liveness and readiness, as orchestrators probe them: "restart me if I stop answering"
    // versus "send me traffic only when I can serve it".
    router.add("/health/live", "liveness: 200 while the process answers at all",
               {{M::get, [](R, Match, T) {
                     return http::Response(http::Status::ok, std::string(json_type), R"({"status":"live"})");
                 }}});
    router.add("/health/ready",
               "readiness: 200 when models are loaded and the server is not draining, else 503",
               {{M::get, [this](R, Match, T) { return readiness(); }}});
    router.add("/models", "the served models and their metadata",
               {{M::get, [this](R, Match, T) { return list_models(); }}});
    router.add("/models/{name}",
               "one model: GET its metadata, PUT a model file to add or replace it, DELETE it",
               {{M::get, [this](R request, Match match, T) { return get_model(request, match); }},
                {M::put, [this](R request, Match match, T) { return put_model(request, match); }},
                {M::delete_, [this](R request, Match match, T) { return delete_model(request, match); }}});
    router.add(
        "/models/{name}/predictions", "POST {\"features\": [[...], ...]} to get predictions",
        {{M::post, [this](R request, Match match, T trace) { return predict(request, match, trace); }}});
    router.add("/models/{name}/drift", "live inputs compared with the training data, per feature",
               {{M::get, [this](R, Match match, T) { return get_drift(match); }}});
    router.add("/metrics", "counters in Prometheus text format",
               {{M::get, [this](R, Match, T) { return metrics_text(); }}});
    router.add("/openapi.json", "this API described in OpenAPI 3",
               {{M::get, [this](R, Match, T) {
                     return http::Response(http::Status::ok, std::string(json_type), openapi_);
                 }}});
    router.add("/docs", "/openapi.json drawn for people, with 'try it' for GET (HTML)",
               {{M::get, [](R, Match, T) {
                     return http::Response(http::Status::ok, "text/html; charset=utf-8",
                                           std::string(docs_page()));
                 }}});
    router.add("/traces",
               "the latest trace blocks (--trace), by ?connection=N or ?request-id=ID; loopback only",
               {{M::get, [this](R request, Match match, T) { return traces(request, match); }}});
    // The methods that carry a request to a resource. Not CONNECT (a tunnel), nor TRACE (RFC
    // 9110 §9.3.8 defines its answer as the request in message/http, and servers disable it);
    // HEAD and OPTIONS the router answers for every resource.
    // Try: curl -s -d 'a=1' http://127.0.0.1:8000/echo
    const Handler echo_handler = [](R request, Match match, T trace) { return echo(request, match, trace); };
    router.add("/echo", "any method, any body: the request as this server's parser understood it",
               {{M::get, echo_handler},
                {M::post, echo_handler},
                {M::put, echo_handler},
                {M::delete_, echo_handler},
                {M::patch, echo_handler}});
    return router;
}

http::Response Service::handle(const http::Request& request, trace::Trace& trace) {
    const auto start = std::chrono::steady_clock::now();
    const rest::RouteMatch match = router_.match(request);
    if (trace.on()) {
        trace.line(trace::Layer::rest, trace_match(request, match));
        note_request_id(request, trace);
    }
    http::Response response;
    if (match.outcome == rest::Outcome::matched) {
        response = router_.handler(match)(request, match, trace);
        trace_refusal(trace, response);
    } else {
        response = rest::response_for(match);
    }
    const auto elapsed = std::chrono::steady_clock::now() - start;
    metrics_.observe(match.resource, response.status, elapsed);
    // With --trace the trace block says all of this and more, in order; one line of it
    // printed apart from the block would land in the middle of the exchange.
    if (options_.access_log != nullptr && !trace.on()) {
        log_access(request, response,
                   static_cast<std::uint64_t>(
                       std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
    }
    return response;
}

std::shared_ptr<const ModelEntry> Service::entry_for(const rest::RouteMatch& match, http::Response& refusal) {
    const std::string* name = match.param("name");
    if (name == nullptr || !Registry::valid_name(*name)) {
        // Checked before any lookup: a name never reaches a map or a file system unless it is plain.
        refusal = api_problem(http::Status::bad_request, "bad-model-name",
                              "A model name is 1 to 64 letters, digits, '_' or '-'; '" +
                                  (name ? *name : std::string()) + "' is not one.");
        return nullptr;
    }
    auto entry = registry_.find(*name);
    if (!entry) {
        refusal = api_problem(http::Status::not_found, "unknown-model",
                              "There is no model named '" + *name + "'. GET /models lists the models served.",
                              {{"model", http::json_string(*name)}});
    }
    return entry;
}

std::optional<http::Response> Service::check_head(const http::Request& head, trace::Trace& trace) {
    const auto start = std::chrono::steady_clock::now();
    const rest::RouteMatch match = router_.match(head);
    std::optional<http::Response> response;
    if (match.outcome != rest::Outcome::matched) {
        // 400, 404, 405, 501 and OPTIONS depend on the method and target alone.
        response = rest::response_for(match);
    } else if (head.method == http::Method::post && match.pattern == "/models/{name}/predictions") {
        // An unknown model (404) or a body not declared JSON (415) is known from the head.
        http::Response refusal;
        const std::string* type = head.fields.find("Content-Type");
        if (!entry_for(match, refusal)) {
            response = std::move(refusal);
        } else if (!is_json(type)) {
            response = not_json(type);
        }
    } else if ((head.method == http::Method::put || head.method == http::Method::delete_) &&
               match.pattern == "/models/{name}") {
        // Authorisation reads only the header section (never a body or trailers): a client
        // without the right to change models does not get to send megabytes first.
        http::Response refusal;
        const std::string* name = match.param("name");
        if (write_refused(head, refusal)) {
            response = std::move(refusal);
        } else if (name != nullptr) {
            // A stale If-Match (or If-None-Match: * on a taken name) is 412 before the file is
            // sent. A DELETE of a name that serves nothing is left to the handler's 404. One
            // lookup: the 412 names the tag that was compared.
            const std::string current = entity_tag_of(*name);
            if ((head.method == http::Method::put || !current.empty()) &&
                evaluate_preconditions(head.fields, current, false) == Precondition::failed)
                response = precondition_failed(*name, current);
        }
    }
    if (!response) return std::nullopt;
    if (trace.on()) {
        trace.line(trace::Layer::rest, trace_match(head, match));
        note_request_id(head, trace);
    }
    trace_refusal(trace, *response);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    metrics_.observe(match.resource, response->status, elapsed);
    if (options_.access_log != nullptr && !trace.on()) {
        log_access(head, *response,
                   static_cast<std::uint64_t>(
                       std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()));
    }
    return response;
}

void Service::log_access(const http::Request& request, const http::Response& response,
                         std::uint64_t micros) const {
    // One line, one fwrite: stdio locks the stream per call, so lines of different threads
    // never interleave. Format: CLIENT METHOD TARGET STATUS BODY-BYTES MICROSECONDSus, CLIENT
    // being "127.0.0.1" or, behind a --trusted-proxy, "203.0.113.7 via proxy 127.0.0.1".
    std::string line;
    line.reserve(request.client.size() + request.method_text.size() + request.target.size() + 32);
    if (!request.client.empty()) line.append(request.client).append(" ");
    line.append(request.method_text).append(" ").append(request.target).append(" ");
    append_number(line, static_cast<std::uint64_t>(http::code(response.status)));
    line += ' ';
    append_number(line, static_cast<std::uint64_t>(response.body.size()));
    line += ' ';
    append_number(line, micros);
    line += "us\n";
    std::fwrite(line.data(), 1, line.size(), options_.access_log);
}

http::Response Service::index(const http::Request& request, trace::Trace& trace) const {
    // RFC 9110 §12.5.1: proactive negotiation, the server choosing by the Accept field. JSON
    // first: it wins ties, so curl's "*/*" (and no Accept at all) keeps getting JSON.
    // Try: curl -H 'Accept: text/html' http://127.0.0.1:8000/
    static constexpr std::string_view offered[] = {json_type, "text/html"};
    const std::string* accept = request.fields.find("Accept");
    const http::Negotiation choice = http::negotiate(accept, offered);
    const bool wants_html = choice.chosen == 1;
    if (trace.on()) trace.line(trace::Layer::rest, negotiation_line(accept, choice, offered));
    http::Response response;
    if (wants_html) {
        response = http::Response(http::Status::ok, "text/html; charset=utf-8", std::string(browser_page()));
    } else {
        nlohmann::ordered_json resources = nlohmann::ordered_json::array();
        for (const auto& route : router_.routes()) {
            resources.push_back({{"path", std::string(route.pattern)},
                                 {"methods", std::string(route.allow)},
                                 {"description", std::string(route.description)}});
        }
        nlohmann::ordered_json body = {{"name", "glassbox"}, {"resources", resources}};
        response = http::Response(http::Status::ok, std::string(json_type), body.dump());
    }
    // RFC 9110 §12.5.5: the answer depends on Accept, so a cache must not hand the JSON it
    // stored for curl to a browser.
    response.fields.add("Vary", "Accept");
    return response;
}

http::Response Service::readiness() const {
    // Try: curl -i http://127.0.0.1:8000/health/ready
    // 503 (RFC 9110 §15.6.4): the process is fine, but traffic should go elsewhere for now.
    if (draining_ && draining_()) {
        http::Response response =
            api_problem(http::Status::service_unavailable, "not-ready",
                        "This server is shutting down: it received SIGTERM and finishes what it has, during "
                        "--drain-seconds, but takes no new work. Send requests to another instance.");
        return response;
    }
    const std::size_t models = registry_.list().size();
    if (models == 0) {
        return api_problem(http::Status::service_unavailable, "not-ready",
                           "No model is loaded, so there is nothing to predict with. Load one with PUT "
                           "/models/{name} or start the server with --model.");
    }
    return http::Response(http::Status::ok, std::string(json_type),
                          R"({"status":"ready","models":)" + std::to_string(models) + "}");
}

http::Response Service::metrics_text() {
    std::vector<ModelFigures> models;
    for (const auto& entry : registry_.list())
        models.push_back(
            {entry->name, entry->predictions->load(std::memory_order_relaxed), entry->drift->report()});
    TrafficStats traffic;
    if (traffic_) traffic = traffic_();
    return http::Response(http::Status::ok, std::string(metrics_media_type),
                          metrics_.render(traffic_ ? &traffic : nullptr, models));
}

void Service::load(const std::string& name, const std::string& path, model::Diagnostic& diagnostic) {
    const StoreResult result = registry_.load_file(name, path, diagnostic);
    if (diagnostic) {
        metrics_.count(ModelEvent::failed);
        return;
    }
    metrics_.count(result == StoreResult::replaced ? ModelEvent::replaced : ModelEvent::loaded);
}

bool Service::replace_if_current(const std::shared_ptr<const ModelEntry>& expected, model::Model fresh) {
    // Under the store lock: a PUT or DELETE checks its If-Match and acts in one step, and a
    // reload must not swap the model between the two.
    const std::lock_guard lock(store_mutex_);
    return registry_.replace_if_current(expected, std::move(fresh));
}

std::vector<std::string> Service::reload_all() {
    // The rule (docs/06-production.md): a reload replaces only what it saw, and only if the API
    // has not changed it since. The snapshot is this list; each entry is swapped by
    // Registry::replace_if_current, which compares it with the entry served now, so a model
    // deleted or PUT while its file was being read stays as the API left it.
    std::vector<std::string> report;
    for (const auto& entry : registry_.list()) {
        if (entry->path.empty()) continue; // uploaded with PUT: there is no file to reload
        model::Diagnostic diagnostic;
        model::Model fresh = Registry::read_model_file(entry->path, diagnostic);
        if (diagnostic) {
            metrics_.count(ModelEvent::failed);
            report.push_back("model '" + entry->name + "' kept: " + entry->path + ": " + diagnostic.message);
        } else if (!replace_if_current(entry, std::move(fresh))) {
            report.push_back("model '" + entry->name +
                             "' not reloaded: it was deleted or replaced through the "
                             "API during the reload, and stays as the API left it");
        } else {
            metrics_.count(ModelEvent::replaced);
            report.push_back("model '" + entry->name + "' reloaded from " + entry->path);
        }
    }
    return report;
}

} // namespace glassbox::api
