// http/request_target.hpp: the four forms of request-target, and the path and query of one.
// Course topic: what "/models/iris?x=1", "http://host/models" and "*" each ask for.
// Spec: RFC 9112 §3.2 (the four forms), RFC 3986 §3.1-3.5 (scheme, authority, path, query,
// fragment), RFC 8141 (URNs: names, not locations).
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
    std::string_view scheme;    ///< absolute-form only: "http", or "urn" for urn:isbn:…; else empty
    std::string_view authority; ///< absolute-form only: "h:8000" after "//"; empty without "//"
    std::string_view path;      ///< still percent-encoded; "/" for "http://host"; "*" for asterisk-form;
                                ///< for a URI without "//" (urn:isbn:1, mailto:a@b) what follows "scheme:"
    std::string_view query;     ///< after the first '?', without it; empty when there is none
};

/// Splits a request-target into its form, path and query. Absolute-form is split into scheme,
/// authority, path and query ("http://h:8000/a?b" → "http", "h:8000", "/a", "b"); this server
/// serves every host alike, so the router reads only the path and the query.
/// An absolute URI without "//" ("urn:isbn:0451450523", RFC 3986 §3: scheme ":" path-rootless)
/// is absolute-form with an empty authority and a path not starting with '/': it names no
/// place on a server, and the router refuses it. "host:port" (all digits after the colon) is
/// authority-form. No allocation; never fails (a path not starting with '/' is for the caller
/// to reject).
RequestTarget split_request_target(std::string_view target);

/// True for a URN (RFC 8141): an absolute URI of scheme "urn", any case.
bool is_urn(const RequestTarget& target);

} // namespace glassbox::http
