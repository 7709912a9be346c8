// api/access.hpp: who may change the served models.
// Course topic: deploying safely: reads and predictions are open, but replacing or deleting a
// model needs a bearer token (RFC 6750), and a server reachable from a network refuses
// changes altogether unless it has one. Without a token, a change must also come from this
// machine by name, not from a web page whose DNS name was rebound to 127.0.0.1.
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

/// True when a Host field value names this machine: "localhost", an address in 127.0.0.0/8
/// or [::1], with any port. Anything else, an invalid value included, is false.
bool names_this_machine(std::string_view host) noexcept;

/// What a request with no token may do to the models, judged from its header section alone.
enum class LocalAccess {
    allowed,        ///< Host names this machine and no Origin says otherwise
    host_not_local, ///< Host is missing or names another machine (DNS rebinding)
    cross_origin,   ///< Origin is present and is not http://<the Host> (another site's page)
};

/// Applies the rule for servers without a token (see LocalAccess) to `request`'s header fields.
LocalAccess local_access(const http::Request& request) noexcept;

} // namespace glassbox::api
