// trace/wire.cpp: one output line per input line, every byte printable.
// Course topic: the raw bytes of an HTTP exchange.
#include "trace/wire.hpp"

#include <algorithm>
#include <cctype>

#include "http/token.hpp"

namespace glassbox::trace {
namespace {

/// At most this many bytes of one read or write are shown; a large body is summarised.
constexpr std::size_t max_shown_bytes = 2048;

void flush_hidden(std::string& out, CredentialMask& mask) {
    if (mask.hidden == 0) return;
    out.append("****** (" + std::to_string(mask.hidden) + (mask.hidden == 1 ? " byte)" : " bytes)"));
    mask.hidden = 0;
}

void append_all(std::string& out, std::string_view text) {
    for (const char c : text) append_visible(out, static_cast<unsigned char>(c));
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// Appends byte `c` as the wire view shows it, or counts it as hidden: a small state machine
/// over field lines ("Authorization:" OWS [scheme SP] credentials CRLF). A body line that
/// happens to start with "Authorization:" is hidden too: hiding too much is the safe mistake.
void append_masked(std::string& out, CredentialMask& mask, char c) {
    using State = CredentialMask::State;
    if (c == '\r' || c == '\n') {
        if (mask.state == State::scheme) mask.hidden += mask.scheme.size(); // no scheme: all of it hidden
        mask.scheme.clear();
        flush_hidden(out, mask);
        mask.state = c == '\n' ? State::name : State::other;
        mask.name.clear();
        append_visible(out, static_cast<unsigned char>(c));
        return;
    }
    switch (mask.state) {
    case State::name:
        if (c == ':') {
            mask.state = carries_credentials(mask.name) ? State::value_ows : State::other;
        } else if (mask.name.size() < 32) {
            mask.name.push_back(c);
        } else {
            mask.state = State::other;
        }
        append_visible(out, static_cast<unsigned char>(c));
        return;
    case State::other: append_visible(out, static_cast<unsigned char>(c)); return;
    case State::value_ows:
        if (c == ' ' || c == '\t') {
            append_visible(out, static_cast<unsigned char>(c));
            return;
        }
        mask.state = State::scheme;
        mask.scheme.push_back(c);
        return;
    case State::scheme:
        if (c == ' ') {
            append_all(out, mask.scheme);
            append_visible(out, ' ');
            mask.scheme.clear();
            mask.state = State::hidden;
        } else if (mask.scheme.size() < 32) {
            mask.scheme.push_back(c);
        } else {
            mask.hidden += mask.scheme.size() + 1; // too long for a scheme: a credential
            mask.scheme.clear();
            mask.state = State::hidden;
        }
        return;
    case State::hidden: ++mask.hidden; return;
    }
}

} // namespace

bool carries_credentials(std::string_view field_name) {
    return iequals(field_name, "Authorization") || iequals(field_name, "Proxy-Authorization");
}

std::string masked_credentials(std::string_view value) {
    const std::size_t space = value.find(' ');
    const std::string_view scheme = space == std::string_view::npos ? "" : value.substr(0, space);
    std::string_view credentials = space == std::string_view::npos ? value : value.substr(space + 1);
    while (credentials.starts_with(' ')) credentials.remove_prefix(1);
    std::string out(scheme);
    if (!out.empty()) out.push_back(' ');
    out.append("****** (" + std::to_string(credentials.size()) +
               (credentials.size() == 1 ? " byte)" : " bytes)"));
    return out;
}

std::string wire_view(std::uint64_t connection, std::string_view direction, std::string_view data,
                      WirePosition at, CredentialMask* mask) {
    std::string out;
    const std::string_view shown = data.substr(0, max_shown_bytes);
    std::size_t start = 0;
    while (start < shown.size()) {
        std::size_t end = shown.find('\n', start);
        end = (end == std::string_view::npos) ? shown.size() : end + 1;
        // "off=22" and "(request 1, byte 22)" padded to fixed widths, so the bytes of
        // successive lines line up.
        std::string off = "off=" + std::to_string(at.offset + start);
        off.resize(std::max<std::size_t>(off.size() + 1, 11), ' ');
        std::string in_message = (direction == "<-" ? "(request " : "(answer ") + std::to_string(at.message) +
                                 ", byte " + std::to_string(at.message_offset + start) + ")";
        in_message.resize(std::max<std::size_t>(in_message.size() + 1, 22), ' ');
        out.append("#" + std::to_string(connection) + " WIRE  " + std::string(direction) + " " + off +
                   in_message);
        for (std::size_t i = start; i < end; ++i) {
            if (mask != nullptr) {
                append_masked(out, *mask, shown[i]);
            } else {
                append_visible(out, static_cast<unsigned char>(shown[i]));
            }
        }
        if (mask != nullptr && end == shown.size()) {
            // The read ends inside a line: what is held or counted is hidden now; the rest of
            // the credential, in the next read, stays hidden (state hidden).
            if (mask->state == CredentialMask::State::scheme) {
                mask->hidden += mask->scheme.size();
                mask->scheme.clear();
                mask->state = CredentialMask::State::hidden;
            }
            flush_hidden(out, *mask);
        }
        out.push_back('\n');
        start = end;
    }
    if (mask != nullptr) {
        // Bytes not shown still move the mask along, so the next read is masked right.
        std::string ignored;
        for (std::size_t i = shown.size(); i < data.size(); ++i) append_masked(ignored, *mask, data[i]);
        mask->hidden = 0;
    }
    if (data.size() > shown.size()) {
        out.append("#" + std::to_string(connection) + " WIRE  " + std::string(direction) + " ... " +
                   std::to_string(data.size() - shown.size()) + " more bytes not shown\n");
    }
    return out;
}

void append_visible(std::string& out, unsigned char c) {
    if (c == '\r') {
        out.append("\\r");
    } else if (c == '\n') {
        out.append("\\n");
    } else if (c == '\t') {
        out.append("\\t");
    } else if (c == '\\') {
        out.append("\\\\");
    } else if (c >= 0x20 && c < 0x7f) {
        out.push_back(static_cast<char>(c));
    } else {
        out.append("\\x");
        http::append_hex_byte(out, c);
    }
}

} // namespace glassbox::trace
