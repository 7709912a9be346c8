// rest/request_target.cpp: percent-decoding and query pairs.
// Course topic: the URL a client sends is encoded text; decoding it is the router's first job.
// Spec: RFC 9112 §3.2, RFC 3986 §2.1 and §3.1 (scheme), WHATWG URL §5.1 (form-urlencoded).
#include "rest/request_target.hpp"

#include "http/token.hpp"

namespace glassbox::rest {
namespace {

/// The byte "%XY" at `text[i]` stands for, or -1 when `text[i]` does not start a valid escape.
int escape_at(std::string_view text, std::size_t i) {
    if (text[i] != '%' || i + 2 >= text.size()) return -1;
    if (!http::is_hexdig(text[i + 1]) || !http::is_hexdig(text[i + 2])) return -1;
    return static_cast<int>(http::hex_value(text[i + 1]) * 16 + http::hex_value(text[i + 2]));
}

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

} // namespace glassbox::rest
