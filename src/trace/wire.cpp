// trace/wire.cpp: one output line per input line, every byte printable.
// Course topic: the raw bytes of an HTTP exchange.
#include "trace/wire.hpp"

#include <algorithm>

namespace glassbox::trace {
namespace {

constexpr std::string_view hex_digits = "0123456789abcdef";

/// At most this many bytes of one read or write are shown; a large body is summarised.
constexpr std::size_t max_shown_bytes = 2048;

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
        out.push_back(hex_digits[c >> 4]);
        out.push_back(hex_digits[c & 0xf]);
    }
}

} // namespace

std::string wire_view(std::uint64_t connection, std::string_view direction, std::string_view data,
                      std::uint64_t offset) {
    std::string out;
    const std::string_view shown = data.substr(0, max_shown_bytes);
    std::size_t start = 0;
    while (start < shown.size()) {
        std::size_t end = shown.find('\n', start);
        end = (end == std::string_view::npos) ? shown.size() : end + 1;
        // "off=22" padded to a fixed width, so the bytes of successive lines line up.
        std::string off = "off=" + std::to_string(offset + start);
        off.resize(std::max<std::size_t>(off.size() + 1, 11), ' ');
        out.append("#" + std::to_string(connection) + " WIRE  " + std::string(direction) + " " + off);
        for (std::size_t i = start; i < end; ++i) append_visible(out, static_cast<unsigned char>(shown[i]));
        out.push_back('\n');
        start = end;
    }
    if (data.size() > shown.size()) {
        out.append("#" + std::to_string(connection) + " WIRE  " + std::string(direction) + " ... " +
                   std::to_string(data.size() - shown.size()) + " more bytes not shown\n");
    }
    return out;
}

} // namespace glassbox::trace
