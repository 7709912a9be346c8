// tests/net/handler_fault_test.cpp: a handler that throws is a traced 500, and nothing more.
// Course topic: 5xx means "the server failed", not "the request was wrong" (RFC 9110 §15.6.1).
// A test server whose /boom handler throws shows it for real with curl -i; the connection and
// the server go on serving (issue 15).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <thread>

#include "net/server.hpp"
#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"

using glassbox::test::RawClient;
using glassbox::test::TraceFile;
using namespace std::chrono_literals;
using glassbox::test::has;
namespace http = glassbox::http;
namespace net = glassbox::net;

namespace {

/// A server on a free loopback port whose handler throws for /boom and answers 200 otherwise.
struct ThrowingServer {
    net::Server server;
    std::thread thread;
    explicit ThrowingServer(net::ServerOptions options)
        : server(with_free_port(std::move(options)),
                 [](const http::Request& request, glassbox::trace::Trace&) {
                     if (request.target == "/boom")
                         throw std::runtime_error("the test handler's deliberate fault");
                     return http::Response(http::Status::ok, "text/plain", "fine\n");
                 }) {
        thread = std::thread([this] { server.run(); });
    }
    ~ThrowingServer() {
        server.stop();
        thread.join();
    }
    static net::ServerOptions with_free_port(net::ServerOptions options) {
        options.port = 0;
        options.threads = 1;
        return options;
    }
    std::string url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(server.local_endpoint().port()) + std::string(path);
    }
};

} // namespace

TEST_CASE("a throwing handler is a 500 problem, traced, and the connection goes on", "[net][status][500]") {
    TraceFile trace;
    net::ServerOptions options;
    options.trace = &trace.sink;
    ThrowingServer s(options);
    RawClient client(s.server.local_endpoint().port());
    client.send(
        "GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /fine HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string reply = client.read_until_close(3s);
    INFO(reply);
    CHECK(reply.starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
    CHECK(has(reply, "Content-Type: application/problem+json\r\n"));
    CHECK(has(reply, "\"status\":500"));
    CHECK_FALSE(has(reply, "deliberate")); // the client is not told the server's internals
    // The same connection answers the next request: one failed request, nothing more.
    CHECK(has(reply, "HTTP/1.1 200 OK\r\n"));
    CHECK(has(reply, "fine\n"));
    CHECK(trace.says("HTTP  status line: HTTP/1.1 500 Internal Server Error"));
    CHECK(trace.says("the test handler's deliberate fault")); // the operator is
}

TEST_CASE("curl -i shows the 500 of a throwing handler", "[net][status][500][curl]") {
    ThrowingServer s({});
    const auto boom = glassbox::test::run_command("curl -s -i --max-time 5 " + s.url("/boom"));
    INFO(boom.output);
    CHECK(boom.exit_status == 0);
    CHECK(boom.output.starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
    CHECK(has(boom.output, "our bug"));
    const auto fine = glassbox::test::run_command("curl -s -i --max-time 5 " + s.url("/fine"));
    CHECK(fine.output.starts_with("HTTP/1.1 200 OK\r\n"));
}
