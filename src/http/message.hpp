// http/message.hpp: the HTTP request and response as plain values.
// Course topic: the anatomy of a message: start line, header fields, body.
// Spec: RFC 9110 §6 (message abstraction), §9 (methods), RFC 9112 §2 (HTTP/1.1 framing).
// The parser (request_parser.hpp) fills a Request; the router and the API read it and
// fill a Response; response_writer.hpp turns that into bytes. No sockets here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/status.hpp"

namespace glassbox::http {

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

/// A response as the router and API build it; response_writer.hpp serialises it.
struct Response {
    Status status = Status::ok;
    Fields fields; ///< Content-Type and others; Date, Content-Length, Connection are added on write
    std::string body;

    Response() = default;
    Response(Status s, std::string content_type, std::string b);
};

} // namespace glassbox::http
