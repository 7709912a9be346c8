// http/request_target.hpp: the four forms of request-target, and the path and query of one.
// Course topic: what "/models/iris?x=1", "http://host/models" and "*" each ask for.
// Spec: RFC 9112 §3.2 (the four forms), RFC 3986 §3.1, §3.3-3.5 (scheme, path, query, fragment).
// The parser's trace names the form (trace/http_observer.cpp); the router routes on the path
// (rest/router.cpp; percent-decoding is rest/request_target.hpp's).
#pragma once

#include <string_view>

namespace glassbox::http {

/// The four forms of request-target (RFC 9112 §3.2).
enum class TargetForm {
    origin,    ///< §3.2.1 "/models/iris?x=1": what clients send to an origin server
    absolute,  ///< §3.2.2 "http://host/models/iris?x=1": sent to proxies; servers MUST accept it
    authority, ///< §3.2.3 "host:443": only for CONNECT through a proxy
    asterisk,  ///< §3.2.4 "*": only for a server-wide OPTIONS
};

/// A request-target taken apart. Views into the target string: valid while it lives.
struct RequestTarget {
    TargetForm form = TargetForm::origin;
    std::string_view path;  ///< still percent-encoded; "/" for "http://host"; "*" for asterisk-form
    std::string_view query; ///< after the first '?', without it; empty when there is none
};

/// Splits a request-target into its form, path and query. Absolute-form is reduced to its
/// path and query ("http://h:8000/a?b" → "/a", "b"); the authority is ignored, as the Host
/// header names the host. No allocation; never fails (a path not starting with '/' is for the
/// caller to reject).
RequestTarget split_request_target(std::string_view target);

} // namespace glassbox::http
