// net/endpoint.cpp: turning an Asio endpoint into words.
// Course topic: IP addresses and ports.
#include "net/endpoint.hpp"

namespace glassbox::net {

std::string EndpointFacts::text() const {
    std::string out = ipv6 ? "[" + address + "]" : address;
    return out + ":" + std::to_string(port);
}

EndpointFacts describe(const asio::ip::tcp::endpoint& endpoint) {
    EndpointFacts facts;
    asio::ip::address address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    facts.address = address.to_string();
    facts.port = endpoint.port();
    facts.ipv6 = address.is_v6();
    facts.loopback = address.is_loopback();
    return facts;
}

} // namespace glassbox::net
