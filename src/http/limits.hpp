// http/limits.hpp: the budgets that bound every buffer the HTTP layer fills.
// Course topic: a real server refuses hostile sizes before it allocates for them.
// Spec: RFC 9112 §3 (414 for long targets), RFC 6585 §5 (431), RFC 9110 §15.5.14 (413).
// Each limit is checked before a buffer grows (Redis), never after.
#pragma once

#include <cstddef>

namespace glassbox::http {

/// Byte and count budgets for one request. Exceeding one gives the status in its comment.
struct Limits {
    std::size_t request_line =
        8 * 1024; ///< method + target + version; longer → 414 (or 400 for a long method)
    std::size_t header_bytes = 16 * 1024; ///< all field lines together; more → 431
    std::size_t field_count = 100;        ///< number of field lines; more → 431
    std::size_t body_bytes =
        8 * 1024 * 1024; ///< decoded body; larger → 413, checked against Content-Length first
};

} // namespace glassbox::http
