// api/shard.hpp: per-thread shards, so counting on the hot path shares no cache line.
// Course topic: serving under load: a counter every request bumps becomes a bottleneck when
// all threads write the same memory; each thread writes its own shard, readers add them up.
// Used by metrics.hpp (request counters) and drift.hpp (live input statistics).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace glassbox::api {

/// How many shards a sharded value has; threads beyond this share shards (still correct).
inline constexpr std::size_t shard_count = 16;

/// The size of a cache line: shards are aligned to it so two never share one.
inline constexpr std::size_t cache_line = 64;

/// The calling thread's shard number, in [0, shard_count): fixed for the thread's life,
/// handed out in turn as threads first ask.
std::size_t this_thread_shard() noexcept;

/// A counter that only grows, one relaxed atomic per shard.
class ShardedCounter {
public:
    /// Adds `n` to the calling thread's shard.
    void add(std::uint64_t n) noexcept {
        cells_[this_thread_shard()].value.fetch_add(n, std::memory_order_relaxed);
    }
    /// The sum over every shard (a momentary reading; counts keep arriving).
    std::uint64_t total() const noexcept {
        std::uint64_t sum = 0;
        for (const Cell& cell : cells_) sum += cell.value.load(std::memory_order_relaxed);
        return sum;
    }

private:
    struct alignas(cache_line) Cell {
        std::atomic<std::uint64_t> value{0};
    };
    std::array<Cell, shard_count> cells_;
};

} // namespace glassbox::api
