// api/echo.hpp: GET/POST/... /echo, the request as this server's parser understood it.
// Course topic: HTTP message anatomy from the server's side: compare clients (curl -d, --json,
// -F, chunked uploads, Expect: 100-continue, HTTP/1.0) by what actually arrived.
// The anchor learners know is httpbin's /anything; this one also says how the body's length
// was known and whether the connection stays open (RFC 9112 §6.3, §9.3).
#pragma once

#include "http/message.hpp"
#include "rest/router.hpp"
#include "trace/trace.hpp"

namespace glassbox::api {

/// The longest run of body bytes /echo shows; the length is always given in full.
inline constexpr std::size_t echo_shown_bytes = 256;

/**
 * 200 with a JSON document describing `request`: the method; the request-target as sent and
 * split (form, scheme and authority for absolute-form, path, query, decoded query pairs from
 * `match`, "name=value"); the version; every header field line in arrival order as
 * "Name: value", the name as sent and the value without its surrounding whitespace (RFC 9112
 * §5.1), credentials masked as in the trace; the body's framing and why, its length, and its first
 * echo_shown_bytes bytes escaped as the wire view escapes them; the trailer fields apart; and
 * whether the connection stays open after this answer, with the rule that decided; and, when
 * `trace` is on, the trace lines of this exchange so far (from the read to the REST line).
 */
http::Response echo(const http::Request& request, const rest::RouteMatch& match, const trace::Trace& trace);

} // namespace glassbox::api
