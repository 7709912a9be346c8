// http/request_parser.cpp: the request parser's states, one function per state.
// Course topic: HTTP message anatomy: request line, field lines, body framing.
// Spec: RFC 9112 §2-§7. The head is read byte by byte (spans of one class are copied at once);
// body bytes are copied in bulk. Every buffer is bounded by a Limits budget before it grows.
// Try: printf 'GET /health HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8000
#include "http/request_parser.hpp"

#include <algorithm>

#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// Length of the longest prefix of `s` whose bytes all satisfy `pred`.
template <typename Pred> std::size_t span(std::string_view s, Pred pred) {
    std::size_t i = 0;
    while (i < s.size() && pred(s[i])) ++i;
    return i;
}

/// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )   (RFC 3986 §3.1)
bool is_scheme_char(char c) { return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.'; }

} // namespace

RequestParser::RequestParser(Limits limits, ParseObserver* observer) : limits_(limits), observer_(observer) {}

void RequestParser::reset() { *this = RequestParser(limits_, observer_); }

void RequestParser::reset(Request&& spent) {
    reset();
    request_ = std::move(spent);
    request_.clear();
}

Request RequestParser::take_request() { return std::move(request_); }

bool RequestParser::expects_continue() const {
    // RFC 9110 §10.1.1: a server MUST ignore 100-continue in an HTTP/1.0 request.
    return head_complete_ && (state_ == State::body_by_length || state_ == State::body_chunked) &&
           request_.version >= 11 && request_.expects_continue();
}

ParseResult RequestParser::feed(std::string_view bytes) {
    if (error_) return {ParseStatus::error, 0};
    std::size_t pos = 0;
    while (pos < bytes.size() && state_ != State::complete && !error_) {
        // RFC 9112 §2.2: a CR must be followed by LF. A bare CR is rejected everywhere, since
        // some software treats it as a line end and some does not.
        if (cr_ && bytes[pos] != '\n') {
            fail(ParseError::bare_cr);
            break;
        }
        const std::string_view rest = bytes.substr(pos);
        switch (state_) {
        case State::before_request_line: pos += parse_before_request_line(rest[0]); break;
        case State::method: pos += parse_method(rest); break;
        case State::request_target: pos += parse_request_target(rest); break;
        case State::http_version: pos += parse_http_version(rest); break;
        case State::request_line_end: pos += parse_request_line_end(rest[0]); break;
        case State::field_line_start:
        case State::field_name:
        case State::field_value:
        case State::field_line_end: pos += parse_field_line(rest); break;
        case State::body_by_length: pos += parse_body_by_length(rest); break;
        case State::body_chunked: pos += parse_body_chunked(rest); break;
        case State::complete: break;
        }
    }
    if (error_) {
        if (observer_ != nullptr) observer_->on_error(error_, message_offset_ + pos);
        return {ParseStatus::error, pos};
    }
    message_offset_ += pos;
    return {state_ == State::complete ? ParseStatus::complete : ParseStatus::need_more, pos};
}

// HTTP-message = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
// RFC 9112 §2.2: "a server that is expecting to receive and parse a request-line SHOULD
// ignore at least one empty line (CRLF) received prior to the request-line" (some clients
// send one after a POST body). Empty lines use no buffer, so any number is skipped.
std::size_t RequestParser::parse_before_request_line(char c) {
    if (c == '\r') {
        cr_ = true;
        return 1;
    }
    if (c == '\n') {
        cr_ = false;
        return 1;
    }
    state_ = State::method;
    return 0;
}

// request-line = method SP request-target SP HTTP-version
// method       = token
// The three parts share the limits.request_line budget: `bytes` is cut to what is left of it.
std::size_t RequestParser::parse_method(std::string_view bytes) {
    const auto view = bytes.substr(0, limits_.request_line - line_bytes_);
    const auto n = span(view, is_tchar);
    request_.method_text.append(view.substr(0, n));
    line_bytes_ += n;
    if (n < view.size()) {
        if (view[n] == ' ' && !request_.method_text.empty()) {
            ++line_bytes_;
            state_ = State::request_target;
            return n + 1;
        }
        fail(ParseError::bad_method);
    } else if (view.size() < bytes.size()) {
        fail(ParseError::method_too_long);
    }
    return n;
}

// request-target = origin-form / absolute-form / authority-form / asterisk-form
// Read as visible ASCII up to the SP; request_target_form_ok() then checks its form.
std::size_t RequestParser::parse_request_target(std::string_view bytes) {
    const auto view = bytes.substr(0, limits_.request_line - line_bytes_);
    const auto n = span(view, [](char c) { return is_vchar(c) && c != '#'; });
    request_.target.append(view.substr(0, n));
    line_bytes_ += n;
    if (n < view.size()) {
        const char c = view[n];
        // RFC 9112 §3.2: no form of request-target has a fragment; a client strips it (RFC 9110
        // §7.1). Refused, not ignored: what the client meant by it cannot be known.
        if (c == '#') {
            fail(ParseError::fragment_in_target);
            return n;
        }
        if (c == ' ' && request_target_form_ok()) {
            ++line_bytes_;
            state_ = State::http_version;
            return n + 1;
        }
        // "GET /" and Enter at a telnet prompt: the version is what is missing.
        fail(c == '\r' || c == '\n' ? ParseError::bad_version : ParseError::bad_request_target);
    } else if (view.size() < bytes.size()) {
        // RFC 9112 §3: a server SHOULD answer a request-target longer than it wishes to parse with 414.
        fail(ParseError::target_too_long);
    }
    return n;
}

// origin-form   = absolute-path [ "?" query ]         (RFC 9112 §3.2.1)
// absolute-form = absolute-URI, scheme ":" ...        (§3.2.2; a server MUST accept it)
// asterisk-form = "*", only for OPTIONS               (§3.2.4)
// An authority-form target (CONNECT host:port, §3.2.3) passes as absolute-form; the router
// then refuses CONNECT, which this server does not implement.
bool RequestParser::request_target_form_ok() const {
    const std::string_view target = request_.target;
    if (target.empty()) return false;
    if (target.front() == '/') return true;
    // "PRI *" passes only so that the version can name the HTTP/2 preface (see parse_http_version).
    if (target == "*") return request_.method_text == "OPTIONS" || request_.method_text == "PRI";
    const auto colon = target.find(':');
    if (colon == std::string_view::npos || !is_alpha(target.front())) return false;
    const auto scheme = target.substr(0, colon);
    return span(scheme, is_scheme_char) == scheme.size();
}

// HTTP-version = HTTP-name "/" DIGIT "." DIGIT
// HTTP-name    = %s"HTTP"   (case-sensitive)
std::size_t RequestParser::parse_http_version(std::string_view bytes) {
    constexpr std::string_view pattern = "HTTP/D.D"; // D: any DIGIT
    const auto view = bytes.substr(0, limits_.request_line - line_bytes_);
    std::size_t n = 0;
    while (n < view.size() && version_.size() < pattern.size()) {
        const char c = view[n];
        const char expected = pattern[version_.size()];
        if (expected == 'D' ? !is_digit(c) : c != expected) {
            fail(ParseError::bad_version);
            return n;
        }
        version_.push_back(c);
        ++line_bytes_;
        ++n;
    }
    if (version_.size() == pattern.size()) {
        // RFC 9110 §15.6.6: 505 for a major version we do not support. This server also
        // refuses 1.2+ rather than guess what a future minor version means.
        if (version_ != "HTTP/1.1" && version_ != "HTTP/1.0") {
            // RFC 9113 §3.4: an HTTP/2 client with prior knowledge (curl --http2-prior-knowledge)
            // opens with "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", a line shaped like a request line.
            const bool preface =
                version_ == "HTTP/2.0" && request_.method_text == "PRI" && request_.target == "*";
            fail(preface ? ParseError::http2_preface : ParseError::unsupported_version);
            return n - 1;
        }
        request_.version = version_ == "HTTP/1.1" ? 11 : 10;
        state_ = State::request_line_end;
    } else if (view.size() < bytes.size()) {
        fail(ParseError::target_too_long); // the version has a fixed length: the target made the line long
    }
    return n;
}

// The CRLF ending the request line. RFC 9112 §2.2: a recipient MAY recognize a single LF
// as a line terminator; we do, so that `nc` (which sends bare LF) works.
std::size_t RequestParser::parse_request_line_end(char c) {
    if (c == '\r') {
        cr_ = true;
        return 1;
    }
    if (c != '\n') {
        fail(is_digit(c) ? ParseError::bad_version : ParseError::bad_request_line);
        return 0;
    }
    cr_ = false;
    request_.method = method_from_token(request_.method_text);
    if (observer_ != nullptr) observer_->on_request_line(request_.method_text, request_.target, version_);
    state_ = State::field_line_start;
    return 1;
}

// The field-line states share the limits.header_bytes budget (line ends included), also
// through a chunked trailer section: `bytes` is cut to what is left of it.
std::size_t RequestParser::parse_field_line(std::string_view bytes) {
    const auto view = bytes.substr(0, limits_.header_bytes - header_bytes_);
    if (view.empty()) {
        fail(ParseError::header_section_too_large);
        return 0;
    }
    std::size_t n = 0;
    switch (state_) {
    case State::field_line_start: n = parse_field_line_start(view[0]); break;
    case State::field_name: n = parse_field_name(view); break;
    case State::field_value: n = parse_field_value(view); break;
    case State::field_line_end: n = parse_field_line_end(view[0]); break;
    case State::before_request_line:
    case State::method:
    case State::request_target:
    case State::http_version:
    case State::request_line_end:
    case State::body_by_length:
    case State::body_chunked:
    case State::complete: break;
    }
    header_bytes_ += n;
    return n;
}

// field-line = field-name ":" OWS field-value OWS, or the empty line ending the section.
std::size_t RequestParser::parse_field_line_start(char c) {
    if (c == '\r') {
        cr_ = true;
        return 1;
    }
    if (c == '\n') {
        cr_ = false;
        end_header_section();
        return error_ ? 0 : 1;
    }
    // RFC 9112 §5.2: obs-fold (a line starting with SP or HTAB continues the previous one)
    // is obsolete; a server MAY reject it with 400, and we do. §2.2 also rejects whitespace
    // before the first field line.
    if (is_ows(c)) {
        fail(ParseError::obs_fold);
        return 0;
    }
    if (request_.fields.size() + request_.trailers.size() >= limits_.field_count) {
        fail(ParseError::too_many_fields);
        return 0;
    }
    state_ = State::field_name;
    return 0;
}

// field-name = token
std::size_t RequestParser::parse_field_name(std::string_view bytes) {
    const auto n = span(bytes, is_tchar);
    field_name_.append(bytes.substr(0, n));
    if (n == bytes.size()) return n;
    if (bytes[n] == ':' && !field_name_.empty()) {
        state_ = State::field_value;
        return n + 1;
    }
    // RFC 9112 §5.1: no whitespace between name and colon; a server MUST reject it with 400,
    // since a proxy might have read "Content-Length : 5" as some other field.
    fail(is_ows(bytes[n]) ? ParseError::whitespace_before_colon : ParseError::bad_field_name);
    return n;
}

// field-value   = *field-content
// field-content = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
// Leading OWS is skipped here, trailing OWS trimmed in end_field_line().
std::size_t RequestParser::parse_field_value(std::string_view bytes) {
    const auto skipped = field_value_.empty() ? span(bytes, is_ows) : 0;
    const auto n =
        skipped + span(bytes.substr(skipped), [](char c) { return is_field_vchar(c) || is_ows(c); });
    field_value_.append(bytes.substr(skipped, n - skipped));
    if (n == bytes.size()) return n;
    if (bytes[n] == '\r' || bytes[n] == '\n') {
        state_ = State::field_line_end;
        return n;
    }
    // RFC 9110 §5.5: NUL, DEL and other controls in a value are invalid; reject, don't clean.
    fail(ParseError::bad_field_value);
    return n;
}

// The CRLF (or bare LF, as after the request line) ending a field line. Only CR or LF
// reach this state: parse_field_value stops at them, and feed() checks the byte after a CR.
std::size_t RequestParser::parse_field_line_end(char c) {
    if (c == '\r') {
        cr_ = true;
        return 1;
    }
    cr_ = false;
    end_field_line();
    state_ = State::field_line_start;
    return 1;
}

void RequestParser::end_field_line() {
    while (!field_value_.empty() && is_ows(field_value_.back())) field_value_.pop_back();
    // RFC 9110 §6.5.1: trailer fields are stored apart from the header fields. Merged, a
    // trailer could add an Authorization, a Connection or a second Host after the server
    // had decided on the head, and the body was already read under that decision.
    if (in_trailer_) {
        if (observer_ != nullptr) observer_->on_trailer(field_name_, field_value_);
        request_.trailers.add(std::move(field_name_), std::move(field_value_));
    } else {
        if (observer_ != nullptr) observer_->on_field(field_name_, field_value_);
        request_.fields.add(std::move(field_name_), std::move(field_value_));
    }
    field_name_.clear();
    field_value_.clear();
}

void RequestParser::end_header_section() {
    if (in_trailer_) { // chunked-body = *chunk last-chunk trailer-section CRLF: the body is over
        finish();
        return;
    }
    decide_framing();
}

// After the header section: how long is the body? (decide_framing in message.cpp, RFC 9112 §6.3)
void RequestParser::decide_framing() {
    std::error_code ec;
    const Framing framing = http::decide_framing(request_, limits_, ec);
    if (ec) return fail(ec);
    head_complete_ = true;
    if (observer_ != nullptr) observer_->on_framing(framing.kind, framing.length);
    switch (framing.kind) {
    case BodyFraming::none: finish(); break;
    case BodyFraming::content_length:
        body_remaining_ = framing.length;
        // Reserve no more than a connection keeps anyway: Content-Length is a claim, not bytes,
        // and memory reserved for bytes that never come was how 60-byte heads exhausted it.
        request_.body.reserve(
            static_cast<std::size_t>(std::min<std::uint64_t>(framing.length, kept_buffer_bytes)));
        state_ = State::body_by_length;
        if (framing.length == 0) finish();
        break;
    case BodyFraming::chunked: state_ = State::body_chunked; break;
    }
}

// message-body = *OCTET, exactly Content-Length of them (RFC 9112 §6.2).
std::size_t RequestParser::parse_body_by_length(std::string_view bytes) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_remaining_, bytes.size()));
    request_.body.append(bytes.substr(0, n));
    body_remaining_ -= n;
    if (observer_ != nullptr) observer_->on_body(n);
    if (body_remaining_ == 0) finish();
    return n;
}

// chunked-body = *chunk last-chunk trailer-section CRLF (RFC 9112 §7.1). The decoder reads
// up to the last chunk; the trailer section is field lines, read by the field-line states.
std::size_t RequestParser::parse_body_chunked(std::string_view bytes) {
    const auto before = request_.body.size();
    std::error_code ec;
    const auto result = chunked_.decode(bytes, request_.body, limits_.body_bytes, ec);
    if (observer_ != nullptr && request_.body.size() > before)
        observer_->on_body(request_.body.size() - before);
    if (ec) {
        fail(ec);
        return result.consumed;
    }
    if (result.chunk_size_read) {
        if (observer_ != nullptr) observer_->on_chunk(chunked_.chunk_size());
        if (chunked_.done()) {
            in_trailer_ = true;
            state_ = State::field_line_start;
        }
    }
    return result.consumed;
}

void RequestParser::finish() {
    state_ = State::complete;
    if (observer_ != nullptr) observer_->on_complete();
}

void RequestParser::fail(std::error_code ec) { error_ = ec; }
} // namespace glassbox::http
