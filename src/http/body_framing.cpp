// http/body_framing.cpp: the body-length decision of RFC 9112 §6.3, step by step.
// Course topic: HTTP message anatomy; why a server that guesses here can be fooled into
// reading one attacker's request as two (request smuggling).
// Try: printf 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n' | nc 127.0.0.1 8000
#include "http/body_framing.hpp"

#include <limits>
#include <string_view>

#include "http/error.hpp"
#include "http/host.hpp"
#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// Calls `each` with every element of every `name` field's comma-separated list, trimmed,
/// skipping empty elements as RFC 9110 §5.6.1 asks.
template <typename Each> void for_each_element(const Fields& fields, std::string_view name, Each each) {
    for (const auto& field : fields.items()) {
        if (iequals(field.name, name)) for_each_list_element(field.value, each);
    }
}

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
