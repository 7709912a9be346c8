// api/access.hpp: who may change the served models.
// Course topic: deploying safely: reads and predictions are open, but replacing or deleting a
// model needs a bearer token (RFC 6750), and a server reachable from a network refuses
// changes altogether unless it has one.
#pragma once

#include <string_view>

#include "http/message.hpp"

namespace glassbox::api {

/// Equality that takes as long for every string of the same length as `expected`, however
/// early they differ, so response timing does not reveal a token byte by byte.
bool constant_time_equals(std::string_view given, std::string_view expected) noexcept;

/// The token of an "Authorization: Bearer <token>" field (RFC 6750 §2.1), or "" when the
/// request has none or another scheme.
std::string_view bearer_token(const http::Request& request) noexcept;

} // namespace glassbox::api
