// http/error.cpp: the "glassbox.http" error category: messages and statuses.
// Course topic: HTTP message anatomy: telling a person at a telnet prompt what went wrong.
// Spec: RFC 9112 (rules), RFC 9110 §15.5 and RFC 6585 §5 (status codes).
// Messages are full sentences (Redis): they end up in the 4xx/5xx body and the trace.
#include "http/error.hpp"

#include <string>

namespace glassbox::http {
namespace {

class ParseErrorCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "glassbox.http"; }

    std::string message(int value) const override {
        switch (static_cast<ParseError>(value)) {
        case ParseError::bad_method:
            return "The method must be a token such as GET or POST, made of letters, digits and "
                   "!#$%&'*+-.^_`|~, followed by one space.";
        case ParseError::method_too_long: return "The method is longer than the whole request line may be.";
        case ParseError::bad_request_target:
            return "The request target must be a path starting with '/', an absolute URI such as "
                   "http://host/path, or '*' for OPTIONS, in visible ASCII without spaces.";
        case ParseError::fragment_in_target:
            return "The request target has a fragment (from '#' on). A fragment stays with the client "
                   "(RFC 3986 section 3.5), so it is never sent: remove it, or write a literal '#' as %23.";
        case ParseError::target_too_long: return "The request target is longer than this server accepts.";
        case ParseError::bad_version:
            return "The request line must end with the version written exactly as HTTP/1.1 (or HTTP/1.0).";
        case ParseError::unsupported_version:
            // RFC 9113 §3 and RFC 9114 §2: neither version has a text request line.
            return "This server speaks only HTTP/1.0 and HTTP/1.1. HTTP/2 (RFC 9113) and HTTP/3 (RFC 9114) "
                   "exist, but they send binary frames, never a text request line such as this one.";
        case ParseError::http2_preface:
            return "This is the HTTP/2 connection preface (PRI * HTTP/2.0), and this server "
                   "speaks HTTP/1.1 only: connect with HTTP/1.1 (curl without --http2-prior-knowledge).";
        case ParseError::bad_request_line:
            return "The request line must be 'METHOD target HTTP/1.1' followed directly by a line end.";
        case ParseError::bare_cr:
            return "A carriage return (\\r) must be followed by a line feed (\\n); a lone \\r is not "
                   "allowed.";
        case ParseError::bad_field_name:
            return "Each header line must be 'Name: value', with a name made of letters, digits "
                   "and !#$%&'*+-.^_`|~.";
        case ParseError::whitespace_before_colon:
            return "A header name must be followed directly by ':', with no space before it.";
        case ParseError::obs_fold:
            return "A header line must not start with a space or tab (continuation lines are obsolete).";
        case ParseError::bad_field_value: return "A header value must not contain control characters.";
        case ParseError::header_section_too_large:
            return "The header lines together are larger than this server accepts.";
        case ParseError::too_many_fields:
            return "The request has more header lines than this server accepts.";
        case ParseError::transfer_encoding_with_content_length:
            return "A request must not have both Transfer-Encoding and Content-Length: they could "
                   "give two different body lengths.";
        case ParseError::transfer_encoding_in_http10:
            return "An HTTP/1.0 request cannot use Transfer-Encoding; send Content-Length instead.";
        case ParseError::chunked_not_final:
            return "Transfer-Encoding must end with 'chunked', applied once, so the body's end can be found.";
        case ParseError::unsupported_transfer_coding:
            return "This server understands only the 'chunked' transfer coding.";
        case ParseError::bad_content_length:
            return "Content-Length must be a number of bytes written in digits.";
        case ParseError::differing_content_lengths:
            return "The request gives several different Content-Length values.";
        case ParseError::missing_host:
            return "An HTTP/1.1 request needs a Host header, e.g. 'Host: localhost'.";
        case ParseError::duplicate_host: return "A request must have exactly one Host header.";
        case ParseError::bad_host:
            return "The Host header must be a name, an IPv4 address or an [IPv6] address, optionally "
                   "followed by ':' and a port from 0 to 65535, e.g. 'Host: localhost:8000'.";
        case ParseError::duplicate_authorization:
            return "A request may carry only one Authorization header: with two, this server and a "
                   "proxy in front of it could each check a different one.";
        case ParseError::body_too_large: return "The request body is larger than this server accepts.";
        case ParseError::bad_chunk_size:
            return "Each chunk must start with its size in hexadecimal digits (at most 16 of them), then "
                   "CRLF.";
        case ParseError::bad_chunk_extension:
            return "A chunk extension must be ';name' or ';name=value' after the chunk size.";
        case ParseError::bad_chunk_line_end:
            return "A chunk's size line and its data must each end with CRLF (\\r\\n).";
        case ParseError::chunk_line_too_long: return "A chunk-size line (with its extensions) is too long.";
        }
        return "Unknown HTTP parse error.";
    }
};

} // namespace

const std::error_category& parse_error_category() {
    static const ParseErrorCategory category;
    return category;
}

std::error_code make_error_code(ParseError e) { return {static_cast<int>(e), parse_error_category()}; }

Status status_for(ParseError e) {
    switch (e) {
    case ParseError::bad_method:
    case ParseError::method_too_long:
    case ParseError::bad_request_target:
    case ParseError::fragment_in_target:
    case ParseError::bad_version:
    case ParseError::bad_request_line:
    case ParseError::bare_cr:
    case ParseError::bad_field_name:
    case ParseError::whitespace_before_colon:
    case ParseError::obs_fold:
    case ParseError::bad_field_value:
    case ParseError::transfer_encoding_with_content_length:
    case ParseError::transfer_encoding_in_http10:
    case ParseError::chunked_not_final:
    case ParseError::bad_content_length:
    case ParseError::differing_content_lengths:
    case ParseError::missing_host:
    case ParseError::duplicate_host:
    case ParseError::bad_host:
    case ParseError::duplicate_authorization:
    case ParseError::bad_chunk_size:
    case ParseError::bad_chunk_extension:
    case ParseError::bad_chunk_line_end:
    case ParseError::chunk_line_too_long: return Status::bad_request;
    case ParseError::target_too_long: return Status::uri_too_long;
    case ParseError::header_section_too_large:
    case ParseError::too_many_fields: return Status::request_header_fields_too_large;
    case ParseError::body_too_large: return Status::content_too_large;
    case ParseError::unsupported_transfer_coding: return Status::not_implemented;
    case ParseError::unsupported_version:
    // 505 for the HTTP/2 preface too (RFC 9110 §15.6.6: the major version is not supported).
    // The HTTP/2 client itself cannot read an HTTP/1.1 answer and gives up, but a person at nc
    // or curl -v reads the sentence, and the trace says it; a 400 would blame the target.
    case ParseError::http2_preface: return Status::http_version_not_supported;
    }
    return Status::bad_request;
}

Status status_for(std::error_code ec) {
    if (ec.category() != parse_error_category()) return Status::bad_request;
    return status_for(static_cast<ParseError>(ec.value()));
}

} // namespace glassbox::http
