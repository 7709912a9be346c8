// tests/net/serve_command_test.cpp: the `glassbox serve` command as a user runs it.
// Starts the built binary on port 0, talks to it, and stops it with a signal.
#include <catch2/catch.hpp>

#include <csignal>
#include <thread>

#include "support/process.hpp"
#include "support/raw_client.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::ServerProcess;
using namespace std::chrono_literals;

TEST_CASE("glassbox serve --help tells the options", "[cli][serve]") {
    const auto result = run_command(glassbox::test::glassbox_binary() + " serve --help");
    CHECK(result.exit_status == 0);
    for (const char* option : {"--host", "--port", "--threads", "--trace", "--max-connections",
                               "--idle-timeout", "--header-timeout", "--max-body"}) {
        CHECK(result.output.find(option) != std::string::npos);
    }
}

TEST_CASE("glassbox serve rejects a bad option with exit status 2", "[cli][serve]") {
    const auto result = run_command(glassbox::test::glassbox_binary() + " serve --port 70000 2>&1");
    CHECK(result.exit_status == 2);
    CHECK(result.output.find("'70000' is not a valid value for --port") != std::string::npos);
}

TEST_CASE("SIGTERM stops serve gracefully: in-flight requests finish, exit 0", "[cli][serve][shutdown]") {
    ServerProcess server;
    RawClient idle(server.port());
    RawClient busy(server.port());
    busy.send("GET /health HTTP/1.1\r\nHost: x\r\n"); // head not finished yet
    std::this_thread::sleep_for(100ms);
    ::kill(server.pid(), SIGTERM);
    std::this_thread::sleep_for(100ms);
    busy.send("\r\n");
    const std::string reply = busy.read_until_close();
    CHECK(glassbox::test::status_codes(reply) == "200");
    CHECK(reply.find("Connection: close\r\n") != std::string::npos);
    CHECK(idle.closed_by_peer(5s));
    CHECK(server.stop(0) == 0); // signal 0: only wait for the exit already under way
}

TEST_CASE("serve --trace prints IP, TCP and HTTP lines for an exchange", "[cli][serve][trace]") {
    ServerProcess server({"--trace"});
    {
        RawClient client(server.port());
        client.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        client.read_until_close();
    }
    std::this_thread::sleep_for(100ms);
    const std::string trace = server.stderr_text();
    CHECK(trace.find("IP    peer 127.0.0.1") != std::string::npos);
    CHECK(trace.find("TCP   accepted a connection") != std::string::npos);
    CHECK(trace.find("HTTP  request line: method=GET target=/health version=HTTP/1.1") != std::string::npos);
    CHECK(trace.find("REST  route GET /health matched") != std::string::npos);
    CHECK(trace.find("HTTP  status line: HTTP/1.1 200 OK (2xx successful)") != std::string::npos);
    CHECK(trace.find("TCP   closed by the server (Connection: close) after 1 request") != std::string::npos);
}
