// tests/net/forwarded_test.cpp: X-Forwarded-For believed only from --trusted-proxy peers.
// Pure-function tests of net::client_origin (no socket); tests/net/trusted_proxy_test.cpp
// sends the same fields over real connections from 127.0.0.1 and 127.0.0.2.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "net/forwarded.hpp"
#include "support/text.hpp"

using glassbox::net::client_origin;
using glassbox::net::ClientOrigin;
using glassbox::test::has;

namespace {

asio::ip::address ip(const char* text) { return asio::ip::make_address(text); }

const std::vector<asio::ip::address> proxies = {ip("127.0.0.1"), ip("10.0.0.5")};

ClientOrigin from(const char* peer, const char* forwarded) {
    const std::string value = forwarded == nullptr ? "" : forwarded;
    return client_origin(ip(peer), forwarded == nullptr ? nullptr : &value, proxies);
}

} // namespace

TEST_CASE("X-Forwarded-For from an untrusted peer is ignored, and the note says so", "[net][forwarded]") {
    const ClientOrigin origin = from("127.0.0.2", "203.0.113.7");
    CHECK(origin.client == "127.0.0.2");
    CHECK(has(origin.note, "ignored: the peer 127.0.0.2 is not a --trusted-proxy"));
    // No field, untrusted peer: nothing to say.
    CHECK(from("127.0.0.2", nullptr).client == "127.0.0.2");
    CHECK(from("127.0.0.2", nullptr).note.empty());
    // No trusted proxies at all: never believed.
    const std::string value = "203.0.113.7";
    CHECK(client_origin(ip("127.0.0.1"), &value, {}).client == "127.0.0.1");
}

TEST_CASE("a trusted proxy's X-Forwarded-For names the client beside the proxy", "[net][forwarded]") {
    const ClientOrigin origin = from("127.0.0.1", "203.0.113.7");
    CHECK(origin.client == "203.0.113.7 via proxy 127.0.0.1");
    CHECK(has(origin.note, "client 203.0.113.7 via proxy 127.0.0.1"));
    // IPv4-mapped peer and IPv6 elements, bracketed or not.
    CHECK(from("::ffff:127.0.0.1", "2001:db8::7").client == "2001:db8::7 via proxy 127.0.0.1");
    CHECK(from("127.0.0.1", " [2001:db8::7] ").client == "2001:db8::7 via proxy 127.0.0.1");
    // Trusted, but no field: the proxy is the client.
    CHECK(from("127.0.0.1", nullptr).client == "127.0.0.1");
    CHECK(has(from("127.0.0.1", nullptr).note, "sent no X-Forwarded-For"));
}

TEST_CASE("the right-most untrusted address wins: a client cannot spoof its own", "[net][forwarded]") {
    // The client wrote "198.51.100.1"; nginx appended the address it saw, 203.0.113.7.
    CHECK(from("127.0.0.1", "198.51.100.1, 203.0.113.7").client == "203.0.113.7 via proxy 127.0.0.1");
    // Two of our proxies in a row are walked past.
    CHECK(from("127.0.0.1", "198.51.100.1,203.0.113.7 , 10.0.0.5").client ==
          "203.0.113.7 via proxy 127.0.0.1");
    // Garbage left of the client is the client's business: never parsed.
    CHECK(from("127.0.0.1", "not-an-address, 203.0.113.7").client == "203.0.113.7 via proxy 127.0.0.1");
    // Every address trusted: the left-most one.
    const ClientOrigin all = from("127.0.0.1", "10.0.0.5, 127.0.0.1");
    CHECK(all.client == "10.0.0.5 via proxy 127.0.0.1");
    CHECK(has(all.note, "left-most"));
    // Empty list elements are skipped (RFC 9110 §5.6.1.2).
    CHECK(from("127.0.0.1", ", 203.0.113.7,,").client == "203.0.113.7 via proxy 127.0.0.1");
}

TEST_CASE("a malformed X-Forwarded-For from a trusted proxy is ignored with a note", "[net][forwarded]") {
    for (const char* bad : {"203.0.113.7:4711", "unknown", "_hidden", "1.2.3", "[203.0.113.7]",
                            "2001:db8::7]", "203.0.113.7 198.51.100.1", "", " , ", "\x01\xff",
                            "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb"}) {
        INFO(bad);
        const ClientOrigin origin = from("127.0.0.1", bad);
        CHECK(origin.client == "127.0.0.1");
        CHECK(has(origin.note, "ignored"));
    }
    // The offending element is named, and a huge one is cut.
    const std::string huge(10000, 'x');
    const ClientOrigin origin = client_origin(ip("127.0.0.1"), &huge, proxies);
    CHECK(origin.client == "127.0.0.1");
    CHECK(origin.note.size() < 400);
}
