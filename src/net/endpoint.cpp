// net/endpoint.cpp: turning an Asio endpoint into words.
// Course topic: IP addresses and ports, and the ranges reserved for special purposes.
// Spec: RFC 6890 (the special-purpose registries), and the RFC named beside each range.
#include "net/endpoint.hpp"

#include <array>

namespace glassbox::net {
namespace {

/// An IPv4 range (first address and prefix length) and what an address in it is.
struct Ipv4Range {
    std::uint32_t first;
    unsigned prefix;
    std::string_view meaning;
};

constexpr std::uint32_t ipv4(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

constexpr std::string_view private_network =
    "private (RFC 1918): a local network's address, not routed on the internet";
constexpr std::string_view link_local = "link-local: an address valid only on the client's own network link";
constexpr std::string_view documentation =
    "documentation: a range reserved for examples, never assigned to a real host";

constexpr Ipv4Range ipv4_ranges[] = {
    {ipv4(10, 0, 0, 0), 8, private_network},
    {ipv4(172, 16, 0, 0), 12, private_network},
    {ipv4(192, 168, 0, 0), 16, private_network},
    {ipv4(169, 254, 0, 0), 16, link_local},     // RFC 3927
    {ipv4(192, 0, 2, 0), 24, documentation},    // RFC 5737 TEST-NET-1
    {ipv4(198, 51, 100, 0), 24, documentation}, // RFC 5737 TEST-NET-2
    {ipv4(203, 0, 113, 0), 24, documentation},  // RFC 5737 TEST-NET-3
    {ipv4(198, 18, 0, 0), 15, "benchmarking (RFC 2544): a range reserved for testing network devices"},
};

/// An IPv6 range: its leading bytes, the prefix length, and what an address in it is.
struct Ipv6Range {
    std::array<unsigned char, 4> first;
    unsigned prefix;
    std::string_view meaning;
};

constexpr Ipv6Range ipv6_ranges[] = {
    {{0xfe, 0x80, 0, 0}, 10, link_local},          // RFC 4291 fe80::/10
    {{0x20, 0x01, 0x0d, 0xb8}, 32, documentation}, // RFC 3849 2001:db8::/32
    {{0xfc, 0x00, 0, 0},
     7,
     "private (unique local, RFC 4193): a local network's address, not routed on the "
     "internet"}, // fc00::/7
};

/// True when the first `prefix` bits of `bytes` and `first` agree.
template <std::size_t N>
bool same_prefix(const unsigned char* bytes, const std::array<unsigned char, N>& first, unsigned prefix) {
    for (unsigned bit = 0; bit < prefix; ++bit) {
        const unsigned mask = 0x80u >> (bit % 8);
        if ((bytes[bit / 8] & mask) != (first[bit / 8] & mask)) return false;
    }
    return true;
}

} // namespace

asio::ip::address unmapped(asio::ip::address address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    return address;
}

std::string EndpointFacts::text() const {
    std::string out = ipv6 ? "[" + address + "]" : address;
    return out + ":" + std::to_string(port);
}

EndpointFacts describe(const asio::ip::tcp::endpoint& endpoint) {
    EndpointFacts facts;
    const asio::ip::address address = unmapped(endpoint.address());
    facts.address = address.to_string();
    facts.port = endpoint.port();
    facts.ipv6 = address.is_v6();
    return facts;
}

std::string_view address_origin(const asio::ip::address& peer_address,
                                const asio::ip::address& local_address) {
    const asio::ip::address peer = unmapped(peer_address);
    if (peer.is_loopback()) return "loopback: the packets never left this machine";
    // A client on this machine that connects to one of the machine's own addresses: the kernel
    // routes the packets through the loopback interface (Linux's "local" routing table).
    if (peer == unmapped(local_address))
        return "this machine (its own address; the packets went through the loopback interface)";
    if (peer.is_v4()) {
        const std::uint32_t bits = peer.to_v4().to_uint();
        for (const Ipv4Range& range : ipv4_ranges) {
            const std::uint32_t mask = ~std::uint32_t{0} << (32 - range.prefix);
            if ((bits & mask) == range.first) return range.meaning;
        }
    } else {
        const asio::ip::address_v6::bytes_type bytes = peer.to_v6().to_bytes();
        for (const Ipv6Range& range : ipv6_ranges) {
            if (same_prefix(bytes.data(), range.first, range.prefix)) return range.meaning;
        }
    }
    return "public: this client came over a network";
}

} // namespace glassbox::net
