// tests/trace/wire_boundaries_test.cpp: the wire view of pipelined messages (issue 15).
// Each request and each answer starts a line of its own, even when a body without a final
// newline runs straight into the next message; every line carries its offset in the
// connection and in its own message, and the rejection line uses the same two numbers.
// Run: ./glassbox_tests '[trace][wire]'
#include <catch2/catch.hpp>

#include <string>

#include "support/raw_client.hpp"
#include "support/service_calls.hpp"
#include "support/test_server.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"
#include "trace/wire.hpp"

using glassbox::test::has;
using glassbox::test::TraceFile;
namespace trace = glassbox::trace;

namespace {

/// The whole line of `text` that holds `part` (without its newline), or "".
std::string line_with(const std::string& text, const std::string& part) {
    const std::size_t at = text.find(part);
    if (at == std::string::npos) return "";
    const std::size_t begin = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
    return text.substr(begin, text.find('\n', at) - begin);
}

} // namespace

TEST_CASE("wire view: each line shows its connection offset and its message offset", "[trace][wire]") {
    CHECK(trace::wire_view(3, "<-", "GET / HTTP/1.1\r\nHost: x\r\n", {56, 2, 0}) ==
          "#3 WIRE  <- off=56     (request 2, byte 0)   GET / HTTP/1.1\\r\\n\n"
          "#3 WIRE  <- off=72     (request 2, byte 16)  Host: x\\r\\n\n");
    CHECK(trace::wire_view(1, "->", "HTTP/1.1 200 OK\r\n", {1234, 12, 0}) ==
          "#1 WIRE  -> off=1234   (answer 12, byte 0)   HTTP/1.1 200 OK\\r\\n\n");
}

TEST_CASE("pipelined requests and answers each start a wire line of their own", "[trace][wire][net]") {
    TraceFile out(true);
    glassbox::net::ServerOptions options;
    options.trace = &out.sink;
    glassbox::test::TestServer server(options);
    glassbox::model::Diagnostic d;
    server.service().load("iris", glassbox::test::model_path(), d);
    REQUIRE_FALSE(d);
    const std::string body = R"({"features":[[5.1,3.5,1.4,0.2]]})"; // no newline at its end
    const std::string first =
        "POST /models/iris/predictions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    glassbox::test::RawClient client(server.port());
    client.send(first + body + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_responses(2)) == "200 200");
    REQUIRE(out.says("status line: HTTP/1.1 200 OK", std::chrono::seconds(2)));
    REQUIRE(out.says("WIRE  -> ", std::chrono::seconds(2)));
    const std::string text = out.text();
    INFO(text);
    const std::string at = std::to_string(first.size());
    const std::string next = std::to_string(first.size() + body.size());
    // The body ends its line: the next request starts one of its own.
    const std::string body_line = line_with(text, ") " + body);
    CHECK(body_line.ends_with(") " + body));
    CHECK(has(body_line, "WIRE  <- off=" + at + " "));
    CHECK(has(body_line, " (request 1, byte " + at + ") "));
    const std::string next_line = line_with(text, "  GET /health HTTP/1.1");
    CHECK(has(next_line, "WIRE  <- off=" + next + " "));
    CHECK(has(next_line, " (request 2, byte 0) "));
    // Both answers go out in one write; the second still starts a line of its own.
    CHECK(line_with(text, "(answer 1, byte 0) ").ends_with(" HTTP/1.1 200 OK\\r\\n"));
    CHECK(line_with(text, "(answer 2, byte 0) ").ends_with(" HTTP/1.1 200 OK\\r\\n"));
}

TEST_CASE("a rejection names the same byte as the wire view", "[trace][wire][net]") {
    TraceFile out(true);
    glassbox::net::ServerOptions options;
    options.trace = &out.sink;
    glassbox::test::TestServer server(options);
    glassbox::test::RawClient client(server.port());
    // 33 bytes of a good request, then a fragment at byte 11 of the second: byte 44 of the connection.
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health#x HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(glassbox::test::status_codes(client.read_until_close()) == "200 400");
    REQUIRE(out.says("closed by the server (after a bad request)", std::chrono::seconds(5)));
    const std::string text = out.text();
    INFO(text);
    CHECK(
        has(text, "HTTP  rejected at byte 44 of the connection (byte 11 of request 2): The request target"));
    CHECK(has(text, "WIRE  <- off=33     (request 2, byte 0)   GET /health#x HTTP/1.1\\r\\n\n"));
}
