// net/forwarded.hpp: who sent a request that came through a reverse proxy.
// Course topic: which layer knows what. IP knows only the peer, the proxy; the original
// client's address reaches us as text in an HTTP field that anyone can write, so it is
// believed only from peers named with --trusted-proxy.
// Spec: X-Forwarded-For (a de facto standard; RFC 7239 §5.2's Forwarded "for=" is its
// successor), RFC 9110 §5.3 (several field lines of one name make one list).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <asio/ip/address.hpp>

namespace glassbox::net {

/// Who a request is attributed to, and why.
struct ClientOrigin {
    std::string
        client; ///< "127.0.0.1", or "203.0.113.7 via proxy 127.0.0.1" when X-Forwarded-For was believed
    /// A sentence for the trace's IP layer saying what was made of X-Forwarded-For; "" when
    /// there was nothing to say (no such field and an untrusted peer).
    std::string note;
};

/**
 * Decides who sent a request from the TCP peer and the request's X-Forwarded-For list
 * (`forwarded`: every X-Forwarded-For line of the header section joined by ", ", or nullptr
 * when there is none; trailers never count). The list is believed only when `peer` is one of
 * `trusted`. Then it is read from the right, each proxy having appended the address it saw:
 * the first address that is not itself a trusted proxy is the client (what nginx's realip
 * module does with real_ip_recursive on); everything to its left was written by the client or
 * its side and is not looked at. If every address is trusted, the left-most one is the client.
 * An element that is not a plain IPv4 or IPv6 address (brackets allowed) on the part read
 * makes the whole field ignored: the client is then the peer, and the note says why.
 * A pure function: no socket, no throw on any input.
 */
ClientOrigin client_origin(const asio::ip::address& peer, const std::string* forwarded,
                           const std::vector<asio::ip::address>& trusted);

/// True when `address` is one of `trusted` (IPv4-mapped IPv6 addresses count as IPv4).
bool is_trusted(const asio::ip::address& address, const std::vector<asio::ip::address>& trusted);

} // namespace glassbox::net
