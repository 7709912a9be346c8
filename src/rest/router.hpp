// rest/router.hpp: method + request-target → the handler to call, or the reason there is none.
// Course topic: a path pattern ("/models/{name}") names a family of resources; REST maps
// (resource, method) to an action; 405 with Allow, not 404, for a wrong method; HEAD and
// OPTIONS come for free. Spec: RFC 3986 §3.3, §6.2.2.2; RFC 9110 §9.1, §9.3.2, §9.3.7,
// §10.2.1, §15.5.5-6. No regular expressions. Knows nothing of sockets, traces or models.
// Read next: api/, which registers the glassbox resources on a Router.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"
#include "http/request_target.hpp"

namespace glassbox::rest {

/// One path parameter of a match: {name} in the pattern and the decoded segment it matched.
struct PathParam {
    std::string_view name; ///< views into the PathPattern, which outlives the match
    std::string value;     ///< percent-decoded; may hold any byte, '/' included (from %2F)
};

/// The parameters of one match, in the order they appear in the pattern.
using PathParams = std::vector<PathParam>;

/// A parsed path pattern.
///
/// Rules, for patterns and for the paths they match:
///  - A pattern starts with '/'; its segments are literals ("models") or whole-segment
///    parameters ("{name}", name of letters, digits and '_'). Only the root pattern "/" has an
///    empty segment: "/models/" and "/a//b" are not valid patterns.
///  - Paths are split on '/' first and each segment percent-decoded after, so "%2F" inside a
///    parameter stays inside it: "/models/a%2Fb" gives name = "a/b".
///  - Trailing slashes are significant: "/models/" does not match "/models".
///  - A parameter matches one non-empty segment: "/models//predictions" matches nothing.
///  - No dot-segment removal: "/models/../health" is not "/health".
///  - A segment with a bad escape ("%zz", "%4") matches nothing here; the router checks
///    escapes first so that the client gets 400 rather than 404.
class PathPattern {
public:
    /// Parses `pattern`. Throws std::invalid_argument when it breaks the rules above: routes
    /// are written by the programmer and registered at startup, so a bad one stops startup.
    explicit PathPattern(std::string_view pattern);

    /**
     * Matches an origin-form path (still percent-encoded, without the query).
     * On a match, appends one PathParam per parameter to `params` and returns true; otherwise
     * returns false and leaves `params` as it was. Allocates only for parameter values.
     */
    bool match(std::string_view path, PathParams& params) const;

    /// The pattern as written, e.g. "/models/{name}".
    const std::string& text() const { return text_; }
    /// How many segments it has: the only paths it can match have that many '/'.
    std::size_t segment_count() const { return segments_.size(); }

    /// True when both patterns have the same literals and parameters in the same places,
    /// whatever the parameters are called ("/m/{a}" and "/m/{b}"): they match the same paths.
    bool same_shape(const PathPattern& other) const;

    /// The order the router tries patterns in: by segment kinds, left to right, a literal
    /// before a parameter, so "/models/latest" is tried before "/models/{name}". (Patterns of
    /// different lengths never match the same path; shorter first just makes the order total.)
    bool tried_before(const PathPattern& other) const;

private:
    struct Segment {
        bool is_parameter;
        std::string text; ///< the literal, or the parameter's name
    };

    std::string text_;
    std::vector<Segment> segments_;
};

/// What the router decided about one request.
enum class Outcome {
    matched,            ///< a handler was found; call it
    options,            ///< OPTIONS on a known resource (or "*"): answer 204 with Allow
    redirect,           ///< the path with one trailing '/' less is a resource: 308 + Location
    bad_request,        ///< a target the router cannot read (bad '%' escape, not a path): 400
    not_found,          ///< no resource at this path: 404
    method_not_allowed, ///< the resource exists, the method is not one of its own: 405 + Allow
    not_implemented,    ///< a method token this server does not know at all: 501
};

/// RouteMatch::resource when the request names no resource (400, 404, 501, OPTIONS *).
inline constexpr std::size_t no_resource = static_cast<std::size_t>(-1);

/// The result of RouteTable::match. The string_views point into the router and into the
/// request-target: valid while both live and no route is added.
struct RouteMatch {
    Outcome outcome = Outcome::not_found;
    std::size_t handler = 0;             ///< when matched: the id given to RouteTable::add
    bool head = false;                   ///< HEAD answered by GET's handler: the writer drops the body
    std::string_view method_text;        ///< the method as sent, for messages ("BREW")
    std::string_view path;               ///< the path as sent, still percent-encoded
    std::string_view pattern;            ///< the matched resource's pattern, e.g. "/models/{name}"
    std::size_t resource = no_resource;  ///< that resource's RouteInfo::number (redirect: the target's)
    std::string_view allow;              ///< for 405 and OPTIONS: e.g. "GET, HEAD, PUT, DELETE, OPTIONS"
    std::string_view why;                ///< for bad_request: what is wrong with the target
    bool index_exists = false;           ///< for not_found: "GET /" is a route, worth suggesting
    std::string location;                ///< for redirect: the canonical path and the query, as sent
    PathParams params;                   ///< when matched: the path parameters, decoded
    std::vector<http::QueryParam> query; ///< when matched: the query pairs, decoded

    /// The value of path parameter `name`, or nullptr.
    const std::string* param(std::string_view name) const;
};

/// One resource as registered: what GET / lists, what /metrics counts by, and what an
/// OpenAPI document is checked against.
struct RouteInfo {
    std::string_view pattern;          ///< e.g. "/models/{name}"
    std::vector<http::Method> methods; ///< methods registered explicitly, in Method order
    std::string_view allow;            ///< the Allow value, with implied HEAD and OPTIONS
    std::string_view description;      ///< one line saying what the resource is for ("" if none given)
    std::size_t number = 0;            ///< the order the pattern was first registered in, from 0
};

/// Routes stored by pattern, then by method (STYLE "Do not" #8), mapping to handler ids.
/// Router<Handler> below wraps it with the caller's own handler type.
class RouteTable {
public:
    /// Registers handler id `handler` for `method` on `pattern`. Throws std::invalid_argument
    /// for a bad pattern, Method::unknown, a method registered twice on a pattern, or two
    /// patterns that differ only in parameter names. Add every route before matching.
    void add(http::Method method, std::string_view pattern, std::size_t handler);

    /**
     * Decides what to do with a request, in this order: an unknown method → not_implemented
     * (RFC 9110 §9.1); a target that is not a path or has a bad '%' escape → bad_request;
     * no pattern matches the path → redirect when it ends in '/' and matches without it (not
     * "/"), else not_found; then the method: registered → matched;
     * HEAD with GET registered → matched to GET's handler with `head` set; OPTIONS →
     * options; anything else → method_not_allowed. "OPTIONS *" → options for the whole server.
     * Patterns are tried most specific first (PathPattern::tried_before); the first whose
     * path matches decides, whatever the method. Allocates only for parameters and query pairs.
     */
    RouteMatch match(http::Method method, std::string_view method_text, std::string_view target) const;

    /// Gives the resource `pattern`, added before, its one-line description. Throws
    /// std::invalid_argument for a pattern never added, or one described already.
    void describe(std::string_view pattern, std::string_view description);

    /// The resources in the order they are tried.
    std::vector<RouteInfo> routes() const;

    /// The Allow value for the whole server: every method some route accepts.
    std::string_view server_allow() const { return server_allow_; }

private:
    struct MethodHandler {
        http::Method method;
        std::size_t handler;
    };
    struct Route {
        PathPattern pattern;
        std::vector<MethodHandler> methods; ///< kept in Method order
        std::string allow;
        std::size_t number = 0; ///< RouteInfo::number
        std::string description;
    };

    std::vector<Route> routes_;
    std::string server_allow_ = "OPTIONS";
};

/// A RouteTable holding handlers of the caller's own type, e.g.
/// `std::function<http::Response(const http::Request&, const RouteMatch&)>`.
template <class Handler> class Router {
public:
    /// Registers `handler` for `method` on `pattern`; throws as RouteTable::add does.
    void add(http::Method method, std::string_view pattern, Handler handler) {
        handlers_.push_back(std::move(handler));
        try {
            table_.add(method, pattern, handlers_.size() - 1);
        } catch (const std::invalid_argument&) {
            handlers_.pop_back();
            throw;
        }
    }

    /// A method of a resource and the handler that answers it.
    struct MethodAndHandler {
        http::Method method;
        Handler handler;
    };

    /**
     * Registers the resource `pattern` once: its one-line description (what GET / lists next
     * to it) and the handler of each of its methods. The router's list of resources is then
     * the one place a resource is named: the index, the metrics' route labels and the check of
     * the OpenAPI document all read it (routes()). Throws as add() and describe() do.
     */
    void add(std::string_view pattern, std::string_view description,
             std::initializer_list<MethodAndHandler> methods) {
        for (const MethodAndHandler& m : methods) add(m.method, pattern, m.handler);
        table_.describe(pattern, description);
    }

    /// Routes `request` (see RouteTable::match).
    RouteMatch match(const http::Request& request) const {
        return table_.match(request.method, request.method_text, request.target);
    }

    /// Routes a method and request-target (see RouteTable::match).
    RouteMatch match(http::Method method, std::string_view target) const {
        return table_.match(method, http::method_token(method), target);
    }

    /// The handler of a matched result (precondition: outcome == Outcome::matched).
    const Handler& handler(const RouteMatch& match) const { return handlers_.at(match.handler); }

    /// The resources, in the order they are tried, with their methods and descriptions.
    std::vector<RouteInfo> routes() const { return table_.routes(); }

private:
    RouteTable table_;
    std::vector<Handler> handlers_;
};

/**
 * The response for every outcome but `matched`: 204 with Allow for options; 308 with Location
 * and a JSON body naming it for redirect; problem+json
 * (http/problem.hpp) with a sentence for a person for 400, 404, 405 (with the Allow field and
 * an "allow" member) and 501. For `matched` (a caller bug) it is a 500 saying so.
 */
http::Response response_for(const RouteMatch& match);

} // namespace glassbox::rest
