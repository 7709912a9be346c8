// tests/net/endpoint_test.cpp: the IP line names where a client's address comes from (issue 15).
// address_origin() is a pure function of two addresses, so each range is checked without a
// socket; one loopback test then connects to this machine's own non-loopback address, when
// it has one, and reads the IP line of the real server's trace.
// Run: ./glassbox_tests '[net][endpoint]'
#include <catch2/catch.hpp>

#include <ifaddrs.h>
#include <netinet/in.h>
#include <string>

#include "net/endpoint.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/trace_file.hpp"

using glassbox::net::address_origin;

namespace {

/// The words for `peer` talking to a server at 192.0.2.77 (an address no test peer uses).
std::string origin(const std::string& peer) {
    return std::string(address_origin(asio::ip::make_address(peer), asio::ip::make_address("192.0.2.77")));
}

bool starts(const std::string& text, std::string_view start) { return text.rfind(start, 0) == 0; }

/// This machine's first non-loopback IPv4 address, or "" when it has none.
std::string own_ipv4_address() {
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return "";
    std::string found;
    for (const ifaddrs* a = list; a != nullptr && found.empty(); a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        const asio::ip::address_v4 address(ntohl(in->sin_addr.s_addr));
        if (!address.is_loopback()) found = address.to_string();
    }
    ::freeifaddrs(list);
    return found;
}

} // namespace

TEST_CASE("address_origin names loopback, this machine and the special ranges", "[net][endpoint]") {
    CHECK(starts(origin("127.0.0.1"), "loopback: the packets never left this machine"));
    CHECK(starts(origin("127.3.2.1"), "loopback"));
    CHECK(starts(origin("::1"), "loopback"));
    CHECK(starts(origin("::ffff:127.0.0.1"), "loopback")); // IPv4-mapped counts as IPv4
    // The server's own address, as a client on the same machine uses it.
    CHECK(std::string(
              address_origin(asio::ip::make_address("192.0.2.77"), asio::ip::make_address("192.0.2.77"))) ==
          "this machine (its own address; the packets went through the loopback interface)");
    CHECK(starts(std::string(address_origin(asio::ip::make_address("::ffff:10.1.2.3"),
                                            asio::ip::make_address("10.1.2.3"))),
                 "this machine"));
    for (const char* a : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.20",
                          "fd00::2", "fc12::1"}) {
        CAPTURE(a);
        CHECK(starts(origin(a), "private ("));
    }
    CHECK(starts(origin("10.0.0.1"), "private (RFC 1918)"));
    CHECK(starts(origin("fd00::2"), "private (unique local, RFC 4193)"));
    for (const char* a : {"169.254.0.1", "169.254.255.255", "fe80::1", "febf::1"}) {
        CAPTURE(a);
        CHECK(starts(origin(a), "link-local:"));
    }
    for (const char* a : {"192.0.2.1", "198.51.100.7", "203.0.113.255", "2001:db8::1", "2001:db8:ffff::1"}) {
        CAPTURE(a);
        CHECK(starts(origin(a), "documentation:"));
    }
    for (const char* a : {"198.18.0.1", "198.19.255.255"}) {
        CAPTURE(a);
        CHECK(starts(origin(a), "benchmarking (RFC 2544)"));
    }
    // Just outside each range.
    for (const char* a : {"172.15.255.255", "172.32.0.0", "169.253.255.255", "192.0.3.1", "198.17.255.255",
                          "198.20.0.0", "11.0.0.1", "8.8.8.8", "fec0::1", "2001:db9::1", "fe00::1"}) {
        CAPTURE(a);
        CHECK(origin(a) == "public: this client came over a network");
    }
}

TEST_CASE("a client at this machine's own address is told as this machine", "[net][endpoint][trace]") {
    const std::string own = own_ipv4_address();
    if (own.empty()) {
        WARN("this machine has no non-loopback IPv4 address: nothing to connect to");
        return;
    }
    glassbox::test::TraceFile out;
    glassbox::net::ServerOptions options;
    options.host = own;
    options.trace = &out.sink;
    glassbox::test::TestServer server(options);
    glassbox::test::RawClient client(server.port(), own);
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_responses(1)) == "200");
    CHECK(out.says(
        "IP    peer " + own + " → local " + own +
        ", IPv4, this machine (its own address; the packets went through the loopback interface)\n"));
}
