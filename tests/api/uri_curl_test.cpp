// tests/api/uri_curl_test.cpp: URI, URL and URN as curl sends them (issue 17).
// The real server on a loopback port, the real curl. A URN sent as request-target gets a 400
// that says what a URN is; a URL's absolute-form (what curl sends to a proxy) is served; a
// '#fragment' in the URL curl is given never reaches the server.
// Course topic: URI vs URL vs URN (RFC 3986 §1.1.3, RFC 8141, RFC 9112 §3.2).
#include <catch2/catch.hpp>

#include "support/process.hpp"
#include "support/text.hpp"
#include "support/traced_server.hpp"

using glassbox::test::has;
using glassbox::test::run_command;
using glassbox::test::TracedServer;

TEST_CASE("curl --request-target urn:isbn:... gets 400 saying what a URN is", "[api][uri][curl]") {
    TracedServer s;
    const auto result = run_command(
        "curl -s -i --noproxy '*' --max-time 5 --request-target urn:isbn:0451450523 " + s.url("/"));
    INFO(result.output);
    CHECK(result.output.starts_with("HTTP/1.1 400 Bad Request\r\n"));
    CHECK(has(result.output, "it is a URN, a Uniform Resource Name (RFC 8141)"));
    CHECK(has(result.output, "so no server can fetch it"));
    CHECK(s.trace.says("scheme urn, name isbn:0451450523: a URN (RFC 8141) names a thing"));
}

TEST_CASE("curl through a proxy sends absolute-form, and it is served", "[api][uri][curl]") {
    TracedServer s;
    // -x makes curl talk to glassbox as to a proxy: the request line carries the whole URL.
    const auto result = run_command("curl -s --max-time 5 -x " + s.url() + " http://example.com/health");
    INFO(result.output);
    CHECK(result.output == "{\"status\":\"ok\"}");
    CHECK(s.trace.says("request line: method=GET target=http://example.com/health version=HTTP/1.1"));
    CHECK(s.trace.says("absolute-form (RFC 9112 §3.2.2, the form sent to a proxy): scheme http, authority "
                       "example.com"));
}

TEST_CASE("curl never sends a URL's #fragment", "[api][uri][curl]") {
    TracedServer s;
    const auto result =
        run_command("curl -s -v --noproxy '*' --max-time 5 '" + s.url("/health#status") + "' 2>&1");
    INFO(result.output);
    CHECK(has(result.output, "> GET /health HTTP/1.1"));
    CHECK_FALSE(has(result.output, "#status HTTP"));
    CHECK(s.trace.says("request line: method=GET target=/health version=HTTP/1.1"));
}
