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
#include "support/trace_file.hpp"

using glassbox::test::RawClient;
using glassbox::test::TestServer;
using glassbox::test::TraceFile;
using namespace std::chrono_literals;
namespace http = glassbox::http;

namespace {

/// The 24 bytes every HTTP/2 connection starts with (RFC 9113 §3.4).
constexpr std::string_view http2_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

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
    const auto version = glassbox::test::run_command("curl --version");
    if (!has(version.output, "HTTP2")) {
        WARN("skipped: this curl has no HTTP/2 support (curl --version lists no HTTP2 feature)");
        return;
    }
    TraceFile trace;
    glassbox::net::ServerOptions options;
    options.trace = &trace.sink;
    TestServer server(options);
    // curl waits for HTTP/2 frames and cannot read an HTTP/1.1 answer: it fails, at once.
    const auto result = glassbox::test::run_command(
        "curl -s -S --http2-prior-knowledge --max-time 5 http://127.0.0.1:" + std::to_string(server.port()) +
        "/health 2>&1");
    INFO(result.output);
    CHECK(result.exit_status != 0);
    CHECK(trace.says("HTTP  status line: HTTP/1.1 505 HTTP Version Not Supported"));
    CHECK(trace.says("HTTP/2 connection preface"));
}
