// tests/net/drain_test.cpp: liveness, readiness and a draining SIGTERM (issue 18, item 2).
// Course topic: deploying behind a load balancer or an orchestrator: "am I alive?" and "may I
// get traffic?" are two questions, and a stop begins by answering the second with no.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/text.hpp"

using glassbox::test::RawClient;
using glassbox::test::ServerProcess;
using glassbox::test::TestServer;
using namespace std::chrono_literals;
using glassbox::test::has;

namespace {

/// One GET on a connection of its own; the whole answer.
std::string get(std::uint16_t port, std::string_view path) {
    RawClient client(port);
    client.send("GET " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return client.read_until_close(3s);
}

} // namespace

TEST_CASE("/health/live answers while the process does, /health/ready wants a model", "[api][health]") {
    TestServer server;
    CHECK(get(server.port(), "/health/live").starts_with("HTTP/1.1 200 OK\r\n"));
    const std::string empty = get(server.port(), "/health/ready");
    INFO(empty);
    CHECK(empty.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
    CHECK(has(empty, "/problems/not-ready"));
    CHECK(has(empty, "No model is loaded"));
    glassbox::model::Diagnostic d;
    server.service().load("iris", glassbox::test::source_dir() + "/model.bin", d);
    REQUIRE_FALSE(d);
    const std::string ready = get(server.port(), "/health/ready");
    CHECK(ready.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(has(ready, R"({"status":"ready","models":1})"));
}

TEST_CASE("SIGTERM with --drain-seconds: not ready at once, still serving, then exit 0",
          "[cli][serve][drain]") {
    ServerProcess server({"--drain-seconds", "2"});
    RawClient kept(server.port()); // a kept-alive connection, as a proxy holds one
    kept.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(has(kept.read_responses(1, 3s), "HTTP/1.1 200 OK\r\n"));
    CHECK(get(server.port(), "/health/ready").starts_with("HTTP/1.1 200 OK\r\n"));
    const auto sent = std::chrono::steady_clock::now();
    ::kill(server.pid(), SIGTERM);
    std::this_thread::sleep_for(300ms);
    // Draining: readiness says no, with a reason; liveness and predictions still answer.
    const std::string ready = get(server.port(), "/health/ready");
    INFO(ready);
    CHECK(ready.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
    CHECK(has(ready, "shutting down"));
    CHECK(get(server.port(), "/health/live").starts_with("HTTP/1.1 200 OK\r\n"));
    // The kept-alive connection gets its answer, and with it Connection: close.
    kept.send("GET /models/iris HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string last = kept.read_until_close(3s);
    CHECK(last.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(has(last, "\r\nConnection: close\r\n"));
    CHECK(has(server.stderr_text(), "SIGTERM: not ready"));
    // Then it stops by itself, about 2 s after the signal, with exit status 0.
    const int status = server.stop(0, 10s); // signal 0: only wait
    const auto took = std::chrono::steady_clock::now() - sent;
    CHECK(status == 0);
    CHECK(took >= 1500ms);
}
