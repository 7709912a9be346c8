// http/host.hpp: the Host field taken apart: which host, which port, and is it well formed.
// Course topic: HTTP message anatomy: the one field every HTTP/1.1 request must carry.
// Spec: RFC 9112 §3.2 (Host is required, a bad one gets 400), RFC 9110 §7.2
// (Host = uri-host [ ":" port ]), RFC 3986 §3.2.2-3.2.3 (host and port).
// request_parser.cpp refuses a bad Host; api/access.cpp asks whether it names this machine.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <system_error>

namespace glassbox::http {

/// Which of RFC 3986's three kinds of host a Host field names.
enum class HostKind {
    reg_name,   ///< a name such as "localhost" or "models.example.com" (maybe empty)
    ipv4,       ///< IPv4address, four decimal octets such as "127.0.0.1"
    ipv6,       ///< IP-literal holding an IPv6address, such as "[::1]"
    ipv_future, ///< IP-literal holding IPvFuture, "[v1.x]": well formed, never this machine
};

/// A Host field value split into its parts; views into the value.
struct HostParts {
    HostKind kind = HostKind::reg_name;
    std::string_view host;                ///< uri-host as sent, brackets included for an IP-literal
    std::string_view port;                ///< the digits after ':', possibly empty; "" when there is no ':'
    std::array<std::uint8_t, 16> address; ///< the address in network order: 4 bytes (ipv4) or 16 (ipv6)
};

/**
 * Splits a Host field value (already trimmed of OWS) into host and port, checking it:
 *
 *     Host     = uri-host [ ":" port ]
 *     uri-host = IP-literal / IPv4address / reg-name
 *     port     = *DIGIT, here at most 5 digits with a value up to 65535
 *
 * On a value that is not this, `ec` is ParseError::bad_host and the result means nothing.
 * Stricter than RFC 3986 in one place: a reg-name may not hold ',' (see host.cpp).
 */
HostParts split_host(std::string_view value, std::error_code& ec);

} // namespace glassbox::http
