// http/token.hpp: the character classes HTTP's grammar is built from.
// Course topic: HTTP message anatomy: which bytes may appear where.
// Spec: RFC 9110 §5.6 (tokens, whitespace, quoted strings), RFC 5234 App. B.1 (ALPHA, DIGIT...).
// request_parser.cpp and chunked_decoder.cpp test every head byte against one of these.
#pragma once

#include <array>
#include <string_view>

namespace glassbox::http {

/// DIGIT = %x30-39
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// ALPHA = %x41-5A / %x61-7A
constexpr bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

/// HEXDIG = DIGIT / "A"-"F", case-insensitive as all ABNF literals are.
constexpr bool is_hexdig(char c) { return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }

/// The value 0-15 of a HEXDIG; only meaningful when is_hexdig(c).
constexpr unsigned hex_value(char c) {
    if (is_digit(c)) return static_cast<unsigned>(c - '0');
    if (c >= 'a') return static_cast<unsigned>(c - 'a' + 10);
    return static_cast<unsigned>(c - 'A' + 10);
}

/// Which bytes are tchar (see is_tchar): a 256-entry table built at compile time, so the
/// parser's hot loop does one load per byte. NOTE: it lives at namespace scope on purpose:
/// as a local of is_tchar it would be rebuilt on the stack at every call.
inline constexpr std::array<bool, 256> tchar_table = [] {
    std::array<bool, 256> t{};
    for (const char s : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(s)] = true;
    for (int i = 0; i < 256; ++i) {
        const auto ch = static_cast<char>(i);
        if (is_digit(ch) || is_alpha(ch)) t[static_cast<unsigned char>(i)] = true;
    }
    return t;
}();

/// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
///         / DIGIT / ALPHA   (RFC 9110 §5.6.2; a token is 1*tchar)
constexpr bool is_tchar(char c) { return tchar_table[static_cast<unsigned char>(c)]; }

/// VCHAR = %x21-7E, the visible (printing) ASCII characters.
constexpr bool is_vchar(char c) { return c >= '\x21' && c <= '\x7e'; }

/// obs-text = %x80-FF: bytes outside ASCII, tolerated in field values for old clients.
constexpr bool is_obs_text(char c) { return static_cast<unsigned char>(c) >= 0x80; }

/// SP / HTAB, the whitespace of OWS and BWS (RFC 9110 §5.6.3).
constexpr bool is_ows(char c) { return c == ' ' || c == '\t'; }

/// field-vchar = VCHAR / obs-text; with SP and HTAB between them it makes a field value (RFC 9110 §5.5).
constexpr bool is_field_vchar(char c) { return is_vchar(c) || is_obs_text(c); }

/// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text: a quoted-string's plain characters.
constexpr bool is_qdtext(char c) { return is_ows(c) || (is_field_vchar(c) && c != '"' && c != '\\'); }

} // namespace glassbox::http
