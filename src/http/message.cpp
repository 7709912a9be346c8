// http/message.cpp: methods, statuses, fields, the body-length decision, writing a Response.
// Course topic: the anatomy of a message; why a server that guesses where a body ends can be
// fooled into reading one attacker's request as two (request smuggling).
// Spec: RFC 9110 §5.1, §6.6.1 (Date), §9, §15; RFC 9112 §4, §6.3 (step by step), §9.3.
// Try: printf 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n' | nc 127.0.0.1 8000
#include "http/message.hpp"

#include <array>
#include <ctime>
#include <limits>

#include "http/error.hpp"
#include "http/request_target.hpp"
#include "http/token.hpp"

namespace glassbox::http {
namespace {

struct MethodName {
    Method method;
    std::string_view token;
};

/// The one table of method tokens.
constexpr std::array method_table{
    MethodName{Method::get, "GET"},         MethodName{Method::head, "HEAD"},
    MethodName{Method::post, "POST"},       MethodName{Method::put, "PUT"},
    MethodName{Method::delete_, "DELETE"},  MethodName{Method::connect, "CONNECT"},
    MethodName{Method::options, "OPTIONS"}, MethodName{Method::trace, "TRACE"},
    MethodName{Method::patch, "PATCH"},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

/// Calls `each` with every element of every `name` field's comma-separated list, trimmed,
/// skipping empty elements as RFC 9110 §5.6.1 asks.
template <typename Each> void for_each_element(const Fields& fields, std::string_view name, Each each) {
    for (const auto& field : fields.items()) {
        if (iequals(field.name, name)) for_each_list_element(field.value, each);
    }
}

} // namespace

Method method_from_token(std::string_view token) {
    for (const auto& row : method_table) {
        if (row.token == token) return row.method;
    }
    return Method::unknown;
}

std::string_view method_token(Method method) {
    for (const auto& row : method_table) {
        if (row.method == method) return row.token;
    }
    return "";
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

void Fields::add(std::string name, std::string value) {
    items_.push_back(Field{std::move(name), std::move(value)});
}

void Fields::set(std::string_view name, std::string value) {
    erase(name);
    items_.push_back(Field{std::string(name), std::move(value)});
}

void Fields::erase(std::string_view name) {
    std::erase_if(items_, [&](const Field& f) { return iequals(f.name, name); });
}

const std::string* Fields::find(std::string_view name) const {
    for (const auto& f : items_) {
        if (iequals(f.name, name)) return &f.value;
    }
    return nullptr;
}

std::size_t Fields::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& f : items_) {
        if (iequals(f.name, name)) ++n;
    }
    return n;
}

bool Fields::combined(std::string_view name, std::string& out) const {
    bool any = false;
    for (const Field& field : items_) {
        if (!iequals(field.name, name)) continue;
        if (any) out += ", ";
        out += field.value;
        any = true;
    }
    return any;
}

bool Fields::has_token(std::string_view name, std::string_view token) const {
    bool found = false;
    for_each_element(*this, name,
                     [&](std::string_view element) { found = found || iequals(element, token); });
    return found;
}

void Request::clear() {
    method = Method::unknown;
    method_text.clear();
    target.clear();
    version = 11;
    fields.clear();
    trailers.clear();
    clear_buffer(body);
    client.clear();
}

void clear_buffer(std::string& buffer) {
    if (buffer.capacity() > kept_buffer_bytes) {
        std::string().swap(buffer); // (assigning an empty string would keep the buffer)
    } else {
        buffer.clear();
    }
}

bool Request::keep_alive() const {
    if (fields.has_token("Connection", "close")) return false;
    if (version >= 11) return true;
    return fields.has_token("Connection", "keep-alive");
}

bool Request::expects_continue() const {
    const std::string* expect = fields.find("Expect");
    return expect != nullptr && iequals(trim_ows(*expect), "100-continue");
}

Response::Response(Status s, std::string content_type, std::string b) : status(s), body(std::move(b)) {
    if (!content_type.empty()) fields.add("Content-Type", std::move(content_type));
}

std::string_view reason(Status status) {
    for (const auto& row : status_table) {
        if (row.status == status) return row.reason;
    }
    return "Unknown";
}

StatusClass status_class(Status status) {
    const int first_digit = code(status) / 100;
    if (first_digit == 1) return StatusClass::informational;
    if (first_digit == 2) return StatusClass::successful;
    if (first_digit == 3) return StatusClass::redirection;
    if (first_digit == 4) return StatusClass::client_error;
    return StatusClass::server_error;
}

std::string_view describe(StatusClass cls) {
    switch (cls) {
    case StatusClass::informational: return "1xx informational";
    case StatusClass::successful: return "2xx successful";
    case StatusClass::redirection: return "3xx redirection";
    case StatusClass::client_error: return "4xx client error";
    case StatusClass::server_error: return "5xx server error";
    }
    return "unknown class";
}

namespace {

/// RFC 9110 §6.4.1: 1xx, 204 and 304 responses never carry content or Content-Length.
bool has_no_content(Status status) {
    return status_class(status) == StatusClass::informational || status == Status::no_content ||
           status == Status::not_modified;
}

} // namespace

std::string_view http_date() {
    // NOTE: formatting a date costs more than the rest of a small response; one string per
    // thread, refreshed when the second changes, keeps it off the hot path.
    thread_local std::time_t cached_second = 0;
    thread_local std::array<char, 40> cached{};
    thread_local std::size_t cached_size = 0;
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        cached_size = std::strftime(cached.data(), cached.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
        cached_second = now;
    }
    return {cached.data(), cached_size};
}

void write_response(const Response& response, const WriteOptions& options, std::string& out) {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
    // We always speak HTTP/1.1, our highest version, even to a 1.0 client (RFC 9110 §6.2).
    out.append("HTTP/1.1 ");
    append_number(out, static_cast<std::uint64_t>(code(response.status)));
    out.push_back(' ');
    out.append(reason(response.status));
    out.append("\r\nDate: ");
    out.append(http_date());
    out.append("\r\n");
    for (const auto& field : response.fields.items()) {
        out.append(field.name);
        out.append(": ");
        out.append(field.value);
        out.append("\r\n");
    }
    const bool no_content = has_no_content(response.status);
    if (!no_content) {
        // A HEAD response states the length GET would have sent (RFC 9110 §9.3.2).
        out.append("Content-Length: ");
        append_number(out, response.body.size());
        out.append("\r\n");
    }
    if (!options.keep_alive) {
        out.append("Connection: close\r\n");
    } else if (options.request_version < 11) {
        // HTTP/1.0 closes by default; say that this connection stays open (RFC 9112 §9.3).
        out.append("Connection: keep-alive\r\n");
    }
    out.append("\r\n");
    if (!no_content && !options.head_request) out.append(response.body);
}

namespace {

/// Content-Length = 1*DIGIT, as a number; false for anything else or more than 64 bits.
bool parse_content_length(std::string_view text, std::uint64_t& value) {
    if (text.empty()) return false;
    value = 0;
    for (const char c : text) {
        if (!is_digit(c)) return false;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return false;
        value = value * 10 + digit;
    }
    return true;
}

// Transfer-Encoding = #transfer-coding
// transfer-coding   = token *( OWS ";" OWS transfer-parameter )
Framing chunked_framing(const Request& request, std::error_code& ec) {
    // §6.1: Transfer-Encoding with Content-Length → 400 and close; two parsers could frame
    // this differently (request smuggling).
    if (request.fields.find("Content-Length") != nullptr) {
        ec = ParseError::transfer_encoding_with_content_length;
        return {};
    }
    // §6.1: HTTP/1.0 has no transfer codings; such a message's framing must be treated as faulty.
    if (request.version == 10) {
        ec = ParseError::transfer_encoding_in_http10;
        return {};
    }
    std::string_view last;
    std::size_t chunked_count = 0;
    bool other_coding = false;
    for_each_element(request.fields, "Transfer-Encoding", [&](std::string_view element) {
        last = trim_ows(element.substr(0, element.find(';')));
        if (iequals(last, "chunked")) ++chunked_count;
        other_coding = other_coding || !iequals(last, "chunked");
    });
    // §6.1: chunked not the final coding → the length cannot be known: 400 and close.
    // §7.1: and chunked is applied at most once.
    if (!iequals(last, "chunked") || chunked_count != 1) {
        ec = ParseError::chunked_not_final;
        return {};
    }
    // §6.1: a coding the server does not understand (gzip, ...) SHOULD get 501.
    if (other_coding) {
        ec = ParseError::unsupported_transfer_coding;
        return {};
    }
    return {BodyFraming::chunked, 0};
}

// Content-Length = 1*DIGIT
Framing length_framing(const Request& request, const Limits& limits, std::error_code& ec) {
    // §6.3 item 5: an invalid Content-Length, or a list of differing ones, is unrecoverable.
    // Identical repeats ("5, 5", or two lines of 5) are one value (RFC 9110 §8.6).
    std::uint64_t length = 0;
    bool first = true;
    bool bad = false;
    bool differing = false;
    for (const auto& field : request.fields.items()) {
        if (iequals(field.name, "Content-Length") && trim_ows(field.value).empty()) bad = true;
    }
    for_each_element(request.fields, "Content-Length", [&](std::string_view element) {
        std::uint64_t value = 0;
        bad = bad || !parse_content_length(element, value);
        differing = differing || (!first && value != length);
        length = value;
        first = false;
    });
    if (bad || first) {
        ec = ParseError::bad_content_length;
        return {};
    }
    if (differing) {
        ec = ParseError::differing_content_lengths;
        return {};
    }
    // Refused from the head alone: nothing is allocated for a body we will not take.
    if (length > limits.body_bytes) {
        ec = ParseError::body_too_large;
        return {};
    }
    return {BodyFraming::content_length, length};
}

} // namespace

Framing decide_framing(const Request& request, const Limits& limits, std::error_code& ec) {
    // §6.3: Transfer-Encoding (chunked) first, then Content-Length; else a request has no body.
    Framing framing;
    if (request.fields.find("Transfer-Encoding") != nullptr) {
        framing = chunked_framing(request, ec);
    } else if (request.fields.find("Content-Length") != nullptr) {
        framing = length_framing(request, limits, ec);
    }
    if (ec) return {};
    // §3.2: 400 for an HTTP/1.1 request without Host, and for any request with more than one.
    const auto hosts = request.fields.count("Host");
    if (hosts == 0 && request.version == 11) {
        ec = ParseError::missing_host;
        return {};
    }
    if (hosts > 1) {
        ec = ParseError::duplicate_host;
        return {};
    }
    // §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
    // request message that ... contains more than one Host header field line or a Host
    // header field with an invalid field value."
    if (hosts == 1) split_host(*request.fields.find("Host"), ec);
    if (ec) return {};
    // RFC 9110 §5.3: a field that is not a list may appear once. Of two Authorization lines,
    // one server may check the first and a proxy the last: refuse rather than pick one.
    if (request.fields.count("Authorization") > 1) {
        ec = ParseError::duplicate_authorization;
        return {};
    }
    return framing;
}

} // namespace glassbox::http
