// tests/net/http2_preface_test.cpp: an HTTP/2 client that assumes HTTP/2 (issue 15).
// `curl --http2-prior-knowledge` opens with the HTTP/2 connection preface (RFC 9113 §3.4),
// whose first line reads like a request line: "PRI * HTTP/2.0". The server names it and says,
// in one sentence, that it speaks HTTP/1.1 (505), instead of a 400 about the request target.
#include <catch2/catch.hpp>

#include "http/error.hpp"
#include "http/request_parser.hpp"
#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/text.hpp"
#include "support/traced_server.hpp"

using glassbox::test::RawClient;
using glassbox::test::TestServer;
using glassbox::test::TracedServer;
using namespace std::chrono_literals;
using glassbox::test::has;
namespace http = glassbox::http;

namespace {

/// The 24 bytes every HTTP/2 connection starts with (RFC 9113 §3.4).
constexpr std::string_view http2_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// True when curl was built with HTTP/2; else says the test is skipped, in one line.
bool curl_has_http2() {
    if (has(glassbox::test::run_command("curl --version").output, "HTTP2")) return true;
    WARN("skipped: this curl has no HTTP/2 support (curl --version lists no HTTP2 feature)");
    return false;
}

} // namespace

TEST_CASE("the parser names the HTTP/2 connection preface", "[http][parser][status]") {
    http::RequestParser parser;
    const http::ParseResult result = parser.feed(http2_preface);
    REQUIRE(result.status == http::ParseStatus::error);
    CHECK(parser.error() == http::ParseError::http2_preface);
    CHECK(http::status_for(parser.error()) == http::Status::http_version_not_supported);
    CHECK(has(parser.error().message(), "HTTP/1.1"));
}

TEST_CASE("the HTTP/2 preface over raw bytes gets one sentence: HTTP/1.1 only", "[net][status]") {
    TestServer server;
    RawClient client(server.port());
    client.send(http2_preface);
    const std::string reply = client.read_until_close(3s);
    INFO(reply);
    CHECK(reply.starts_with("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
    CHECK(has(reply, "Content-Type: application/problem+json\r\n"));
    CHECK(has(reply, "HTTP/2"));
    CHECK(has(reply, "speaks HTTP/1.1"));
    CHECK_FALSE(has(reply, "request target"));
}

TEST_CASE("curl --http2-prior-knowledge is told the server speaks HTTP/1.1", "[net][status][curl]") {
    if (!curl_has_http2()) return;
    TracedServer s;
    // curl waits for HTTP/2 frames and cannot read an HTTP/1.1 answer: it fails, at once.
    const auto result = glassbox::test::run_command("curl -s -S --http2-prior-knowledge --max-time 5 " +
                                                    s.url("/health") + " 2>&1");
    INFO(result.output);
    CHECK(result.exit_status != 0);
    CHECK(s.trace.says("HTTP  status line: HTTP/1.1 505 HTTP Version Not Supported"));
    CHECK(s.trace.says("HTTP/2 connection preface"));
}

TEST_CASE("a request line with HTTP/2.0 or HTTP/3.0 is told those versions are binary",
          "[net][status][http2]") {
    TestServer server;
    for (const std::string_view version : {"HTTP/2.0", "HTTP/3.0"}) {
        RawClient client(server.port());
        client.send("GET /health " + std::string(version) + "\r\nHost: x\r\n\r\n");
        const std::string reply = client.read_until_close(3s);
        INFO(reply);
        CHECK(reply.starts_with("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
        CHECK(has(reply, "This server speaks only HTTP/1.0 and HTTP/1.1. HTTP/2 (RFC 9113) and HTTP/3 "
                         "(RFC 9114) exist, but they send binary frames, never a text request line such as "
                         "this one."));
    }
}

TEST_CASE("curl --http2 asks to upgrade to h2c and is answered in HTTP/1.1", "[net][curl][http2]") {
    if (!curl_has_http2()) return;
    TracedServer s;
    // Over http:// curl --http2 sends "Upgrade: h2c" (RFC 7540 §3.2) and, given no
    // "101 Switching Protocols", reads the HTTP/1.1 answer as it is.
    const auto result = glassbox::test::run_command("curl -s -v --noproxy '*' --http2 --max-time 5 " +
                                                    s.url("/health") + " 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(has(result.output, "> Upgrade: h2c"));
    CHECK(has(result.output, "< HTTP/1.1 200 OK"));
    CHECK(has(result.output, "{\"status\":\"ok\"}"));
    CHECK(s.trace.says("field Upgrade: h2c  (asks to switch this connection to HTTP/2 without TLS, a way "
                       "RFC 9113 §3.1 deprecates; this server stays on HTTP/1.1: no 101 Switching Protocols, "
                       "the answer comes in HTTP/1.1)"));
    CHECK(s.trace.says("field HTTP2-Settings: "));
    CHECK(s.trace.says("(the HTTP/2 settings that go with Upgrade: h2c, RFC 7540 §3.2.1; ignored with it)"));
    CHECK(s.trace.says("field Connection: Upgrade, HTTP2-Settings  (the options of this connection only"));
}
