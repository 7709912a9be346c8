// tests/trace/keep_alive_trace_test.cpp: the trace says the connection stays open only when
// it does (issue 15). The request line's version is read before any field, so it cannot know;
// the line after the status line says what the server does, and why.
// Run: ./glassbox_tests '[trace][keep-alive]'
#include <catch2/catch.hpp>

#include <string>

#include "support/text.hpp"
#include "support/traced_exchange.hpp"

using glassbox::test::has;
using glassbox::test::TraceFile;

namespace {

/// The trace of one exchange of `request` with a real server (on loopback).
std::string exchange(const std::string& request) {
    TraceFile out;
    CHECK(glassbox::test::traced_exchange(out, request) == "200");
    return out.text();
}

} // namespace

TEST_CASE("keep-alive: 'stays open' only when the connection does", "[trace][keep-alive]") {
    SECTION("HTTP/1.1 without Connection: close stays open") {
        const std::string text = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        INFO(text);
        CHECK(has(text, "HTTP    version HTTP/1.1: a connection carries many requests unless either side "
                        "sends Connection: close (RFC 9112 §9.3)\n"));
        CHECK(has(text, "HTTP  the connection stays open for the next request (HTTP/1.1's default)\n"));
    }
    SECTION("Connection: close in the request") {
        const std::string text = exchange("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        INFO(text);
        CHECK_FALSE(has(text, "stays open"));
        CHECK(
            has(text, "HTTP  the connection closes after this answer: the request said Connection: close\n"));
        CHECK(has(text, "closed by the server (Connection: close) after 1 request"));
    }
    SECTION("HTTP/1.0 without keep-alive") {
        const std::string text = exchange("GET /health HTTP/1.0\r\n\r\n");
        INFO(text);
        CHECK_FALSE(has(text, "stays open"));
        CHECK(has(text, "HTTP    version HTTP/1.0: one exchange per connection unless the client sends "
                        "Connection: keep-alive\n"));
        CHECK(has(text, "HTTP  the connection closes after this answer: HTTP/1.0 without Connection: "
                        "keep-alive\n"));
    }
    SECTION("HTTP/1.0 with keep-alive") {
        const std::string text = exchange("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        INFO(text);
        CHECK(has(text, "HTTP  the connection stays open for the next request (Connection: keep-alive)\n"));
    }
}
