// trace/recent.cpp: keeping the newest trace blocks within their limits.
// Course topic: reading protocol traces; a bounded buffer (STYLE "Do not" #4).
// Oldest out first: a block leaves when the count or the byte budget needs room for a new one.
#include "trace/recent.hpp"

#include <algorithm>

namespace glassbox::trace {

Recent::Recent(bool wire, RecentLimits limits) : wire_(wire), limits_(limits) {}

void Recent::add(std::uint64_t connection, std::string_view block, std::vector<std::string> request_ids) {
    KeptBlock kept{0, connection, std::move(request_ids), {}};
    if (block.size() > limits_.block_bytes) {
        // Cut at a line's end, so every kept line is whole; a wire view of a large body is
        // what gets here.
        const std::size_t end = block.rfind('\n', limits_.block_bytes - 1);
        kept.text.assign(block.substr(0, end == std::string_view::npos ? 0 : end + 1));
        kept.text += "#" + std::to_string(connection) + " TRACE " +
                     std::to_string(block.size() - kept.text.size()) +
                     " more bytes of this block are not kept (GET /traces keeps " +
                     std::to_string(limits_.block_bytes) + " bytes of a block)\n";
    } else {
        kept.text.assign(block);
    }
    const std::lock_guard lock(mutex_);
    kept.id = next_id_++;
    bytes_ += kept.text.size();
    blocks_.push_back(std::move(kept));
    while (blocks_.size() > limits_.blocks || (bytes_ > limits_.bytes && blocks_.size() > 1)) {
        bytes_ -= blocks_.front().text.size();
        blocks_.pop_front();
    }
}

std::vector<KeptBlock> Recent::of_connection(std::uint64_t connection) const {
    const std::lock_guard lock(mutex_);
    std::vector<KeptBlock> found;
    for (const KeptBlock& b : blocks_)
        if (b.connection == connection) found.push_back(b);
    return found;
}

std::vector<KeptBlock> Recent::with_request_id(std::string_view id) const {
    const std::lock_guard lock(mutex_);
    std::vector<KeptBlock> found;
    for (const KeptBlock& b : blocks_)
        if (std::find(b.request_ids.begin(), b.request_ids.end(), id) != b.request_ids.end())
            found.push_back(b);
    return found;
}

std::vector<KeptBlock> Recent::latest(std::size_t count) const {
    const std::lock_guard lock(mutex_);
    const std::size_t first = blocks_.size() > count ? blocks_.size() - count : 0;
    return std::vector<KeptBlock>(blocks_.begin() + static_cast<std::ptrdiff_t>(first), blocks_.end());
}

} // namespace glassbox::trace
