// http/request_target.cpp: splitting a request-target, reading uri-host [":" port] one
// RFC 3986 rule per function, percent-decoding and query pairs.
// Course topic: the URL a client sends is encoded text; a bad Host is refused, not guessed at.
// Spec: RFC 9112 §3.2, RFC 3986 §2.1, §3.2.2 (IP-literal, IPv4address, reg-name), §3.2.3.
// Try: printf 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n' | nc 127.0.0.1 8000
#include "http/request_target.hpp"

#include <algorithm>

#include "http/error.hpp"
#include "http/message.hpp"
#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// The length of `scheme ":"` at the start of `text`, or 0.
/// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
std::size_t scheme_colon_length(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) return 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') return i + 1;
        const bool scheme_char = is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
        if (!scheme_char) return 0;
    }
    return 0;
}

} // namespace

RequestTarget split_request_target(std::string_view target) {
    RequestTarget result;
    std::string_view rest = target;
    if (target == "*") {
        result.form = TargetForm::asterisk;
        result.path = target;
        return result;
    }
    if (target.empty() || target[0] != '/') {
        const std::size_t scheme = scheme_colon_length(target);
        const std::string_view after = target.substr(scheme);
        const bool port_only = std::all_of(after.begin(), after.end(), is_digit);
        if (scheme == 0 || port_only) {
            // authority-form = uri-host ":" port. "host:443" also reads as a scheme and a
            // rootless path, so digits after the colon decide; anything else without a scheme
            // ("models") lands here too, and the router refuses it with 400.
            result.form = TargetForm::authority;
            result.path = target;
            return result;
        }
        result.form = TargetForm::absolute;
        result.scheme = target.substr(0, scheme - 1);
        rest = after;
        if (after.starts_with("//")) {
            // absolute-URI = scheme ":" "//" authority path-abempty [ "?" query ]
            rest.remove_prefix(2);
            const std::size_t end = std::min(rest.find_first_of("/?"), rest.size());
            result.authority = rest.substr(0, end);
            rest.remove_prefix(end);
        } else {
            // absolute-URI = scheme ":" path-rootless [ "?" query ]: urn:isbn:0451450523,
            // mailto:a@b. No authority, so no host to ask: the path is left as it is.
            const std::size_t question = rest.find('?');
            result.path = rest.substr(0, question);
            if (question != std::string_view::npos) result.query = rest.substr(question + 1);
            return result;
        }
    }
    const std::size_t question = rest.find('?');
    result.path = rest.substr(0, question);
    if (question != std::string_view::npos) result.query = rest.substr(question + 1);
    // RFC 9112 §3.2.2 with RFC 9110 §4.2.3: an empty path in absolute-form means "/".
    if (result.path.empty()) result.path = "/";
    return result;
}

bool is_urn(const RequestTarget& target) {
    // RFC 3986 §3.1: schemes are case-insensitive.
    return target.form == TargetForm::absolute && iequals(target.scheme, "urn");
}

namespace {

/// The byte "%XY" at `text[i]` stands for, or -1 when `text[i]` does not start a valid escape.
int escape_at(std::string_view text, std::size_t i) {
    if (text[i] != '%' || i + 2 >= text.size()) return -1;
    if (!is_hexdig(text[i + 1]) || !is_hexdig(text[i + 2])) return -1;
    return static_cast<int>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
}

/// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
bool is_unreserved(char c) {
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
bool is_sub_delim(char c) { return std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos; }

// dec-octet   = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
// IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet
// That is, 0-255 with no leading zero; "127.1" or "0177.0.0.1" are not IPv4 addresses.
bool parse_ipv4(std::string_view text, std::uint8_t* out) {
    for (int i = 0; i < 4; ++i) {
        if (i > 0) {
            if (text.empty() || text.front() != '.') return false;
            text.remove_prefix(1);
        }
        std::size_t n = 0;
        unsigned value = 0;
        while (n < text.size() && n < 3 && is_digit(text[n]))
            value = value * 10 + static_cast<unsigned>(text[n++] - '0');
        if (n == 0 || value > 255 || (n > 1 && text.front() == '0')) return false;
        out[i] = static_cast<std::uint8_t>(value);
        text.remove_prefix(n);
    }
    return text.empty();
}

/// Reads `part`, a ':'-separated list of h16 (1*4HEXDIG) that may end in an IPv4address when
/// `ipv4_allowed`, into `out` (two bytes a group); false when it is not one or holds more than `room` groups.
bool parse_h16_list(std::string_view part, bool ipv4_allowed, std::uint8_t* out, std::size_t& groups,
                    std::size_t room) {
    groups = 0;
    if (part.empty()) return true;
    while (true) {
        const auto colon = part.find(':');
        const std::string_view piece = part.substr(0, colon);
        if (colon == std::string_view::npos && ipv4_allowed && piece.find('.') != std::string_view::npos) {
            // ls32 = ( h16 ":" h16 ) / IPv4address: the address fills the last two groups.
            if (groups + 2 > room || !parse_ipv4(piece, out + 2 * groups)) return false;
            groups += 2;
            return true;
        }
        if (piece.empty() || piece.size() > 4 || groups + 1 > room) return false;
        unsigned value = 0;
        for (const char c : piece) {
            if (!is_hexdig(c)) return false;
            value = value * 16 + hex_value(c);
        }
        out[2 * groups] = static_cast<std::uint8_t>(value >> 8);
        out[2 * groups + 1] = static_cast<std::uint8_t>(value & 0xff);
        ++groups;
        if (colon == std::string_view::npos) return true;
        part.remove_prefix(colon + 1);
    }
}

// IPv6address = 6( h16 ":" ) ls32 / "::" 5( h16 ":" ) ls32 / ... / [ *6( h16 ":" ) h16 ] "::"
// In words: eight 16-bit groups, or fewer with one "::" standing for the missing zero groups;
// the last 32 bits may be written as an IPv4address.
bool parse_ipv6(std::string_view text, std::array<std::uint8_t, 16>& address) {
    address.fill(0);
    const auto gap = text.find("::");
    std::size_t left = 0;
    if (gap == std::string_view::npos) {
        return parse_h16_list(text, true, address.data(), left, 8) && left == 8;
    }
    const std::string_view tail = text.substr(gap + 2);
    if (tail.find("::") != std::string_view::npos) return false; // "::" at most once
    std::array<std::uint8_t, 16> right{};
    std::size_t right_groups = 0;
    if (!parse_h16_list(text.substr(0, gap), false, address.data(), left, 7) ||
        !parse_h16_list(tail, true, right.data(), right_groups, 7 - left))
        return false;
    // The groups after "::" go at the end; the ones it stands for stay zero.
    for (std::size_t i = 0; i < 2 * right_groups; ++i) address[16 - 2 * right_groups + i] = right[i];
    return true;
}

// IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
bool is_ipv_future(std::string_view text) {
    if (text.size() < 4 || (text[0] != 'v' && text[0] != 'V')) return false;
    std::size_t i = 1;
    while (i < text.size() && is_hexdig(text[i])) ++i;
    if (i == 1 || i + 1 >= text.size() || text[i] != '.') return false;
    for (++i; i < text.size(); ++i) {
        if (!is_unreserved(text[i]) && !is_sub_delim(text[i]) && text[i] != ':') return false;
    }
    return true;
}

// reg-name    = *( unreserved / pct-encoded / sub-delims )
// pct-encoded = "%" HEXDIG HEXDIG
// NOTE: RFC 3986 lets ',' into a reg-name, but no DNS name holds one, and "a,b" is what an
// intermediary makes of two Host lines when it joins them into a list (RFC 9110 §5.3).
// We refuse it, so that two hosts never pass as one.
bool is_reg_name(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (escape_at(text, i) < 0) return false;
            i += 2;
        } else if (c == ',' || (!is_unreserved(c) && !is_sub_delim(c))) {
            return false;
        }
    }
    return true;
}

// port = *DIGIT. RFC 3986 allows any number of digits; a TCP port is 0-65535 (RFC 9293), so
// more than 5 digits or a larger value cannot name one.
bool is_port(std::string_view text) {
    if (text.size() > 5) return false;
    unsigned value = 0;
    for (const char c : text) {
        if (!is_digit(c)) return false;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value <= 65535;
}

} // namespace

HostParts split_host(std::string_view value, std::error_code& ec) {
    HostParts parts;
    parts.address.fill(0);
    std::size_t host_end = 0;
    if (!value.empty() && value.front() == '[') {
        // IP-literal = "[" ( IPv6address / IPvFuture ) "]"
        const auto close = value.find(']');
        if (close == std::string_view::npos) {
            ec = ParseError::bad_host;
            return parts;
        }
        const std::string_view inside = value.substr(1, close - 1);
        if (parse_ipv6(inside, parts.address)) {
            parts.kind = HostKind::ipv6;
        } else if (is_ipv_future(inside)) {
            parts.kind = HostKind::ipv_future;
        } else {
            ec = ParseError::bad_host;
            return parts;
        }
        host_end = close + 1;
    } else {
        // IPv4address and reg-name hold no ':'; the first one starts the port.
        host_end = std::min(value.find(':'), value.size());
        const std::string_view name = value.substr(0, host_end);
        if (parse_ipv4(name, parts.address.data())) {
            parts.kind = HostKind::ipv4;
        } else if (!is_reg_name(name)) {
            ec = ParseError::bad_host;
            return parts;
        }
    }
    parts.host = value.substr(0, host_end);
    const std::string_view rest = value.substr(host_end);
    if (!rest.empty()) {
        if (rest.front() != ':' || !is_port(rest.substr(1))) {
            ec = ParseError::bad_host;
            return parts;
        }
        parts.port = rest.substr(1);
    }
    return parts;
}

namespace {

/// Decodes form-urlencoded text: '+' is a space, a bad '%' is kept as it is.
std::string form_decode(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '+') {
            out += ' ';
        } else if (const int byte = escape_at(raw, i); byte >= 0) {
            out += static_cast<char>(byte);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

std::size_t find_bad_percent_escape(std::string_view text) {
    for (std::size_t i = text.find('%'); i != std::string_view::npos; i = text.find('%', i + 1)) {
        if (escape_at(text, i) < 0) return i;
        i += 2;
    }
    return std::string_view::npos;
}

bool percent_decode(std::string_view raw, std::string& out) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '%') {
            out += raw[i];
            continue;
        }
        const int byte = escape_at(raw, i);
        if (byte < 0) return false;
        out += static_cast<char>(byte);
        i += 2;
    }
    return true;
}

bool percent_decoded_equals(std::string_view raw, std::string_view decoded) {
    std::size_t j = 0;
    for (std::size_t i = 0; i < raw.size(); ++i, ++j) {
        if (j == decoded.size()) return false;
        int byte = static_cast<unsigned char>(raw[i]);
        if (raw[i] == '%') {
            byte = escape_at(raw, i);
            if (byte < 0) return false;
            i += 2;
        }
        if (byte != static_cast<unsigned char>(decoded[j])) return false;
    }
    return j == decoded.size();
}

std::vector<QueryParam> parse_query(std::string_view query) {
    std::vector<QueryParam> params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if (piece.empty()) continue;
        const std::size_t equals = piece.find('=');
        const std::string_view name = piece.substr(0, equals);
        const std::string_view value = equals == std::string_view::npos ? "" : piece.substr(equals + 1);
        params.push_back(QueryParam{form_decode(name), form_decode(value)});
    }
    return params;
}

} // namespace glassbox::http
