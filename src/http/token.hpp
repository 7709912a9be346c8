// http/token.hpp: the character classes HTTP's grammar is built from, and the small
// helpers every layer uses to read and write field values: OWS, lists, hex, decimal.
// Course topic: HTTP message anatomy: which bytes may appear where.
// Spec: RFC 9110 §5.6 (lists, tokens, whitespace, quoted strings), RFC 5234 App. B.1 (ALPHA, DIGIT...).
// request_parser.cpp and chunked_decoder.cpp test every head byte against one of these.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

/// Appends `byte` as two lowercase HEXDIG, e.g. '\n' as "0a": the escapes "\xNN" of the
/// trace's wire view and "\u00NN" of JSON strings end with these.
inline void append_hex_byte(std::string& out, unsigned char byte) {
    constexpr std::string_view digits = "0123456789abcdef";
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xf]);
}

/// Appends `value` in decimal (1*DIGIT), as the status-code, Content-Length and the
/// Prometheus counters are written: no locale, no allocation beyond `out`'s own.
inline void append_number(std::string& out, std::uint64_t value) {
    char digits[20]; // 2^64 - 1 has 20 digits
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
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

/// `text` without the OWS (SP and HTAB) at either end: a field value as RFC 9110 §5.5 defines
/// it ("OWS field-value OWS"), or one element of a list.
constexpr std::string_view trim_ows(std::string_view text) {
    while (!text.empty() && is_ows(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_ows(text.back())) text.remove_suffix(1);
    return text;
}

/**
 * Calls `each(element)` for every element of the comma-separated list `list`, left to right,
 * each without its surrounding OWS (RFC 9110 §5.6.1: `#element` is
 * `[ element ] *( OWS "," OWS [ element ] )`). Empty elements, as in "a, ,b" or a leading or
 * trailing comma, are skipped: §5.6.1.2 has a recipient accept and ignore them.
 * Splits at every comma, so it suits lists whose elements cannot hold one (tokens, numbers,
 * addresses): not Accept (a parameter may be a quoted-string "a,b") nor entity-tags.
 * Try: curl -H 'Connection: , keep-alive,, close' http://127.0.0.1:8000/health (it closes)
 */
template <class Each> constexpr void for_each_list_element(std::string_view list, Each each) {
    for (;;) {
        const std::size_t comma = list.find(',');
        const std::string_view element = trim_ows(list.substr(0, comma));
        if (!element.empty()) each(element);
        if (comma == std::string_view::npos) return;
        list.remove_prefix(comma + 1);
    }
}

/// The other direction: `elements` as one list, "a, b, c", each element sent as it is (a
/// sender generates no empty elements, §5.6.1.1). Also how a model's feature names are shown.
inline std::string join_list(const std::vector<std::string>& elements) {
    std::string out;
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) out += ", ";
        out += elements[i];
    }
    return out;
}

/// field-vchar = VCHAR / obs-text; with SP and HTAB between them it makes a field value (RFC 9110 §5.5).
constexpr bool is_field_vchar(char c) { return is_vchar(c) || is_obs_text(c); }

/// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text: a quoted-string's plain characters.
constexpr bool is_qdtext(char c) { return is_ows(c) || (is_field_vchar(c) && c != '"' && c != '\\'); }

} // namespace glassbox::http
