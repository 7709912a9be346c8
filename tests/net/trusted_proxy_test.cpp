// tests/net/trusted_proxy_test.cpp: --trusted-proxy over real connections (issue 18, item 1).
// Two peers on one machine: 127.0.0.1 (the trusted proxy) and 127.0.0.2 (anyone else), each a
// raw socket bound to its loopback address; the access log and the trace are read back from
// the real `glassbox serve`'s stderr.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/text.hpp"

using glassbox::test::RawClient;
using glassbox::test::ServerProcess;
using namespace std::chrono_literals;
using glassbox::test::has;

namespace {

/// One GET /health from `source` with `fields` in its header section (and `trailer` after a
/// chunked body when given); the whole answer.
std::string send_from(std::uint16_t port, const std::string& source, const std::string& fields,
                      const std::string& trailer = "") {
    RawClient client(port, "127.0.0.1", source);
    if (trailer.empty()) {
        client.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + "\r\n");
    } else {
        client.send("POST /models/iris/predictions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields +
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "1a\r\n{\"features\": [1, 2, 3, 4]}\r\n0\r\n" +
                    trailer + "\r\n\r\n");
    }
    return client.read_until_close(3s);
}

/// Waits (bounded) until the server's stderr holds `wanted`; returns all of it.
std::string wait_for(ServerProcess& server, std::string_view wanted) {
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text = server.stderr_text();
        if (has(text, wanted)) break;
        std::this_thread::sleep_for(20ms);
    }
    return text;
}

} // namespace

TEST_CASE("the access log names the client beside a trusted proxy, and only then",
          "[net][forwarded][serve]") {
    ServerProcess server({"--trusted-proxy", "127.0.0.1"});
    // From the trusted proxy: believed, the right-most untrusted address.
    CHECK(send_from(server.port(), "127.0.0.1", "X-Forwarded-For: 198.51.100.1, 203.0.113.7\r\n")
              .starts_with("HTTP/1.1 200 OK"));
    std::string log = wait_for(server, "203.0.113.7 via proxy 127.0.0.1 GET /health 200 ");
    INFO(log);
    CHECK(has(log, "203.0.113.7 via proxy 127.0.0.1 GET /health 200 "));
    // From 127.0.0.2, not trusted: the same field is ignored.
    CHECK(send_from(server.port(), "127.0.0.2", "X-Forwarded-For: 203.0.113.99\r\n")
              .starts_with("HTTP/1.1 200 OK"));
    log = wait_for(server, "127.0.0.2 GET /health 200 ");
    CHECK(has(log, "127.0.0.2 GET /health 200 "));
    CHECK_FALSE(has(log, "203.0.113.99"));
    // Malformed from the trusted proxy: ignored, never a 500.
    CHECK(send_from(server.port(), "127.0.0.1", "X-Forwarded-For: 203.0.113.7:4711\r\n")
              .starts_with("HTTP/1.1 200 OK"));
    // Two field lines make one list (RFC 9110 §5.3).
    CHECK(
        send_from(server.port(), "127.0.0.1", "X-Forwarded-For: 203.0.113.8\r\nX-Forwarded-For: 10.9.9.9\r\n")
            .starts_with("HTTP/1.1 200 OK"));
    log = wait_for(server, "10.9.9.9 via proxy 127.0.0.1 GET /health 200 ");
    CHECK(has(log, "10.9.9.9 via proxy 127.0.0.1 GET /health 200 "));
    CHECK(has(log, "\n127.0.0.1 GET /health 200 ")); // the malformed one, logged as the proxy
}

TEST_CASE("the trace says whether X-Forwarded-For was believed, and why", "[net][forwarded][serve]") {
    ServerProcess server({"--trace", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1"});
    send_from(server.port(), "127.0.0.1", "X-Forwarded-For: 203.0.113.7\r\n");
    std::string trace = wait_for(server, "client 203.0.113.7 via proxy 127.0.0.1");
    INFO(trace);
    CHECK(has(trace, "client 203.0.113.7 via proxy 127.0.0.1: the right-most address of X-Forwarded-For"));
    send_from(server.port(), "127.0.0.2", "X-Forwarded-For: 203.0.113.7\r\n");
    trace = wait_for(server, "ignored: the peer 127.0.0.2 is not a --trusted-proxy");
    CHECK(has(trace, "ignored: the peer 127.0.0.2 is not a --trusted-proxy"));
    const std::string answer = send_from(server.port(), "127.0.0.1", "X-Forwarded-For: bogus\r\n");
    CHECK(answer.starts_with("HTTP/1.1 200 OK"));
    trace = wait_for(server, "'bogus' is not an IP address");
    CHECK(has(trace, "'bogus' is not an IP address"));
}

TEST_CASE("X-Forwarded-For in a trailer is never believed", "[net][forwarded][serve]") {
    ServerProcess server({"--trusted-proxy", "127.0.0.1"});
    const std::string answer = send_from(server.port(), "127.0.0.1", "", "X-Forwarded-For: 203.0.113.7");
    INFO(answer);
    CHECK(answer.starts_with("HTTP/1.1 200 OK"));
    const std::string log = wait_for(server, "127.0.0.1 POST /models/iris/predictions 200 ");
    CHECK(has(log, "127.0.0.1 POST /models/iris/predictions 200 "));
    CHECK_FALSE(has(log, "203.0.113.7"));
}

TEST_CASE("serve refuses a --trusted-proxy that is not an IP address", "[net][forwarded][serve][cli]") {
    const auto result = glassbox::test::run_command(glassbox::test::glassbox_binary() +
                                                    " serve --trusted-proxy proxy.example 2>&1");
    CHECK(result.exit_status == 2);
    CHECK(has(result.output, "'proxy.example' is not a valid value for --trusted-proxy"));
}
