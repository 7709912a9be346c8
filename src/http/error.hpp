// http/error.hpp: why a request could not be parsed, as std::error_code values.
// Course topic: HTTP message anatomy: what a server refuses, and which status says so.
// Spec: RFC 9112 §2-§7 (the rules broken), RFC 9110 §15 and RFC 6585 §5 (the answers).
// The parser reports a ParseError; net/connection.cpp answers with status_for() and closes.
#pragma once

#include <string_view>
#include <system_error>
#include <type_traits>

#include "http/message.hpp"

namespace glassbox::http {

/// A rule of RFC 9112 that a request broke (or a limit it exceeded). Zero is never used,
/// so a default std::error_code still means "no error".
enum class ParseError {
    // The request line, RFC 9112 §3.
    bad_method = 1,      ///< the method is not a token
    method_too_long,     ///< the method alone exhausts limits.request_line
    bad_request_target,  ///< empty, not visible ASCII, or not origin-, absolute- or asterisk-form
    fragment_in_target,  ///< a '#': a fragment is never sent (RFC 9112 §3.2, RFC 3986 §3.5)
    target_too_long,     ///< the request line grew past limits.request_line inside the target
    bad_version,         ///< not "HTTP/" DIGIT "." DIGIT
    unsupported_version, ///< a well-formed version other than HTTP/1.0 or HTTP/1.1
    http2_preface,       ///< "PRI * HTTP/2.0": an HTTP/2 client's connection preface (RFC 9113 §3.4)
    bad_request_line,    ///< something other than CRLF after the version
    bare_cr,             ///< a CR not followed by LF (RFC 9112 §2.2)
    // Field lines, RFC 9112 §5.
    bad_field_name,           ///< a field name that is not a token, or a line without ':'
    whitespace_before_colon,  ///< "Host : x" (RFC 9112 §5.1)
    obs_fold,                 ///< a field line continued on the next line (RFC 9112 §5.2)
    bad_field_value,          ///< a control character in a field value
    header_section_too_large, ///< field lines together exceed limits.header_bytes
    too_many_fields,          ///< more field lines than limits.field_count
    // Body framing, RFC 9112 §6.
    transfer_encoding_with_content_length, ///< both framings at once (request smuggling)
    transfer_encoding_in_http10,           ///< HTTP/1.0 has no transfer codings (RFC 9112 §6.1)
    chunked_not_final,                     ///< Transfer-Encoding must end in exactly one "chunked"
    unsupported_transfer_coding,           ///< a coding other than chunked, e.g. gzip (→ 501)
    bad_content_length,                    ///< not 1*DIGIT, or too large to represent
    differing_content_lengths,             ///< two Content-Length values that disagree
    missing_host,                          ///< HTTP/1.1 without Host (RFC 9112 §3.2)
    duplicate_host,                        ///< more than one Host field line
    bad_host,                              ///< Host is not uri-host [":" port] (RFC 9112 §3.2)
    duplicate_authorization,               ///< more than one Authorization field line
    body_too_large,                        ///< the body would exceed limits.body_bytes
    // Chunked transfer coding, RFC 9112 §7.1.
    bad_chunk_size,      ///< not 1*HEXDIG, or larger than 64 bits
    bad_chunk_extension, ///< a chunk-ext that is not ;name[=token/quoted-string]
    bad_chunk_line_end,  ///< a chunk-size line or chunk data not ended by CRLF
    chunk_line_too_long, ///< a chunk-size line with extensions longer than ChunkedDecoder allows
};

/// The category of ParseError codes; its name() is "glassbox.http".
const std::error_category& parse_error_category();

/// Makes ParseError usable wherever a std::error_code is expected.
std::error_code make_error_code(ParseError e);

/// The status a server answers a request that failed with `e`: 400, 413, 414, 431, 501 or 505.
Status status_for(ParseError e);

/// The status for a code of parse_error_category(); 400 for any other code.
Status status_for(std::error_code ec);

} // namespace glassbox::http

/// Lets `std::error_code ec = ParseError::bare_cr;` compile, as Asio and Beast enums do.
template <> struct std::is_error_code_enum<glassbox::http::ParseError> : std::true_type {};
