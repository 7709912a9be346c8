// tests/net/server_test.cpp: the real server on loopback, driven by raw bytes and real clients.
// Course topic: TCP connections and HTTP persistence, checked end to end.
// Each test starts its own server on a free port (port 0) and stops it itself.
#include <catch2/catch.hpp>

#include <memory>
#include <thread>
#include <vector>

#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::TestServer;
using namespace std::chrono_literals;

namespace {

std::string url(const TestServer& server, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(const_cast<TestServer&>(server).port()) + path;
}

} // namespace

TEST_CASE("GET /health answers 200 with JSON over raw bytes", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string reply = client.read_responses(1);
    CHECK(reply.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(reply.find("\r\nContent-Type: application/json\r\n") != std::string::npos);
    CHECK(reply.find("\r\nContent-Length: 15\r\n") != std::string::npos);
    CHECK(reply.find("\r\nDate: ") != std::string::npos);
    CHECK(reply.ends_with("\r\n\r\n{\"status\":\"ok\"}"));
}

TEST_CASE("pipelined requests are answered in order on one connection", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string reply = client.read_responses(3);
    CHECK(glassbox::test::status_codes(reply) == "200 404 200");
    CHECK(server.server().connections_accepted() == 1);
}

TEST_CASE("answers larger than the socket buffers reach a client that reads late", "[net][integration]") {
    // 40,000 pipelined requests: about 5 MB of answers, more than the kernel buffers hold
    // while the client does not read, so the server's first send is partial and the rest
    // must wait for the client.
    TestServer server;
    RawClient client(server.port());
    constexpr int count = 40000;
    std::thread sender([&client] {
        std::string batch;
        for (int i = 1; i <= count; ++i) {
            batch += i < count ? "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                               : "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            if (batch.size() > 64 * 1024 || i == count) {
                client.send(batch);
                batch.clear();
            }
        }
    });
    std::this_thread::sleep_for(300ms);
    const std::string replies = client.read_until_close(20s);
    sender.join();
    std::size_t ok = 0;
    for (std::size_t at = replies.find("HTTP/1.1 200 OK\r\n"); at != std::string::npos;
         at = replies.find("HTTP/1.1 200 OK\r\n", at + 1))
        ++ok;
    CHECK(ok == count);
    CHECK(replies.ends_with("{\"status\":\"ok\"}"));
}

TEST_CASE("a request split over many writes is served", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    for (char c : request) {
        client.send(std::string(1, c));
        std::this_thread::sleep_for(1ms);
    }
    CHECK(glassbox::test::status_codes(client.read_responses(1)) == "200");
}

TEST_CASE("nc: a 200 then a 404 on one connection", "[net][integration][nc]") {
    TestServer server;
    const auto result = run_command("printf 'GET /health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\nGET /nope "
                                    "HTTP/1.1\\r\\nHost: x\\r\\nConnection: "
                                    "close\\r\\n\\r\\n' | nc -N -w 5 127.0.0.1 " +
                                    std::to_string(server.port()));
    CHECK(glassbox::test::status_codes(result.output) == "200 404");
    CHECK(result.output.find("\"status\":404") != std::string::npos);
}

TEST_CASE("curl -i /health", "[net][integration][curl]") {
    TestServer server;
    const auto result = run_command("curl -s -i --max-time 10 " + url(server, "/health"));
    REQUIRE(result.exit_status == 0);
    CHECK(result.output.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(result.output.ends_with("{\"status\":\"ok\"}"));
}

TEST_CASE("curl --http1.0 gets an answer and a closed connection", "[net][integration][curl]") {
    TestServer server;
    const auto result = run_command("curl -s -i --http1.0 --max-time 10 " + url(server, "/health"));
    REQUIRE(result.exit_status == 0);
    CHECK(result.output.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(result.output.find("Connection: close\r\n") != std::string::npos);
}

TEST_CASE("curl -X DELETE /health is 405 with Allow", "[net][integration][curl]") {
    TestServer server;
    const auto result = run_command("curl -s -i -X DELETE --max-time 10 " + url(server, "/health"));
    REQUIRE(result.exit_status == 0);
    CHECK(result.output.starts_with("HTTP/1.1 405 Method Not Allowed\r\n"));
    CHECK(result.output.find("Allow: GET, HEAD, OPTIONS\r\n") != std::string::npos);
    CHECK(result.output.find("application/problem+json") != std::string::npos);
}

TEST_CASE("curl with Expect: 100-continue gets 100 Continue before sending the body",
          "[net][integration][curl]") {
    TestServer server;
    const std::string body_file = "/tmp/glassbox-expect-body-" + std::to_string(server.port());
    REQUIRE(run_command("head -c 2048 /dev/zero | tr '\\0' x > " + body_file).exit_status == 0);
    // --expect100-timeout 30: had the server not sent 100 Continue, curl would wait 30 s
    // and the command would hit its 10 s limit.
    // A PUT the server will read (loopback, no token): 2048 x's are no model file, so 422.
    const auto result = run_command("curl -sv --max-time 10 --expect100-timeout 30 -H 'Expect: 100-continue' "
                                    "-X PUT --data-binary @" +
                                    body_file + " " + url(server, "/models/x") + " 2>&1");
    std::remove(body_file.c_str());
    REQUIRE(result.exit_status == 0);
    CHECK(result.output.find("< HTTP/1.1 100 Continue") != std::string::npos);
    CHECK(result.output.find("< HTTP/1.1 422 ") != std::string::npos);
}

TEST_CASE("Python http.client keeps one connection for 100 requests", "[net][integration][python]") {
    TestServer server;
    const std::string script = "import http.client\n"
                               "c = http.client.HTTPConnection('127.0.0.1', " +
                               std::to_string(server.port()) +
                               ", timeout=10)\n"
                               "ok = 0\n"
                               "for i in range(100):\n"
                               "    c.request('GET', '/health')\n"
                               "    r = c.getresponse()\n"
                               "    ok += r.status == 200 and r.read() == b'{\"status\":\"ok\"}'\n"
                               "print(ok)\n";
    const auto result = run_command("/usr/bin/python3 -c \"$(cat <<'PY'\n" + script + "PY\n)\"");
    REQUIRE(result.exit_status == 0);
    CHECK(result.output == "100\n");
    CHECK(server.server().connections_accepted() == 1);
}

TEST_CASE("Content-Length with Transfer-Encoding is 400 and the connection closes", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                "0\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string reply = client.read_until_close();
    CHECK(glassbox::test::status_codes(reply) == "400");
    CHECK(reply.find("Connection: close\r\n") != std::string::npos);
    CHECK(client.closed_by_peer(0ms)); // closed, not merely quiet until the read gave up
}

TEST_CASE("a huge Content-Length is refused with 413 before any body arrives", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_until_close()) == "413");
}

TEST_CASE("HTTP/1.0 with Connection: keep-alive stays open", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    const std::string first = client.read_responses(1);
    CHECK(first.find("Connection: keep-alive\r\n") != std::string::npos);
    client.send("GET /health HTTP/1.0\r\n\r\n");
    const std::string second = client.read_until_close();
    CHECK(glassbox::test::status_codes(second) == "200");
    CHECK(server.server().connections_accepted() == 1);
}

TEST_CASE("HEAD gets the fields of GET and no body", "[net][integration]") {
    TestServer server;
    RawClient client(server.port());
    client.send("HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const std::string reply = client.read_until_close();
    CHECK(reply.find("Content-Length: 15\r\n") != std::string::npos);
    CHECK(reply.ends_with("\r\n\r\n"));
}

TEST_CASE("IPv6 loopback ::1 is served", "[net][integration][ipv6]") {
    glassbox::net::ServerOptions options;
    options.host = "::1";
    TestServer server(options);
    RawClient client(server.port(), "::1");
    client.send("GET /health HTTP/1.1\r\nHost: [::1]\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_responses(1)) == "200");
}

TEST_CASE("a client that never finishes its header section is closed (slowloris)",
          "[net][integration][timeout]") {
    glassbox::net::ServerOptions options;
    options.header_timeout = 300ms;
    TestServer server(options);
    RawClient client(server.port());
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n");
    // Trickling bytes does not extend the header deadline: a field line every 100 ms, a third
    // of the timeout, for up to 3 s. A deadline renewed by each read would never fire while
    // the trickle goes on; the header deadline closes the connection in the middle of it.
    bool closed = false;
    for (int i = 0; i < 30 && !closed; ++i) {
        closed = client.closed_by_peer(100ms);
        if (!closed) client.send("X-Slow: 1\r\n");
    }
    CHECK(closed);
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout", "[net][integration][timeout]") {
    glassbox::net::ServerOptions options;
    options.idle_timeout = 300ms;
    TestServer server(options);
    RawClient client(server.port());
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_responses(1)) == "200");
    CHECK(client.closed_by_peer(5s));
}

TEST_CASE("past max_connections a client gets 503", "[net][integration]") {
    glassbox::net::ServerOptions options;
    options.max_connections = 2;
    TestServer server(options);
    RawClient first(server.port());
    RawClient second(server.port());
    first.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    second.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(glassbox::test::status_codes(first.read_responses(1)) == "200");
    REQUIRE(glassbox::test::status_codes(second.read_responses(1)) == "200");
    RawClient third(server.port());
    CHECK(glassbox::test::status_codes(third.read_until_close()) == "503");
}

TEST_CASE("an answer waiting for its round still goes out when the server stops meanwhile",
          "[net][integration][shutdown]") {
    // The handler stops the server: the stop's "close idle connections" is queued on this
    // thread before the answer's turn to be written (Connection::turn_for), so the
    // connection looks idle while its answer waits. The answer must still arrive.
    glassbox::net::Server* self = nullptr;
    glassbox::net::ServerOptions options;
    options.port = 0;
    options.threads = 1;
    glassbox::net::Server server(options, [&self](const glassbox::http::Request&, glassbox::trace::Trace&) {
        self->stop();
        return glassbox::http::Response(glassbox::http::Status::ok, "text/plain", "stopping\n");
    });
    self = &server;
    std::thread thread([&server] { server.run(); });
    RawClient client(server.local_endpoint().port());
    client.send("GET /stop HTTP/1.1\r\nHost: x\r\n\r\n");
    const std::string reply = client.read_responses(1);
    CHECK(reply.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(reply.find("\r\nConnection: close\r\n") != std::string::npos);
    CHECK(reply.ends_with("\r\n\r\nstopping\n"));
    CHECK(client.closed_by_peer(std::chrono::seconds(2)));
    thread.join();
}

TEST_CASE("1000 silent connections do not delay a fresh curl", "[net][integration][curl]") {
    TestServer server;
    std::vector<std::unique_ptr<RawClient>> silent;
    for (int i = 0; i < 1000; ++i) silent.push_back(std::make_unique<RawClient>(server.port()));
    const auto result =
        run_command("curl -s -o /dev/null -w '%{http_code}' --max-time 3 " + url(server, "/health"));
    CHECK(result.output == "200");
    CHECK(server.server().open_connections() >= 1000);
}
