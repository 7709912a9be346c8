// api/service.cpp: the resources: GET / (index) and GET /health, and the REST trace line.
// Course topic: REST resources and methods.
// Try: curl -i http://127.0.0.1:8000/health ; curl -i -X DELETE http://127.0.0.1:8000/health
#include "api/service.hpp"

#include <nlohmann/json.hpp>

namespace glassbox::api {
namespace {

constexpr std::string_view json_type = "application/json";

/// One line of the index: what a resource is for, by pattern.
struct ResourceDescription {
    std::string_view pattern;
    std::string_view description;
};

constexpr ResourceDescription descriptions[] = {
    {"/", "this index of resources"},
    {"/health", "200 {\"status\":\"ok\"} while the process serves"},
};

std::string_view describe_pattern(std::string_view pattern) {
    for (const auto& d : descriptions) {
        if (d.pattern == pattern) return d.description;
    }
    return "";
}

std::string trace_match(const http::Request& request, const rest::RouteMatch& match) {
    switch (match.outcome) {
    case rest::Outcome::matched: {
        std::string text = "route " + std::string(match.head ? "HEAD (served by GET)" : match.method_text) + " " +
                           std::string(match.pattern) + " matched";
        for (const auto& [name, value] : match.params) text += ", " + std::string(name) + "=" + std::string(value);
        return text;
    }
    case rest::Outcome::options: return "OPTIONS: the methods allowed here are " + std::string(match.allow);
    case rest::Outcome::bad_request: return "400: the target cannot be read: " + std::string(match.why);
    case rest::Outcome::not_found: return "404: no resource matches " + request.target;
    case rest::Outcome::method_not_allowed:
        return "405: " + std::string(match.pattern) + " exists but allows only " + std::string(match.allow);
    case rest::Outcome::not_implemented: return "501: this server does not know the method " + request.method_text;
    }
    return "";
}

} // namespace

Service::Service() {
    router_.add(http::Method::get, "/", [this](const http::Request& request, const rest::RouteMatch&, trace::Trace&) {
        return index(request);
    });
    router_.add(http::Method::get, "/health", [](const http::Request&, const rest::RouteMatch&, trace::Trace&) {
        return http::Response(http::Status::ok, std::string(json_type), R"({"status":"ok"})");
    });
}

http::Response Service::handle(const http::Request& request, trace::Trace& trace) const {
    const rest::RouteMatch match = router_.match(request);
    if (trace.on()) trace.line(trace::Layer::rest, trace_match(request, match));
    if (match.outcome != rest::Outcome::matched) return rest::response_for(match);
    return router_.handler(match)(request, match, trace);
}

http::Response Service::index(const http::Request& request) const {
    const std::string* accept = request.fields.find("Accept");
    const bool wants_html = accept != nullptr && accept->find("text/html") != std::string::npos;
    nlohmann::ordered_json resources = nlohmann::ordered_json::array();
    std::string rows;
    for (const auto& route : router_.routes()) {
        const std::string pattern(route.pattern);
        resources.push_back({{"path", pattern}, {"methods", std::string(route.allow)},
                             {"description", std::string(describe_pattern(route.pattern))}});
        rows += "<tr><td><code>" + pattern + "</code></td><td>" + std::string(route.allow) + "</td><td>" +
                std::string(describe_pattern(route.pattern)) + "</td></tr>\n";
    }
    if (wants_html) {
        // A browser asks for text/html first; curl asks for */* and gets JSON.
        std::string page = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>glassbox</title></head>\n"
                           "<body><h1>glassbox</h1><p>An HTTP/1.1 model server. Resources:</p>\n"
                           "<table><tr><th>path</th><th>methods</th><th>what it is</th></tr>\n" +
                           rows + "</table></body></html>\n";
        return http::Response(http::Status::ok, "text/html; charset=utf-8", std::move(page));
    }
    nlohmann::ordered_json body = {{"name", "glassbox"}, {"resources", resources}};
    return http::Response(http::Status::ok, std::string(json_type), body.dump());
}

} // namespace glassbox::api
