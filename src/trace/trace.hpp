// trace/trace.hpp: the annotated, per-layer trace of each exchange.
// Course topic: reading protocol traces: IP, TCP, HTTP, REST and MODEL lines for one
// request, printed by `glassbox serve --trace`.
// Off by default: a Trace with no sink costs one branch per would-be line.
// Read next: trace/http_observer.hpp (parser events as lines), trace/wire.hpp (raw bytes).
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "trace/recent.hpp"
#include "trace/wire.hpp"

namespace glassbox::trace {

/// The layers of the course, each a tag at the start of a trace line.
enum class Layer { ip, tcp, http, rest, model };

/// The tag printed for a layer, e.g. "TCP".
std::string_view layer_tag(Layer layer);

/// Where trace blocks go (stderr by default); shared by every connection, thread-safe.
class Sink {
public:
    /// `colour`: ANSI colours per layer (for a terminal); `wire`: also print raw bytes;
    /// `recent`: also keep each block there, without colours (for GET /traces), or nullptr.
    Sink(std::FILE* out, bool colour, bool wire, Recent* recent = nullptr);
    /// Writes one block of `connection` atomically, so exchanges of different connections
    /// never interleave; `request_ids` are the X-Request-Id values of the requests in it.
    void write(std::string_view block, std::uint64_t connection = 0,
               std::vector<std::string> request_ids = {});
    /// True when raw bytes should be shown (`--trace=wire`).
    bool wire() const { return wire_; }
    /// True when lines are coloured.
    bool colour() const { return colour_; }

private:
    std::FILE* out_;
    bool colour_;
    bool wire_;
    Recent* recent_;
    std::mutex mutex_;
};

/// The trace of one connection: lines gather into a block that flush() prints.
class Trace {
public:
    /// A trace that is off: every call returns at once.
    Trace() = default;
    /// A trace of connection number `connection` written to `sink` (nullptr: off).
    Trace(Sink* sink, std::uint64_t connection);

    /// True when tracing; check it before formatting a line, so "off" costs nothing more.
    bool on() const { return sink_ != nullptr; }
    /// True when raw bytes are wanted too.
    bool wire() const { return sink_ != nullptr && sink_->wire(); }
    /// Adds one line tagged with its layer and the connection number.
    void line(Layer layer, std::string_view text);
    /// Adds raw bytes (`--trace=wire`) of one message, or part of one, with CR/LF visible,
    /// starting at `at`; in bytes read ("<-"), credential values are masked (wire.hpp).
    void bytes(std::string_view direction, std::string_view data, WirePosition at);
    /// Where the next line goes; see bytes_at().
    std::size_t mark() const { return block_.size(); }
    /// As bytes(), but placed at `mark` (from mark(), in this block), before the lines added
    /// since: the parser's lines come out as it reads, the bytes once it says where a request ends.
    void bytes_at(std::size_t mark, std::string_view direction, std::string_view data, WirePosition at);
    /// Notes that the block answers a request carrying "X-Request-Id: `id`", so GET /traces
    /// can find it by that id (the line showing the field is in the block anyway).
    void note_request_id(std::string_view id);
    /// The lines gathered since the last flush() (for /echo, which shows its own exchange's).
    std::string_view gathered() const { return block_; }
    /// Prints the gathered block, if any, and starts a new one.
    void flush();

private:
    Sink* sink_ = nullptr;
    std::uint64_t connection_ = 0;
    std::string block_;
    std::vector<std::string> request_ids_; ///< see note_request_id
    CredentialMask read_mask_;             ///< hides credentials in the bytes read ("<-"), across reads
};

} // namespace glassbox::trace
