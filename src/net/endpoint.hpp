// net/endpoint.hpp: the IP facts of a TCP endpoint, in words for the trace.
// Course topic: IP addresses and ports; IPv4 vs IPv6; loopback (localhost) vs a network, and
// the special ranges a learner meets: private, link-local, documentation, benchmarking.
// Spec: RFC 791 (IPv4), RFC 8200 (IPv6), RFC 6890 (special-purpose ranges: loopback, RFC 1918
// private, RFC 3927 link-local, RFC 5737 documentation, RFC 2544 benchmarking), RFC 4291
// (IPv6 loopback, link-local), RFC 4193 (unique local), RFC 3849 (IPv6 documentation).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <asio/ip/tcp.hpp>

namespace glassbox::net {

/// What the IP trace line says about one end of a connection.
struct EndpointFacts {
    std::string address; ///< "127.0.0.1" or "::1"
    std::uint16_t port = 0;
    bool ipv6 = false;

    /// "127.0.0.1:8000" or "[::1]:8000", as a URL writes it.
    std::string text() const;
};

/// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, a dual-stack socket's view of IPv4) as IPv4;
/// any other address unchanged.
asio::ip::address unmapped(asio::ip::address address);

/// The facts of an Asio endpoint (an IPv4-mapped IPv6 address counts as IPv4).
EndpointFacts describe(const asio::ip::tcp::endpoint& endpoint);

/// Where a client's packets came from, in words for the IP line, e.g. "private (RFC 1918): a
/// local network's address, not routed on the internet". `peer` is the client's address and
/// `local` the server's end of the connection: a peer that is this machine's own (non-loopback)
/// address is told apart, as its packets went through the loopback interface too. Checked in
/// order: loopback, this machine, then the special ranges of RFC 6890, else "public". A pure
/// function of two addresses (IPv4-mapped IPv6 ones count as IPv4): no socket is needed.
std::string_view address_origin(const asio::ip::address& peer, const asio::ip::address& local);

} // namespace glassbox::net
