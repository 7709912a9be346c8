// api/service.hpp: the glassbox web service: which resources exist and what they answer.
// Course topic: deploying a model: REST resources joined to the code that serves them.
// The contract (methods, paths, bodies) is in docs/ and ../shared/DESIGN.md "REST API".
// net/server.cpp calls handle() for every complete request; this file knows no sockets.
// Read next: rest/router.hpp (how a request finds its handler).
#pragma once

#include <functional>

#include "http/message.hpp"
#include "rest/router.hpp"
#include "trace/trace.hpp"

namespace glassbox::api {

/// Every resource glassbox serves, behind one router.
class Service {
public:
    /// Registers the resources.
    Service();

    /**
     * Answers one request: routes it, traces the REST decision, calls the resource.
     * Never throws for bad input: an unknown path is 404, a wrong method 405, and so on,
     * each as application/problem+json.
     */
    http::Response handle(const http::Request& request, trace::Trace& trace) const;

    /// The resource handler type: the request, what the router matched, the trace.
    using Handler = std::function<http::Response(const http::Request&, const rest::RouteMatch&, trace::Trace&)>;

    /// The routes, e.g. for the index page and for checking the API description.
    const rest::Router<Handler>& router() const { return router_; }

private:
    http::Response index(const http::Request& request) const;

    rest::Router<Handler> router_;
};

} // namespace glassbox::api
