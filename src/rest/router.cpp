// rest/router.cpp: path patterns parsed and matched segment by segment, then the router:
// pattern first, then method; the 404/405/501/OPTIONS/HEAD decisions.
// Course topic: why a wrong method on a real resource is 405 and not 404, and how the server
// tells the client what it may do instead (Allow).
// Spec: RFC 3986 §3.3, §2.1; RFC 9110 §9.1, §9.3.2, §9.3.7, §10.2.1, §15.5.5-6; RFC 9457.
#include "rest/router.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "http/problem.hpp"
#include "http/request_target.hpp"
#include "http/token.hpp"

namespace glassbox::rest {

namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

[[noreturn]] void reject(std::string_view pattern, std::string_view why) {
    throw std::invalid_argument("bad route pattern \"" + std::string(pattern) + "\": " + std::string(why));
}

} // namespace

PathPattern::PathPattern(std::string_view pattern) : text_(pattern) {
    if (pattern.empty() || pattern[0] != '/') reject(pattern, "it must start with '/'");
    if (pattern == "/") {
        segments_.push_back(Segment{false, ""});
        return;
    }
    std::string_view rest = pattern.substr(1);
    while (true) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (segment.empty()) reject(pattern, "empty segments (\"//\" or a trailing '/') are not allowed");
        if (segment.front() == '{' && segment.back() == '}') {
            const std::string_view name = segment.substr(1, segment.size() - 2);
            if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
                reject(pattern, "a parameter name is letters, digits and '_'");
            }
            for (const Segment& s : segments_) {
                if (s.is_parameter && s.text == name) reject(pattern, "a parameter name appears twice");
            }
            segments_.push_back(Segment{true, std::string(name)});
        } else {
            // Literals are compared with the decoded path, so they are written decoded; these
            // characters could never arrive decoded in one segment, or would be ambiguous.
            if (segment.find_first_of("{}%?#") != std::string_view::npos) {
                reject(pattern, "a literal segment may not hold '{', '}', '%', '?' or '#'");
            }
            segments_.push_back(Segment{false, std::string(segment)});
        }
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
}

bool PathPattern::match(std::string_view path, PathParams& params) const {
    if (path.empty() || path[0] != '/') return false;
    const std::size_t params_before = params.size();
    // NOTE: segments are found one at a time with find('/'), never collected into a vector of
    // strings: match runs for every request against every route, so it should not allocate.
    std::size_t pos = 1; // the first segment starts after the leading '/'
    bool matched = true;
    for (const Segment& segment : segments_) {
        if (pos > path.size()) { // the path has fewer segments than the pattern
            matched = false;
            break;
        }
        const std::size_t end = std::min(path.find('/', pos), path.size());
        const std::string_view raw = path.substr(pos, end - pos);
        pos = end + 1;
        if (!segment.is_parameter) {
            matched = http::percent_decoded_equals(raw, segment.text);
        } else if (raw.empty()) {
            matched = false;
        } else {
            PathParam& param = params.emplace_back(PathParam{segment.text, {}});
            param.value.reserve(raw.size());
            matched = http::percent_decode(raw, param.value);
        }
        if (!matched) break;
    }
    // A match also needs the path to end where the pattern does: no segment left over.
    if (matched && pos == path.size() + 1) return true;
    params.erase(params.begin() + static_cast<std::ptrdiff_t>(params_before), params.end());
    return false;
}

bool PathPattern::same_shape(const PathPattern& other) const {
    return std::equal(segments_.begin(), segments_.end(), other.segments_.begin(), other.segments_.end(),
                      [](const Segment& a, const Segment& b) {
                          return a.is_parameter == b.is_parameter && (a.is_parameter || a.text == b.text);
                      });
}

bool PathPattern::tried_before(const PathPattern& other) const {
    return std::lexicographical_compare(
        segments_.begin(), segments_.end(), other.segments_.begin(), other.segments_.end(),
        [](const Segment& a, const Segment& b) { return !a.is_parameter && b.is_parameter; });
}

namespace {

using http::Method;

/// Why a URN cannot be a request-target (RFC 8141 §1: a URN is a name, persistent and
/// location-independent; resolving one to a URL is a separate service, not HTTP's).
constexpr std::string_view urn_refusal =
    "it is a URN, a Uniform Resource Name (RFC 8141), which names a thing (urn:isbn: names a book) "
    "for as long as it exists but says nothing of where it is: no host, no path, so no server can "
    "fetch it. Send a URL's path instead, such as /models, or a whole URL, such as http://host/models";

/// Why another absolute URI without "//" (mailto:, tel:, data:) cannot be one either.
constexpr std::string_view no_authority_refusal =
    "it is a URI with a scheme but no '//' and host after the colon (as mailto: and tel:), so it names "
    "no place on a server. Send a path such as /models, or a URL such as http://host/models";

/// The order methods are listed in an Allow value.
constexpr std::array allow_order{Method::get,     Method::head,    Method::post,
                                 Method::put,     Method::delete_, Method::connect,
                                 Method::options, Method::trace,   Method::patch};

/// "GET, HEAD, OPTIONS" for a set of registered methods: HEAD is implied by GET (RFC 9110
/// §9.3.2: a server that answers GET SHOULD answer HEAD) and OPTIONS is always answered.
std::string allow_value(const std::vector<Method>& registered) {
    const auto has = [&](Method m) {
        return std::find(registered.begin(), registered.end(), m) != registered.end();
    };
    std::string allow;
    for (const Method m : allow_order) {
        const bool allowed = has(m) || (m == Method::head && has(Method::get)) || m == Method::options;
        if (!allowed) continue;
        if (!allow.empty()) allow += ", ";
        allow += http::method_token(m);
    }
    return allow;
}

/// Every method the server recognises, "GET, HEAD, ... and PATCH": the methods of RFC 9110
/// §9.3 and PATCH (RFC 5789). A recognised method a resource does not take gets 405, not 501.
std::string recognised_methods() {
    std::string out;
    for (std::size_t i = 0; i < allow_order.size(); ++i) {
        if (i > 0) out += i + 1 == allow_order.size() ? " and " : ", ";
        out += http::method_token(allow_order[i]);
    }
    return out;
}

/// The Allow value as a JSON array for the problem body: ["GET","HEAD","OPTIONS"].
std::string allow_json(std::string_view allow) {
    std::string out = "[";
    http::for_each_list_element(allow, [&](std::string_view method) {
        if (out.size() > 1) out += ',';
        out += http::json_string(method);
    });
    out += ']';
    return out;
}

} // namespace

const std::string* RouteMatch::param(std::string_view name) const {
    for (const PathParam& p : params) {
        if (p.name == name) return &p.value;
    }
    return nullptr;
}

void RouteTable::add(Method method, std::string_view pattern, std::size_t handler) {
    if (method == Method::unknown) throw std::invalid_argument("a route needs a known method");
    PathPattern parsed(pattern);
    auto route = std::find_if(routes_.begin(), routes_.end(),
                              [&](const Route& r) { return r.pattern.same_shape(parsed); });
    if (route != routes_.end() && route->pattern.text() != parsed.text()) {
        throw std::invalid_argument("route patterns \"" + route->pattern.text() + "\" and \"" +
                                    parsed.text() + "\" match the same paths");
    }
    if (route == routes_.end()) {
        // Keep routes in the order they are tried: the more specific pattern first.
        const auto before = std::find_if(routes_.begin(), routes_.end(),
                                         [&](const Route& r) { return parsed.tried_before(r.pattern); });
        route = routes_.insert(before, Route{std::move(parsed), {}, {}, routes_.size(), {}});
    }
    for (const MethodHandler& mh : route->methods) {
        if (mh.method == method) {
            throw std::invalid_argument(std::string(http::method_token(method)) + " " +
                                        route->pattern.text() + " is registered twice");
        }
    }
    route->methods.push_back(MethodHandler{method, handler});
    std::sort(route->methods.begin(), route->methods.end(),
              [](const MethodHandler& a, const MethodHandler& b) { return a.method < b.method; });

    std::vector<Method> registered;
    for (const MethodHandler& mh : route->methods) registered.push_back(mh.method);
    route->allow = allow_value(registered);
    std::vector<Method> everywhere;
    for (const Route& r : routes_) {
        for (const MethodHandler& mh : r.methods) everywhere.push_back(mh.method);
    }
    server_allow_ = allow_value(everywhere);
}

RouteMatch RouteTable::match(Method method, std::string_view method_text, std::string_view target) const {
    RouteMatch result;
    result.method_text = method_text.empty() ? http::method_token(method) : method_text;
    result.path = target;
    // RFC 9110 §9.1: a method the server does not recognise SHOULD get 501, whatever the path.
    if (method == Method::unknown) {
        result.outcome = Outcome::not_implemented;
        result.allow = server_allow_;
        return result;
    }
    const http::RequestTarget parts = http::split_request_target(target);
    result.path = parts.path;
    switch (parts.form) {
    case http::TargetForm::origin: break;
    case http::TargetForm::absolute:
        if (parts.path.starts_with('/')) break;
        // RFC 3986 §3: "urn:isbn:0451450523" is an absolute URI, but with no "//" authority
        // and no path there is nothing on this (or any) server that it locates.
        result.outcome = Outcome::bad_request;
        result.path = target;
        result.why = http::is_urn(parts) ? urn_refusal : no_authority_refusal;
        return result;
    case http::TargetForm::asterisk:
        // RFC 9112 §3.2.4: "OPTIONS * HTTP/1.1" asks about the server as a whole.
        result.outcome = method == Method::options ? Outcome::options : Outcome::bad_request;
        result.allow = server_allow_;
        result.why = "'*' (asterisk-form) is only for OPTIONS";
        return result;
    case http::TargetForm::authority:
        result.outcome = Outcome::bad_request;
        result.why = "it must be a path starting with '/', such as /models";
        return result;
    }
    // RFC 3986 §2.1: '%' always starts an escape. A bad one is the client's mistake (400), not
    // an absent resource (404), so it is checked before any pattern is tried.
    if (http::find_bad_percent_escape(parts.path) != std::string_view::npos) {
        result.outcome = Outcome::bad_request;
        result.why = "a '%' in it is not followed by two hex digits (RFC 3986 section 2.1)";
        return result;
    }
    // A path has one segment after each '/', and a pattern matches only paths with as many:
    // counted once here, that rules out most routes before any segment is decoded.
    const auto segments = static_cast<std::size_t>(std::count(parts.path.begin(), parts.path.end(), '/'));
    const auto route = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) {
        return r.pattern.segment_count() == segments && r.pattern.match(parts.path, result.params);
    });
    if (route == routes_.end() && parts.path.size() > 1 && parts.path.back() == '/') {
        // "/models/iris/" names no resource, but "/models/iris" does: say where it is with a
        // 308 (RFC 9110 §15.4.9), which, unlike 301, keeps the method and the body on the
        // second try. The query goes along as sent; one slash only, so never a chain.
        const std::string_view canonical = parts.path.substr(0, parts.path.size() - 1);
        const auto target_route = std::find_if(routes_.begin(), routes_.end(), [&](const Route& r) {
            return r.pattern.segment_count() == segments - 1 && r.pattern.match(canonical, result.params);
        });
        if (target_route != routes_.end()) {
            result.outcome = Outcome::redirect;
            result.pattern = target_route->pattern.text();
            result.resource = target_route->number;
            result.params.clear();
            result.location = canonical;
            if (!parts.query.empty()) result.location.append("?").append(parts.query);
            return result;
        }
        result.params.clear();
    }
    if (route == routes_.end()) {
        result.outcome = Outcome::not_found;
        result.index_exists = std::any_of(routes_.begin(), routes_.end(), [](const Route& r) {
            return r.pattern.text() == "/" &&
                   std::any_of(r.methods.begin(), r.methods.end(),
                               [](const MethodHandler& mh) { return mh.method == Method::get; });
        });
        return result;
    }
    result.pattern = route->pattern.text();
    result.resource = route->number;
    result.allow = route->allow;
    const auto find_method = [&](Method m) {
        return std::find_if(route->methods.begin(), route->methods.end(),
                            [m](const MethodHandler& mh) { return mh.method == m; });
    };
    auto handler = find_method(method);
    if (handler == route->methods.end() && method == Method::head) {
        // RFC 9110 §9.3.2: HEAD is GET without the content; GET's handler answers it.
        handler = find_method(Method::get);
        result.head = handler != route->methods.end();
    }
    if (handler != route->methods.end()) {
        result.outcome = Outcome::matched;
        result.handler = handler->handler;
        if (!parts.query.empty()) result.query = http::parse_query(parts.query);
        return result;
    }
    result.outcome = method == Method::options ? Outcome::options : Outcome::method_not_allowed;
    return result;
}

void RouteTable::describe(std::string_view pattern, std::string_view description) {
    const auto route = std::find_if(routes_.begin(), routes_.end(),
                                    [&](const Route& r) { return r.pattern.text() == pattern; });
    if (route == routes_.end())
        throw std::invalid_argument("no route \"" + std::string(pattern) + "\" to describe");
    if (!route->description.empty())
        throw std::invalid_argument("route \"" + std::string(pattern) + "\" is described twice");
    route->description = description;
}

std::vector<RouteInfo> RouteTable::routes() const {
    std::vector<RouteInfo> infos;
    for (const Route& r : routes_) {
        RouteInfo info{r.pattern.text(), {}, r.allow, r.description, r.number};
        for (const MethodHandler& mh : r.methods) info.methods.push_back(mh.method);
        infos.push_back(std::move(info));
    }
    return infos;
}

http::Response response_for(const RouteMatch& match) {
    const std::string method(match.method_text);
    const std::string path(match.path);
    switch (match.outcome) {
    case Outcome::options: {
        // RFC 9110 §9.3.7: OPTIONS answers with what the resource supports, in Allow.
        http::Response response(http::Status::no_content, "", "");
        response.fields.set("Allow", std::string(match.allow));
        return response;
    }
    case Outcome::redirect: {
        // Try: curl -i http://127.0.0.1:8000/models/iris/   (and curl -L to follow it)
        // RFC 9110 §15.4: the content is a short note with the link, for a client that does
        // not follow Location by itself.
        const std::string detail = "The resource is at " + match.location +
                                   ", without the trailing slash. Ask there (curl -L follows this redirect "
                                   "by itself).";
        http::Response response(http::Status::permanent_redirect, "application/json",
                                "{\"location\":" + http::json_string(match.location) +
                                    ",\"detail\":" + http::json_string(detail) + "}");
        response.fields.set("Location", match.location);
        return response;
    }
    case Outcome::bad_request:
        return http::problem(http::Status::bad_request, "The request-target " + path + " cannot be routed: " +
                                                            std::string(match.why) + ".");
    case Outcome::not_found: {
        // Try: curl -i http://127.0.0.1:8000/nope
        std::string detail = "No resource at " + path + ".";
        if (match.index_exists) detail += " Try GET / for the list of resources.";
        return http::problem(http::Status::not_found, detail);
    }
    case Outcome::method_not_allowed: {
        // Try: curl -i -X DELETE http://127.0.0.1:8000/health
        // RFC 9110 §15.5.6: a 405 MUST carry Allow; the body repeats it for a person.
        http::Problem problem{http::Status::method_not_allowed,
                              method + " is not allowed on " + path +
                                  ". Allowed: " + std::string(match.allow) + ".",
                              "about:blank",
                              {http::ProblemMember{"allow", allow_json(match.allow)}}};
        http::Response response = http::problem(problem);
        response.fields.set("Allow", std::string(match.allow));
        return response;
    }
    case Outcome::not_implemented:
        // Try: printf 'BREW /coffee HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8000
        // RFC 9110 §15.6.2: 501 is for a method the server does not recognise; one it knows but
        // a resource does not take is 405 (§15.5.6). So the sentence lists what it recognises
        // (PATCH, TRACE and CONNECT among them, each then 405), not only what its routes take.
        return http::problem(http::Status::not_implemented,
                             method + " is not a method this server recognises. It recognises " +
                                 recognised_methods() +
                                 "; a resource answers 405 to those it does not take and lists the ones it "
                                 "takes in Allow (ask with OPTIONS). Here the resources take " +
                                 std::string(match.allow) + ".");
    case Outcome::matched: break;
    }
    return http::problem(http::Status::internal_server_error,
                         "The router found a handler for " + method + " " + path +
                             " but the server did not call it. This is a bug in the server.");
}

} // namespace glassbox::rest
