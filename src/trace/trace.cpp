// trace/trace.cpp: formatting trace lines and writing blocks.
// Course topic: reading protocol traces.
// Line shape: "#3 TCP   read 78 bytes": connection number, layer tag, text.
#include "trace/trace.hpp"

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

Sink::Sink(std::FILE* out, bool colour, bool wire) : out_(out), colour_(colour), wire_(wire) {}

void Sink::write(std::string_view block) {
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
    block_.append(text);
    block_.push_back('\n');
}

void Trace::bytes(std::string_view direction, std::string_view data, std::uint64_t offset) {
    if (sink_ == nullptr || !sink_->wire()) return;
    block_.append(wire_view(connection_, direction, data, offset));
}

void Trace::flush() {
    if (sink_ == nullptr || block_.empty()) return;
    sink_->write(block_);
    block_.clear();
}

} // namespace glassbox::trace
