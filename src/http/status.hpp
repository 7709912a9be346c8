// http/status.hpp: HTTP status codes, their reason phrases and their classes.
// Course topic: the response's status line ("HTTP/1.1 404 Not Found") and the five
// status classes 1xx-5xx.
// Spec: RFC 9110 §15 (status codes), RFC 6585 §5 (431).
// Read next: response_writer.hpp, which puts a Status on the wire.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace glassbox::http {

/// A status code; the enumerator's value is the number sent on the wire, its name RFC 9110's
/// (content_too_large, unprocessable_content: the names RFC 7231 and RFC 4918 gave 413 and
/// 422, "Payload Too Large" and "Unprocessable Entity", are gone).
enum class Status : std::uint16_t {
    continue_ = 100,
    switching_protocols = 101,
    ok = 200,
    created = 201,
    accepted = 202,
    no_content = 204,
    moved_permanently = 301,
    found = 302,
    see_other = 303,
    not_modified = 304,
    temporary_redirect = 307,
    permanent_redirect = 308,
    bad_request = 400,
    unauthorized = 401,
    forbidden = 403,
    not_found = 404,
    method_not_allowed = 405,
    not_acceptable = 406,
    request_timeout = 408,
    conflict = 409,
    gone = 410,
    length_required = 411,
    precondition_failed = 412,
    content_too_large = 413,
    uri_too_long = 414,
    unsupported_media_type = 415,
    expectation_failed = 417,
    unprocessable_content = 422,
    too_many_requests = 429,
    request_header_fields_too_large = 431,
    internal_server_error = 500,
    not_implemented = 501,
    bad_gateway = 502,
    service_unavailable = 503,
    gateway_timeout = 504,
    http_version_not_supported = 505,
};

/// The five classes of RFC 9110 §15: the first digit of the code.
enum class StatusClass { informational, successful, redirection, client_error, server_error };

/// One row of the status table: a code and its reason phrase.
struct StatusInfo {
    Status status;
    std::string_view reason;
};

/// The one table of codes and reason phrases (RFC 9110 §15). Nothing else lists them.
inline constexpr std::array status_table{
    StatusInfo{Status::continue_, "Continue"},
    StatusInfo{Status::switching_protocols, "Switching Protocols"},
    StatusInfo{Status::ok, "OK"},
    StatusInfo{Status::created, "Created"},
    StatusInfo{Status::accepted, "Accepted"},
    StatusInfo{Status::no_content, "No Content"},
    StatusInfo{Status::moved_permanently, "Moved Permanently"},
    StatusInfo{Status::found, "Found"},
    StatusInfo{Status::see_other, "See Other"},
    StatusInfo{Status::not_modified, "Not Modified"},
    StatusInfo{Status::temporary_redirect, "Temporary Redirect"},
    StatusInfo{Status::permanent_redirect, "Permanent Redirect"},
    StatusInfo{Status::bad_request, "Bad Request"},
    StatusInfo{Status::unauthorized, "Unauthorized"},
    StatusInfo{Status::forbidden, "Forbidden"},
    StatusInfo{Status::not_found, "Not Found"},
    StatusInfo{Status::method_not_allowed, "Method Not Allowed"},
    StatusInfo{Status::not_acceptable, "Not Acceptable"},
    StatusInfo{Status::request_timeout, "Request Timeout"},
    StatusInfo{Status::conflict, "Conflict"},
    StatusInfo{Status::gone, "Gone"},
    StatusInfo{Status::length_required, "Length Required"},
    StatusInfo{Status::precondition_failed, "Precondition Failed"},
    StatusInfo{Status::content_too_large, "Content Too Large"},
    StatusInfo{Status::uri_too_long, "URI Too Long"},
    StatusInfo{Status::unsupported_media_type, "Unsupported Media Type"},
    StatusInfo{Status::expectation_failed, "Expectation Failed"},
    StatusInfo{Status::unprocessable_content, "Unprocessable Content"},
    StatusInfo{Status::too_many_requests, "Too Many Requests"},
    StatusInfo{Status::request_header_fields_too_large, "Request Header Fields Too Large"},
    StatusInfo{Status::internal_server_error, "Internal Server Error"},
    StatusInfo{Status::not_implemented, "Not Implemented"},
    StatusInfo{Status::bad_gateway, "Bad Gateway"},
    StatusInfo{Status::service_unavailable, "Service Unavailable"},
    StatusInfo{Status::gateway_timeout, "Gateway Timeout"},
    StatusInfo{Status::http_version_not_supported, "HTTP Version Not Supported"},
};

/// The number sent on the wire, e.g. 404.
constexpr int code(Status status) { return static_cast<int>(status); }

/// The reason phrase from status_table, e.g. "Not Found".
std::string_view reason(Status status);

/// The class of a status: its first digit (RFC 9110 §15).
StatusClass status_class(Status status);

/// The class in words for traces and docs, e.g. "4xx client error".
std::string_view describe(StatusClass cls);

} // namespace glassbox::http
