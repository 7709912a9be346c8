// trace/recent.hpp: the latest trace blocks, kept in memory for GET /traces.
// Course topic: reading protocol traces, from a browser: the page at / shows the trace of
// the exchange it just made. Bounded: the newest blocks only, within a byte budget; nothing
// is written anywhere, and a restart forgets all. Filled only while tracing (--trace).
// Read next: api/traces.cpp (who may read it, and how it is asked for).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::trace {

/// One block as the trace printed it (colours removed): an accepted connection, or the
/// exchanges answered by one write, or a close.
struct KeptBlock {
    std::uint64_t id = 0;                 ///< 1 for the first block kept since start, then 2, 3...
    std::uint64_t connection = 0;         ///< the connection's number, as in "#3"
    std::vector<std::string> request_ids; ///< X-Request-Id values of the requests answered in it
    std::string text;                     ///< the lines, each ending in '\n'
};

/// What Recent keeps at most (STYLE: every buffer has a named limit).
struct RecentLimits {
    std::size_t blocks = 256;                        ///< the newest blocks
    std::size_t bytes = std::size_t{1} << 20;        ///< text over all kept blocks
    std::size_t block_bytes = std::size_t{64} << 10; ///< a longer block is cut, with a line saying so
};

/// A ring of the newest trace blocks; thread-safe (every connection's flush adds to it).
class Recent {
public:
    /// `wire`: the blocks hold raw bytes too (--trace=wire).
    explicit Recent(bool wire, RecentLimits limits = {});

    /// Keeps `block` of `connection`, dropping the oldest blocks past the limits.
    void add(std::uint64_t connection, std::string_view block, std::vector<std::string> request_ids);
    /// The kept blocks of one connection, oldest first.
    std::vector<KeptBlock> of_connection(std::uint64_t connection) const;
    /// The kept blocks that answered a request carrying "X-Request-Id: `id`", oldest first.
    std::vector<KeptBlock> with_request_id(std::string_view id) const;
    /// The newest `count` blocks, oldest first.
    std::vector<KeptBlock> latest(std::size_t count) const;
    /// True when the blocks hold raw bytes.
    bool wire() const { return wire_; }
    /// The limits it keeps to.
    const RecentLimits& limits() const { return limits_; }

private:
    bool wire_;
    RecentLimits limits_;
    mutable std::mutex mutex_;
    std::deque<KeptBlock> blocks_;
    std::size_t bytes_ = 0;
    std::uint64_t next_id_ = 1;
};

} // namespace glassbox::trace
