// trace/http_observer.cpp: one sentence per parser event.
// Course topic: the anatomy of a request: request line, fields, body framing.
// Spec: RFC 9112 §3 (request line), §5 (fields), §6.3 (message body length).
#include "trace/http_observer.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <string>

#include "http/message.hpp"
#include "http/request_target.hpp"
#include "http/token.hpp"
#include "trace/wire.hpp"

namespace glassbox::trace {

namespace {

/// What a method asks for, in one line (RFC 9110 §9.3).
std::string_view method_meaning(http::Method method) {
    switch (method) {
    case http::Method::get: return "read a resource";
    case http::Method::head: return "like GET, but send only the header section";
    case http::Method::post: return "process the enclosed body (create, compute)";
    case http::Method::put: return "create or replace the resource with the body";
    case http::Method::delete_: return "remove the resource";
    case http::Method::connect: return "open a tunnel (for proxies)";
    case http::Method::options: return "ask which methods the resource allows";
    case http::Method::trace: return "echo the request back (for debugging proxies)";
    case http::Method::patch: return "change part of the resource";
    case http::Method::unknown: return "not a method this server knows (501)";
    }
    return "";
}

/// One field's meaning, for the fields a learner meets first (RFC 9110 unless noted).
struct FieldMeaning {
    std::string_view name;
    std::string_view meaning;
};

constexpr FieldMeaning field_meanings[] = {
    {"Host", "which host the client asked for; required in HTTP/1.1, RFC 9112 §3.2"},
    {"User-Agent", "the client program"},
    {"Accept", "the media types the client wants back"},
    {"Content-Type", "the media type of the body"},
    {"Content-Length", "the body's size in bytes"},
    {"Transfer-Encoding", "the body comes in chunks, each with its size, RFC 9112 §7"},
    {"Connection", "close: one request on this connection; keep-alive: more may follow"},
    {"Expect", "100-continue: the client waits for a 100 before sending the body"},
    {"Accept-Encoding", "the content codings the client can undo (gzip, br...); this server sends none"},
    {"Cookie", "state a server set earlier with Set-Cookie, RFC 6265; this server sets none and ignores it"},
    {"Upgrade", "asks to switch this connection to another protocol (websocket, h2c); this server stays on "
                "HTTP/1.1 and ignores it, RFC 9110 §7.8"},
    {"HTTP2-Settings", "the HTTP/2 settings that go with Upgrade: h2c, RFC 7540 §3.2.1; ignored with it"},
};

/// True when every element of the comma-separated list `value` is one of `allowed` (any case).
bool only_tokens(std::string_view value, std::initializer_list<std::string_view> allowed) {
    bool all_known = true;
    http::for_each_list_element(value, [&](std::string_view token) {
        all_known = all_known && std::any_of(allowed.begin(), allowed.end(),
                                             [&](std::string_view a) { return http::iequals(a, token); });
    });
    return all_known;
}

std::string_view field_meaning(std::string_view name, std::string_view value) {
    // Two fields whose meaning depends on the value: the general gloss would mislead.
    if (http::iequals(name, "Connection") && !only_tokens(value, {"close", "keep-alive"}))
        return "the options of this connection only, and the names of fields meant for this hop only, "
               "RFC 9110 §7.6.1";
    // curl --http2 on an http:// URL. No 101 is sent, so the client goes on in HTTP/1.1
    // (RFC 9110 §7.8: a server MAY ignore Upgrade).
    if (http::iequals(name, "Upgrade") && only_tokens(value, {"h2c"}))
        return "asks to switch this connection to HTTP/2 without TLS, a way RFC 9113 §3.1 deprecates; this "
               "server stays on HTTP/1.1: no 101 Switching Protocols, the answer comes in HTTP/1.1";
    for (const auto& f : field_meanings) {
        if (http::iequals(f.name, name)) return f.meaning;
    }
    return "";
}

/// "path /models, query x=1, no fragment (...)": the parts a router reads.
std::string path_and_query(const http::RequestTarget& parts) {
    // The parser refuses a '#' (ParseError::fragment_in_target), so a fragment is never here.
    return "path " + std::string(parts.path) +
           (parts.query.empty() ? ", no query" : ", query " + std::string(parts.query)) +
           ", no fragment (a client keeps it; a '#' is refused)";
}

/// The request-target's form (RFC 9112 §3.2) and what it asks for.
std::string target_meaning(std::string_view target) {
    const http::RequestTarget parts = http::split_request_target(target);
    switch (parts.form) {
    case http::TargetForm::origin: return "origin-form (RFC 9112 §3.2.1): " + path_and_query(parts);
    case http::TargetForm::absolute:
        if (parts.authority.empty()) {
            // RFC 3986 §3: scheme ":" path-rootless, no "//": a name, not a location. The router
            // refuses it (rest/router.cpp); the line says why before the 400 comes.
            const std::string head = "absolute-form (RFC 9112 §3.2.2) without '//': scheme " +
                                     std::string(parts.scheme) + ", name " + std::string(parts.path);
            return head + (http::is_urn(parts) ? ": a URN (RFC 8141) names a thing, not where it is, so no "
                                                 "server can fetch it (refused with 400)"
                                               : ": no host and no path on a server (refused with 400)");
        }
        // RFC 9112 §3.2.2: the authority takes the Host field's place; this server serves every
        // host alike, so only the path and the query are routed.
        return "absolute-form (RFC 9112 §3.2.2, the form sent to a proxy): scheme " +
               std::string(parts.scheme) + ", authority " + std::string(parts.authority) +
               " (it takes the Host field's place), " + path_and_query(parts);
    case http::TargetForm::authority:
        return "authority-form (RFC 9112 §3.2.3): a host and port, only for CONNECT through a proxy";
    case http::TargetForm::asterisk:
        return "asterisk-form (RFC 9112 §3.2.4): the server as a whole, only for OPTIONS";
    }
    return "";
}

} // namespace

void HttpObserver::on_request_line(std::string_view method, std::string_view target,
                                   std::string_view version) {
    trace_.line(Layer::http, "request line: method=" + std::string(method) +
                                 " target=" + std::string(target) + " version=" + std::string(version));
    trace_.line(Layer::http, "  method  " + std::string(method) + ": " +
                                 std::string(method_meaning(http::method_from_token(method))));
    trace_.line(Layer::http, "  target  " + std::string(target) + ": " + target_meaning(target));
    // Only the default: a Connection field, still to come, may change it, and so may the
    // server. trace_persistence() says what happened, after the status line.
    trace_.line(Layer::http,
                "  version " + std::string(version) + ": " +
                    (version == "HTTP/1.0" ? "one exchange per connection unless the client sends "
                                             "Connection: keep-alive"
                                           : "a connection carries many requests unless either side sends "
                                             "Connection: close (RFC 9112 §9.3)"));
}

void HttpObserver::on_field(std::string_view name, std::string_view value) {
    const std::string_view meaning = field_meaning(name, value);
    // A credential is never printed, in any trace mode: traces get pasted into tickets.
    const std::string shown = carries_credentials(name) ? masked_credentials(value) : std::string(value);
    trace_.line(Layer::http, "field " + std::string(name) + ": " + shown +
                                 (meaning.empty() ? "" : "  (" + std::string(meaning) + ")"));
}

void HttpObserver::on_trailer(std::string_view name, std::string_view value) {
    const std::string shown = carries_credentials(name) ? masked_credentials(value) : std::string(value);
    trace_.line(Layer::http, "trailer " + std::string(name) + ": " + shown +
                                 "  (after the body; never consulted, RFC 9110 §6.5)");
}

void HttpObserver::on_framing(http::BodyFraming kind, std::uint64_t length) {
    body_bytes_ = 0;
    chunk_size_ = 0;
    switch (kind) {
    case http::BodyFraming::none:
        trace_.line(Layer::http, "body: none (no Content-Length and no Transfer-Encoding)");
        return;
    case http::BodyFraming::content_length:
        trace_.line(Layer::http,
                    "body: " + std::to_string(length) + " bytes, length known from Content-Length");
        return;
    case http::BodyFraming::chunked:
        trace_.line(Layer::http,
                    "body: chunked (Transfer-Encoding: chunked), length known at the last chunk");
        return;
    }
}

void HttpObserver::on_chunk(std::uint64_t size) {
    if (size == 0) {
        trace_.line(Layer::http, "chunk of 0 bytes: the last chunk (hex 0 on its size line)");
        return;
    }
    // Told once its data has arrived (on_body), not at its size line: a client can promise a
    // chunk and never send it.
    chunk_size_ = size;
    chunk_received_ = 0;
}

void HttpObserver::on_body(std::size_t bytes) {
    body_bytes_ += bytes;
    if (chunk_size_ == 0) return;
    chunk_received_ += bytes; // one on_body call never spans two chunks (parse_body_chunked)
    if (chunk_received_ < chunk_size_) return;
    // RFC 9112 §7.1: chunk-size is hexadecimal, the value shown here as on the wire (without
    // any leading zeros the client may have sent).
    char hex[16];
    const auto end = std::to_chars(hex, hex + sizeof hex, chunk_size_, 16).ptr;
    trace_.line(Layer::http, "chunk of " + std::to_string(chunk_size_) + " bytes (hex " +
                                 std::string(hex, end) + " on its size line)");
    chunk_size_ = 0;
}

void HttpObserver::on_complete() {
    trace_.line(Layer::http, "request complete (" + std::to_string(body_bytes_) + " body bytes)");
}

void HttpObserver::on_error(std::error_code ec, std::size_t offset) {
    trace_.line(Layer::http, "rejected at byte " + std::to_string(message_offset_ + offset) +
                                 " of the connection (byte " + std::to_string(offset) + " of request " +
                                 std::to_string(message_number_) + "): " + ec.message());
}

void trace_status_line(Trace& trace, http::Status status) {
    const http::StatusClass cls = http::status_class(status);
    std::string_view meaning;
    switch (cls) {
    case http::StatusClass::informational: meaning = "an interim answer, the final one follows"; break;
    case http::StatusClass::successful: meaning = "the request worked"; break;
    case http::StatusClass::redirection: meaning = "look elsewhere, or use your cached copy"; break;
    case http::StatusClass::client_error: meaning = "the request was at fault"; break;
    case http::StatusClass::server_error: meaning = "the server could not do it"; break;
    }
    trace.line(Layer::http, "status line: HTTP/1.1 " + std::to_string(http::code(status)) + " " +
                                std::string(http::reason(status)) + " (" + std::string(http::describe(cls)) +
                                "): " + std::string(meaning));
}

void trace_persistence(Trace& trace, const http::Request& request, bool server_closes) {
    // RFC 9112 §9.3: HTTP/1.1 persists unless "close" is among the Connection options; HTTP/1.0
    // persists only with "keep-alive". The request's wish first: it is the reason a learner
    // can change.
    if (request.fields.has_token("Connection", "close")) {
        trace.line(Layer::http,
                   "the connection closes after this answer: the request said Connection: close");
    } else if (!request.keep_alive()) {
        trace.line(Layer::http,
                   "the connection closes after this answer: HTTP/1.0 without Connection: keep-alive");
    } else if (server_closes) {
        trace.line(Layer::http, "the connection closes after this answer: the server is shutting down");
    } else {
        trace.line(Layer::http,
                   request.version >= 11
                       ? "the connection stays open for the next request (HTTP/1.1's default)"
                       : "the connection stays open for the next request (Connection: keep-alive)");
    }
}

} // namespace glassbox::trace
