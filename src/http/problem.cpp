// http/problem.cpp: RFC 9457 problem bodies and RFC 8259 string escaping, by hand.
// Course topic: writing JSON correctly is mostly about strings: quotes, control characters
// and bytes that are not UTF-8 (RFC 8259 §8.1 requires UTF-8).
// Spec: RFC 9457 §3, RFC 8259 §7, Unicode §3.9 Table 3-7 (well-formed UTF-8 byte sequences).
#include "http/problem.hpp"

#include <string>

#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// One UTF-8 sequence found at the start of some bytes.
struct Utf8Sequence {
    std::size_t length; ///< bytes it spans (at least 1)
    bool well_formed;   ///< false: `length` bytes are one maximal ill-formed subpart
};

bool in_range(unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; }

/// Reads the sequence at the start of `s` (non-empty) by Unicode Table 3-7. The second byte's
/// range depends on the lead byte: that rules out overlong forms (E0 80..9F, F0 80..8F),
/// UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF (F4 90..BF).
Utf8Sequence read_utf8(std::string_view s) {
    const auto lead = static_cast<unsigned char>(s[0]);
    if (lead < 0x80) return {1, true};
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (in_range(lead, 0xC2, 0xDF)) {
        length = 2;
    } else if (in_range(lead, 0xE0, 0xEF)) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (in_range(lead, 0xF0, 0xF4)) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return {1, false}; // 80..C1 and F5..FF never start a sequence
    }
    // NOTE: an ill-formed sequence is replaced "by maximal subpart" (Unicode §3.9, as browsers
    // do): the bytes that could still have begun a valid sequence become one U+FFFD.
    for (std::size_t i = 1; i < length; ++i) {
        if (i >= s.size()) return {i, false};
        const auto c = static_cast<unsigned char>(s[i]);
        if (!in_range(c, i == 1 ? low : 0x80, i == 1 ? high : 0xBF)) return {i, false};
    }
    return {length, true};
}

void append_escaped(std::string& out, std::string_view text) {
    while (!text.empty()) {
        const auto c = static_cast<unsigned char>(text[0]);
        if (c >= 0x80) {
            const Utf8Sequence seq = read_utf8(text);
            if (seq.well_formed) {
                out.append(text.substr(0, seq.length));
            } else {
                out += "\\ufffd";
            }
            text.remove_prefix(seq.length);
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            // RFC 8259 §7: U+0000 to U+001F must be escaped; everything else may appear as is.
            if (c < 0x20) {
                out += "\\u00";
                append_hex_byte(out, c);
            } else {
                out += static_cast<char>(c);
            }
        }
        text.remove_prefix(1);
    }
}

} // namespace

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text);
    return out;
}

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    append_escaped(out, text);
    out += '"';
    return out;
}

std::string problem_json(const Problem& problem) {
    std::string out = "{\"type\":";
    out += json_string(problem.type);
    out += ",\"title\":";
    out += json_string(reason(problem.status));
    out += ",\"status\":";
    out += std::to_string(code(problem.status));
    out += ",\"detail\":";
    out += json_string(problem.detail);
    for (const ProblemMember& member : problem.members) {
        out += ',';
        out += json_string(member.name);
        out += ':';
        out += member.json_value;
    }
    out += '}';
    return out;
}

Response problem(const Problem& problem) {
    return Response(problem.status, std::string(problem_media_type), problem_json(problem));
}

Response problem(Status status, std::string_view detail) {
    return problem(Problem{status, std::string(detail), "about:blank", {}});
}

} // namespace glassbox::http
