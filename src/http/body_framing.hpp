// http/body_framing.hpp: how the server knows where a request's body ends.
// Course topic: HTTP message anatomy: Content-Length, chunked, and request smuggling.
// Spec: RFC 9112 §6.1 (Transfer-Encoding), §6.2 (Content-Length), §6.3 (body length), §3.2 (Host).
// request_parser.cpp calls decide_framing() once, after the header section.
#pragma once

#include <cstdint>
#include <system_error>

#include "http/limits.hpp"
#include "http/message.hpp"

namespace glassbox::http {

/// How the end of the body is known (RFC 9112 §6.3).
enum class BodyFraming { none, content_length, chunked };

/// The framing decided for one request.
struct Framing {
    BodyFraming kind = BodyFraming::none;
    std::uint64_t length = 0; ///< the Content-Length; 0 for the other kinds
};

/**
 * Applies RFC 9112 §6.3 to a parsed header section, in order: Transfer-Encoding with
 * Content-Length → 400; Transfer-Encoding in HTTP/1.0 → 400; Transfer-Encoding not ending
 * in one `chunked` → 400; another coding (gzip, ...) → 501; an invalid or differing
 * Content-Length → 400; a Content-Length above `limits.body_bytes` → 413; an HTTP/1.1
 * request without exactly one Host (or any request with several) → 400.
 * On failure `ec` holds the ParseError and the result is meaningless.
 */
Framing decide_framing(const Request& request, const Limits& limits, std::error_code& ec);

} // namespace glassbox::http
