// api/shard.cpp: which shard a thread writes to.
// Course topic: serving under load (see shard.hpp).
#include "api/shard.hpp"

namespace glassbox::api {

std::size_t this_thread_shard() noexcept {
    static std::atomic<std::size_t> next{0};
    // NOTE: worked out once per thread, on its first call; afterwards a thread_local read.
    thread_local const std::size_t shard = next.fetch_add(1, std::memory_order_relaxed) % shard_count;
    return shard;
}

} // namespace glassbox::api
