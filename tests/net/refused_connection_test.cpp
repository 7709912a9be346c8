// tests/net/refused_connection_test.cpp: 503 past --max-connections (issue 15).
// The client past the limit gets a problem+json answer with Date and Retry-After, written like
// every other answer, and the trace says it was refused and why.
#include <catch2/catch.hpp>

#include <thread>

#include "support/quick_options.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/trace_file.hpp"

using glassbox::test::has;
using glassbox::test::quick_options;
using glassbox::test::RawClient;
using glassbox::test::TestServer;
using glassbox::test::TraceFile;
using namespace std::chrono_literals;
namespace net = glassbox::net;

TEST_CASE("past --max-connections a client gets a 503 problem with Date and Retry-After, traced",
          "[net][status]") {
    TraceFile trace;
    net::ServerOptions options = quick_options();
    options.max_connections = 1;
    options.trace = &trace.sink;
    TestServer server(options);
    RawClient first(server.port());
    first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(glassbox::test::status_codes(first.read_responses(1)) == "200");
    RawClient second(server.port());
    const std::string reply = second.read_until_close(3s);
    INFO(reply);
    CHECK(reply.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
    CHECK(has(reply, "Content-Type: application/problem+json\r\n"));
    CHECK(has(reply, "\r\nDate: "));
    CHECK(has(reply, "\r\nRetry-After: 1\r\n"));
    CHECK(has(reply, "Connection: close\r\n"));
    CHECK(has(reply, "\"status\":503"));
    CHECK(has(reply, "--max-connections"));
    CHECK(trace.says("refused: 1 connection is open, as many as --max-connections allows"));
    CHECK(trace.says("HTTP  status line: HTTP/1.1 503 Service Unavailable"));
}
