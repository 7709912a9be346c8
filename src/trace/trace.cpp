// trace/trace.cpp: formatting trace lines and writing blocks.
// Course topic: reading protocol traces.
// Line shape: "#3 TCP   read 78 bytes": connection number, layer tag, text.
#include "trace/trace.hpp"

#include <algorithm>

#include "trace/wire.hpp"

namespace glassbox::trace {
namespace {

/// ANSI colour per layer, used only when the sink writes to a terminal.
std::string_view layer_colour(Layer layer) {
    switch (layer) {
    case Layer::ip: return "\x1b[36m";    // cyan
    case Layer::tcp: return "\x1b[34m";   // blue
    case Layer::http: return "\x1b[32m";  // green
    case Layer::rest: return "\x1b[35m";  // magenta
    case Layer::model: return "\x1b[33m"; // yellow
    }
    return "";
}

constexpr std::string_view colour_reset = "\x1b[0m";

/// Request ids noted per block (pipelined requests answered by one write), and their length:
/// a client cannot make a block's metadata grow without bound.
constexpr std::size_t max_request_ids = 64;
constexpr std::size_t max_request_id_bytes = 200;

/// The length of the well-formed UTF-8 sequence starting `text` (RFC 3629 §4: no overlong
/// forms, no surrogates, nothing past U+10FFFF), or 0 when it does not start one.
std::size_t utf8_length(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t n = 0;
    unsigned char low = 0x80;  // the range of the second byte, which rules out overlong forms,
    unsigned char high = 0xbf; // surrogates and code points past U+10FFFF
    if (lead >= 0xc2 && lead <= 0xdf) {
        n = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3;
        if (lead == 0xe0) low = 0xa0;
        if (lead == 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4;
        if (lead == 0xf0) low = 0x90;
        if (lead == 0xf4) high = 0x8f;
    } else {
        return 0;
    }
    if (text.size() < n || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < n; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
    }
    return n;
}

/// Appends `text` so that a terminal shows it and acts on none of it. Text comes from clients
/// (a percent-decoded "%1b%5b2J" in a path clears the operator's screen), so every control
/// character is written as an escape: C0 and DEL (ECMA-48), C1 (U+0080-U+009F, which some
/// terminals obey as ESC sequences), and each byte of invalid UTF-8, where a terminal might
/// see C1. A backslash is doubled, so an escape in the output always means a byte in the text.
void append_printable(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            append_visible(out, c); // as the wire view shows it (wire.hpp)
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(text.substr(i));
        const bool c1 = n == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
        if (n > 0 && !c1) {
            out.append(text.substr(i, n)); // a printable character, U+00A0 and up
            i += n;
            continue;
        }
        for (const std::size_t end = i + std::max<std::size_t>(n, 1); i < end; ++i)
            append_visible(out, static_cast<unsigned char>(text[i])); // \xNN
    }
}

} // namespace

std::string_view layer_tag(Layer layer) {
    switch (layer) {
    case Layer::ip: return "IP   ";
    case Layer::tcp: return "TCP  ";
    case Layer::http: return "HTTP ";
    case Layer::rest: return "REST ";
    case Layer::model: return "MODEL";
    }
    return "?    ";
}

Sink::Sink(std::FILE* out, bool colour, bool wire, Recent* recent)
    : out_(out), colour_(colour), wire_(wire), recent_(recent) {}

void Sink::write(std::string_view block, std::uint64_t connection, std::vector<std::string> request_ids) {
    if (recent_ != nullptr) {
        // Kept without colours: the only ESC bytes in a block are ours (append_printable
        // escapes every control byte a client sent), each "ESC [ digits m".
        std::string plain;
        if (colour_) {
            plain.reserve(block.size());
            for (std::size_t i = 0; i < block.size(); ++i) {
                if (block[i] != '\x1b') {
                    plain.push_back(block[i]);
                    continue;
                }
                while (i < block.size() && block[i] != 'm') ++i;
            }
        }
        recent_->add(connection, colour_ ? std::string_view(plain) : block, std::move(request_ids));
    }
    const std::lock_guard lock(mutex_);
    std::fwrite(block.data(), 1, block.size(), out_);
    std::fflush(out_);
}

Trace::Trace(Sink* sink, std::uint64_t connection) : sink_(sink), connection_(connection) {}

void Trace::line(Layer layer, std::string_view text) {
    if (sink_ == nullptr) return;
    block_.push_back('#');
    block_.append(std::to_string(connection_));
    block_.push_back(' ');
    if (sink_->colour()) block_.append(layer_colour(layer));
    block_.append(layer_tag(layer));
    if (sink_->colour()) block_.append(colour_reset);
    block_.push_back(' ');
    append_printable(block_, text); // the one place every trace line passes: D12 of issue 13
    block_.push_back('\n');
}

void Trace::bytes(std::string_view direction, std::string_view data, WirePosition at) {
    bytes_at(block_.size(), direction, data, at);
}

void Trace::bytes_at(std::size_t mark, std::string_view direction, std::string_view data, WirePosition at) {
    if (sink_ == nullptr || !sink_->wire()) return;
    block_.insert(std::min(mark, block_.size()),
                  wire_view(connection_, direction, data, at, direction == "<-" ? &read_mask_ : nullptr));
}

void Trace::note_request_id(std::string_view id) {
    if (sink_ == nullptr || request_ids_.size() >= max_request_ids) return;
    request_ids_.emplace_back(id.substr(0, max_request_id_bytes));
}

void Trace::flush() {
    if (sink_ == nullptr || block_.empty()) return;
    sink_->write(block_, connection_, std::move(request_ids_));
    request_ids_.clear();
    block_.clear();
}

} // namespace glassbox::trace
