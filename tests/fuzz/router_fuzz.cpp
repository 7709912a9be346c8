// tests/fuzz/router_fuzz.cpp: libFuzzer target for rest::RouteTable and rest::response_for.
// Course topic: routing (REST) on whatever method and request-target a client sends.
// Input: "METHOD target" (split at the first space). The table holds glassbox's routes;
// every outcome must be consistent and every non-match must turn into a response.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/message.hpp"
#include "rest/router.hpp"

namespace {

using glassbox::http::Method;
using glassbox::rest::Outcome;
using glassbox::rest::RouteTable;

/// The resources of DESIGN.md's REST API, with a handler id per (pattern, method).
RouteTable make_table() {
    RouteTable table;
    table.add(Method::get, "/", 0);
    table.add(Method::get, "/health", 1);
    table.add(Method::get, "/models", 2);
    table.add(Method::get, "/models/{name}", 3);
    table.add(Method::put, "/models/{name}", 4);
    table.add(Method::delete_, "/models/{name}", 5);
    table.add(Method::post, "/models/{name}/predictions", 6);
    table.add(Method::get, "/metrics", 7);
    table.add(Method::get, "/docs", 8);
    table.add(Method::get, "/traces", 9);
    // /echo takes five methods on one pattern (api/service.cpp).
    table.add(Method::get, "/echo", 10);
    table.add(Method::post, "/echo", 11);
    table.add(Method::put, "/echo", 12);
    table.add(Method::delete_, "/echo", 13);
    table.add(Method::patch, "/echo", 14);
    return table;
}

/// Handlers registered above.
constexpr std::size_t handler_count = 15;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const RouteTable table = make_table();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t space = input.find(' ');
    const std::string_view method_text = input.substr(0, space);
    const std::string_view target =
        space == std::string_view::npos ? std::string_view{} : input.substr(space + 1);
    const Method method = glassbox::http::method_from_token(method_text);
    const auto match = table.match(method, method_text, target);
    switch (match.outcome) {
    case Outcome::matched:
        if (match.handler >= handler_count) std::abort();
        if (match.handler == 3 || match.handler == 4 || match.handler == 5 || match.handler == 6) {
            if (match.param("name") == nullptr) std::abort(); // {name} must be bound
        }
        break;
    case Outcome::redirect: {
        // One slash less, a path that matches: never a redirect to itself, never empty.
        if (match.location.empty() || match.location.front() != '/' || match.location == match.path)
            std::abort();
        if (glassbox::rest::response_for(match).status != glassbox::http::Status::permanent_redirect)
            std::abort();
        break;
    }
    case Outcome::method_not_allowed:
    case Outcome::options:
        if (match.allow.empty()) std::abort();
        [[fallthrough]];
    case Outcome::bad_request:
    case Outcome::not_found:
    case Outcome::not_implemented: {
        const auto response = glassbox::rest::response_for(match);
        if (static_cast<int>(response.status) < 200) std::abort();
        break;
    }
    }
    return 0;
}
