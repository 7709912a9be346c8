// tests/api/echo_test.cpp: /echo answers with the request as the parser understood it (issue 17).
// Raw bytes over loopback for what curl never sends (chunked with a trailer, HTTP/1.0,
// odd whitespace), and curl for what a learner compares (-d, --json, -F, Expect).
// Course topic: HTTP message anatomy, seen from the server's side (httpbin's /anything, and more).
// Run: ./glassbox_tests '[echo]'
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/service_calls.hpp"
#include "support/test_engine.hpp"
#include "support/test_server.hpp"
#include "support/traced_server.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::TestServer;
using glassbox::test::TracedServer;
using json = nlohmann::json;
using namespace std::chrono_literals;
namespace http = glassbox::http;

namespace {

/// The JSON body of the single response in `reply` (head, blank line, body).
json body_of(const std::string& reply) {
    const auto blank = reply.find("\r\n\r\n");
    REQUIRE(blank != std::string::npos);
    return json::parse(reply.substr(blank + 4));
}

/// True when the JSON array `list` holds the string `item`.
bool has(const json& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

/// Sends `request` on a fresh connection and reads until the server closes it.
std::string exchange(const TestServer& server, std::string_view request) {
    RawClient client(server.port());
    client.send(request);
    client.shutdown_send();
    return client.read_until_close(3s);
}

} // namespace

TEST_CASE("/echo shows the request line, the target's parts and each field in order", "[api][echo]") {
    glassbox::api::Service service(glassbox::test::with_test_engine());
    const auto r = glassbox::test::call(service, http::Method::get, "/echo?b=2&a=x%20y", "",
                                        {{"Host", "localhost"}, {"X-One", "1"}, {"x-one", "2"}});
    REQUIRE(r.status == http::Status::ok);
    CHECK(*r.fields.find("Content-Type") == "application/json");
    const json e = json::parse(r.body);
    CHECK(e["method"] == "GET");
    CHECK(e["target"]["as_sent"] == "/echo?b=2&a=x%20y");
    CHECK(e["target"]["form"] == "origin-form");
    CHECK(e["target"]["path"] == "/echo");
    CHECK(e["target"]["query"] == "b=2&a=x%20y");
    CHECK(e["target"]["query_pairs"] == json::array({"b=2", "a=x y"}));
    CHECK(e["version"] == "HTTP/1.1");
    CHECK(e["fields"] == json::array({"Host: localhost", "X-One: 1", "x-one: 2"}));
    CHECK(e["body"]["framing"] == "none");
    CHECK(e["body"]["length"] == 0);
    CHECK(e["connection"]["keep_alive"] == true);
}

TEST_CASE("/echo takes GET, POST, PUT, DELETE and PATCH, with any body", "[api][echo]") {
    glassbox::api::Service service(glassbox::test::with_test_engine());
    for (const auto method : {http::Method::get, http::Method::post, http::Method::put, http::Method::delete_,
                              http::Method::patch}) {
        CAPTURE(http::method_token(method));
        const auto r = glassbox::test::call(service, method, "/echo", "a\r\nb\x01\xff");
        CHECK(r.status == http::Status::ok);
        const json e = json::parse(r.body);
        CHECK(e["method"] == http::method_token(method));
        CHECK(e["body"]["length"] == 6);
        CHECK(e["body"]["first_bytes"] == "a\\r\\nb\\x01\\xff");
    }
}

TEST_CASE("/echo over raw bytes: chunked body, trailer apart, HTTP/1.0", "[api][echo][net]") {
    TestServer server;
    const std::string chunked = exchange(server, "POST http://example.com/echo HTTP/1.1\r\nHost: x\r\n"
                                                 "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                                                 "3\r\nabc\r\n2;note=yes\r\nde\r\n0\r\nChecksum: 42\r\n\r\n");
    INFO(chunked);
    REQUIRE(chunked.starts_with("HTTP/1.1 200 OK\r\n"));
    const json e = body_of(chunked);
    CHECK(e["target"]["form"] == "absolute-form");
    CHECK(e["target"]["scheme"] == "http");
    CHECK(e["target"]["authority"] == "example.com");
    CHECK(e["target"]["path"] == "/echo");
    CHECK(e["body"]["framing"] == "chunked");
    CHECK(e["body"]["length"] == 5);
    CHECK(e["body"]["first_bytes"] == "abcde");
    CHECK(e["trailers"] == json::array({"Checksum: 42"}));
    CHECK(e["fields"].size() == 3); // the trailer is not among them
    CHECK(e["connection"]["keep_alive"] == false);
    CHECK(e["connection"]["why"] == "the request said Connection: close");

    const std::string old = exchange(server, "PUT /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi");
    INFO(old);
    REQUIRE(old.starts_with("HTTP/1.1 200 OK\r\n"));
    const json o = body_of(old);
    CHECK(o["version"] == "HTTP/1.0");
    CHECK(o["body"]["framing"] == "content-length");
    CHECK(o["body"]["framing_why"] == "Content-Length: 2, and no Transfer-Encoding (RFC 9112 §6.3)");
    CHECK(o["connection"]["keep_alive"] == false);
    CHECK(o["connection"]["why"] == "HTTP/1.0 without Connection: keep-alive");
}

TEST_CASE("/echo bounds the body it shows and hides credentials", "[api][echo]") {
    glassbox::api::Service service(glassbox::test::with_test_engine());
    const auto r = glassbox::test::call(service, http::Method::post, "/echo", std::string(5000, 'z'),
                                        {{"Authorization", "Bearer secret-token"}});
    const json e = json::parse(r.body);
    CHECK(e["body"]["length"] == 5000);
    CHECK(e["body"]["first_bytes"] == std::string(256, 'z'));
    CHECK(e["body"]["shown"] == 256);
    CHECK(e["fields"][0] == "Authorization: Bearer ****** (12 bytes)");
    CHECK(r.body.find("secret") == std::string::npos);
}

TEST_CASE("curl -d, --json and -F seen through /echo", "[api][echo][curl]") {
    TestServer server;
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/echo";
    const auto form = run_command("curl -s --max-time 5 -d 'a=1&b=2' " + url);
    INFO(form.output);
    const json f = json::parse(form.output);
    CHECK(f["method"] == "POST");
    CHECK(f["body"]["first_bytes"] == "a=1&b=2");
    CHECK(has(f["fields"], "Content-Type: application/x-www-form-urlencoded"));

    const auto j = run_command("curl -s --max-time 5 --json '{\"x\": 1}' " + url);
    INFO(j.output);
    const json jj = json::parse(j.output);
    CHECK(has(jj["fields"], "Content-Type: application/json"));
    CHECK(has(jj["fields"], "Accept: application/json"));

    const auto multipart = run_command("curl -s --max-time 5 -F 'name=iris' " + url);
    INFO(multipart.output);
    const json m = json::parse(multipart.output);
    CHECK(m["fields"].dump().find("Content-Type: multipart/form-data; boundary=") != std::string::npos);
    CHECK(m["body"]["first_bytes"].get<std::string>().find("Content-Disposition: form-data; name=\"name\"") !=
          std::string::npos);

    const auto chunked = run_command(
        "printf 'abc' | curl -s --max-time 5 -H 'Transfer-Encoding: chunked' --data-binary @- " + url);
    INFO(chunked.output);
    const json c = json::parse(chunked.output);
    CHECK(c["body"]["framing"] == "chunked");
    CHECK(c["body"]["first_bytes"] == "abc");
}

TEST_CASE("curl's Expect: 100-continue is answered before /echo reads the body", "[api][echo][curl]") {
    TracedServer s;
    const auto result =
        run_command("curl -s -v --max-time 5 -H 'Expect: 100-continue' -d 'x=1' " + s.url("/echo") + " 2>&1");
    INFO(result.output);
    CHECK(result.output.find("< HTTP/1.1 100 Continue") != std::string::npos);
    CHECK(result.output.find("\"expect_continue\": true") != std::string::npos);
    CHECK(s.trace.says("100 Continue sent"));
    CHECK(s.trace.says("REST  route POST /echo matched"));
}

TEST_CASE("/echo carries the trace lines of its exchange when the server traces", "[api][echo][trace]") {
    TracedServer s;
    const auto result = run_command("curl -s --max-time 5 '" + s.url("/echo?x=1") + "'");
    INFO(result.output);
    const json e = json::parse(result.output);
    REQUIRE(e["trace"].is_array());
    CHECK(has(e["trace"], "#1 HTTP  request line: method=GET target=/echo?x=1 version=HTTP/1.1"));
    CHECK(has(e["trace"], "#1 REST  route GET /echo matched"));
    // Without --trace there are no lines, and the answer says how to get them.
    glassbox::api::Service service(glassbox::test::with_test_engine());
    const json quiet = json::parse(glassbox::test::call(service, http::Method::get, "/echo").body);
    CHECK(quiet["trace"] == "none: start the server with --trace to see this exchange's trace lines here");
}
