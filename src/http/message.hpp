// http/message.hpp: the HTTP request and response as plain values, and their framing.
// Course topic: the anatomy of a message: start line (status codes and classes 1xx-5xx),
// header fields, body; where a request's body ends, and a response's bytes.
// Spec: RFC 9110 §6, §9 (methods), §15 (status codes); RFC 9112 §2, §4, §6 (body length), §9.3.
// The parser fills a Request; the router and the API read it and fill a Response;
// write_response() turns that into bytes. No sockets here. Read next: request_parser.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "http/limits.hpp"

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

/// The methods RFC 9110 §9 (and RFC 5789 for PATCH) defines; anything else is `unknown`.
enum class Method { get, head, post, put, delete_, connect, options, trace, patch, unknown };

/// The method named by a token, case-sensitively (RFC 9110 §9.1: "GET" but not "get").
Method method_from_token(std::string_view token);

/// The token of a known method, e.g. "DELETE"; "" for Method::unknown.
std::string_view method_token(Method method);

/// Header fields in the order they arrived, with case-insensitive name lookup (RFC 9110 §5.1).
class Fields {
public:
    /// One field line: name as received, value with surrounding whitespace removed.
    struct Field {
        std::string name;
        std::string value;
    };

    /// Appends a field, keeping any earlier one of the same name.
    void add(std::string name, std::string value);
    /// Replaces every field of this name with one, or appends it.
    void set(std::string_view name, std::string value);
    /// Removes every field of this name.
    void erase(std::string_view name);
    /// The value of the first field of this name, or nullptr.
    const std::string* find(std::string_view name) const;
    /// How many fields have this name.
    std::size_t count(std::string_view name) const;
    /// True when a comma-separated field of this name lists `token` (case-insensitive),
    /// e.g. has_token("Connection", "close").
    bool has_token(std::string_view name, std::string_view token) const;
    /// Appends every field line of this name to `out`, joined by ", " into one list, as a
    /// recipient may (RFC 9110 §5.3). False when there is none.
    bool combined(std::string_view name, std::string& out) const;

    /// Fields in arrival order.
    const std::vector<Field>& items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    void clear() { items_.clear(); }

private:
    std::vector<Field> items_;
};

/// ASCII case-insensitive equality, as field names and tokens compare (RFC 9110 §5.1).
bool iequals(std::string_view a, std::string_view b);

/// A request as the parser delivers it.
struct Request {
    Method method = Method::unknown; ///< the method, or unknown (the router answers 501)
    std::string method_text;         ///< the method token exactly as sent, e.g. "BREW"
    std::string target;              ///< request-target as sent: "/models/iris?x=1" or absolute-form
    int version = 11;                ///< 10 for HTTP/1.0, 11 for HTTP/1.1
    Fields fields;                   ///< the header section's fields: what every decision reads
    Fields trailers;                 ///< the chunked trailer section, kept apart (RFC 9110 §6.5.1)
    std::string body;                ///< the decoded body (chunked coding removed)
    /// Who sent it, for the access log, as the connection layer knows it (the parser never
    /// sets it): "127.0.0.1", or "203.0.113.7 via proxy 127.0.0.1" when a --trusted-proxy
    /// forwarded it (net/forwarded.hpp). Go's Request.RemoteAddr is the same idea.
    std::string client;

    // NOTE: RFC 9110 §6.5.1: a trailer must not be merged into the header section unless its
    // definition allows it, and none of ours does; it can arrive after the body was acted upon.
    // So nothing in this server consults `trailers`; they are kept for the trace and the curious.

    /// RFC 9112 §9.3: HTTP/1.1 persists unless "Connection: close"; HTTP/1.0 only with
    /// "Connection: keep-alive".
    bool keep_alive() const;
    /// True for "Expect: 100-continue" (RFC 9110 §10.1.1).
    bool expects_continue() const;
    /// Back to a default Request, keeping the memory of its strings and field list for the
    /// next request on the connection; the body's buffer goes through clear_buffer.
    void clear();
};

/// The largest buffer a connection keeps for its next request (a body read, an answer
/// written): a bigger one is given back once used, so one large upload or answer does not
/// stay resident on an idle keep-alive connection.
inline constexpr std::size_t kept_buffer_bytes = 64 * 1024;

/// Empties `buffer`, keeping its memory for reuse unless it is over kept_buffer_bytes.
void clear_buffer(std::string& buffer);

/// A response as the router and API build it; write_response() below serialises it.
struct Response {
    Status status = Status::ok;
    Fields fields; ///< Content-Type and others; Date, Content-Length, Connection are added on write
    std::string body;

    Response() = default;
    Response(Status s, std::string content_type, std::string b);
};

/// How a response is framed for the request it answers.
struct WriteOptions {
    bool head_request = false; ///< HEAD: send the fields GET would, but no body (RFC 9110 §9.3.2)
    bool keep_alive = true;    ///< false adds "Connection: close" and the server then closes
    int request_version = 11;  ///< an HTTP/1.0 client that keeps alive is told so explicitly
};

/**
 * Appends `response` to `out` as HTTP/1.1 bytes.
 *
 * Adds Date, Content-Length (except for 1xx, 204 and 304, which have no content) and
 * Connection; fields the response already has (Content-Type, Allow, ...) are written in
 * order. Appending lets pipelined responses share one socket write.
 */
void write_response(const Response& response, const WriteOptions& options, std::string& out);

/// The interim response sent before reading a body when the client sent
/// "Expect: 100-continue" (RFC 9110 §10.1.1).
inline constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 §5.6.7),
/// formatted at most once per second per thread.
std::string_view http_date();

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
