// net/endpoint.hpp: the IP facts of a TCP endpoint, in words for the trace.
// Course topic: IP addresses and ports; IPv4 vs IPv6; loopback (localhost) vs a network.
// Spec: RFC 791 (IPv4), RFC 8200 (IPv6), RFC 5735/4291 (127.0.0.0/8 and ::1 loopback).
#pragma once

#include <cstdint>
#include <string>

#include <asio/ip/tcp.hpp>

namespace glassbox::net {

/// What the IP trace line says about one end of a connection.
struct EndpointFacts {
    std::string address; ///< "127.0.0.1" or "::1"
    std::uint16_t port = 0;
    bool ipv6 = false;
    bool loopback = false; ///< 127.0.0.0/8 or ::1: packets never leave this machine

    /// "127.0.0.1:8000" or "[::1]:8000", as a URL writes it.
    std::string text() const;
};

/// The facts of an Asio endpoint (an IPv4-mapped IPv6 address counts as IPv4).
EndpointFacts describe(const asio::ip::tcp::endpoint& endpoint);

} // namespace glassbox::net
