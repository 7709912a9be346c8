// tests/trace/target_trace_test.cpp: the request-target line names the form the client used
// and shows the path, the query and the fragment's fate (issue 15). No sockets: the parser
// is fed the bytes and its observer writes the HTTP lines.
// Run: ./glassbox_tests '[trace][target]'
#include <catch2/catch.hpp>

#include <string>

#include "http/error.hpp"
#include "http/request_parser.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"
#include "trace/http_observer.hpp"

using namespace glassbox;
using glassbox::test::has;

namespace {

/// The HTTP lines for `request`, fed in one piece; `ec` gets the parser's error, if any.
std::string lines_for(std::string_view request, std::error_code& ec) {
    test::TraceFile out;
    {
        trace::Trace t(&out.sink, 5);
        trace::HttpObserver observer(t);
        http::RequestParser parser({}, &observer);
        parser.feed(request);
        ec = parser.error();
        t.flush();
    }
    return out.text();
}

std::string lines_for(std::string_view request) {
    std::error_code ec;
    return lines_for(request, ec);
}

} // namespace

TEST_CASE("the target line names each form of request-target", "[trace][target]") {
    CHECK(has(lines_for("GET /models?verbose=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
              "#5 HTTP    target  /models?verbose=1: origin-form (RFC 9112 §3.2.1): path /models, "
              "query verbose=1, no fragment (a client keeps it; a '#' is refused)\n"));
    CHECK(has(
        lines_for("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"),
        "#5 HTTP    target  /health: origin-form (RFC 9112 §3.2.1): path /health, no query, no fragment"));
    CHECK(has(lines_for("GET http://example.com:8000/models/iris?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"),
              "#5 HTTP    target  http://example.com:8000/models/iris?x=1: absolute-form (RFC 9112 §3.2.2, "
              "the form sent to a proxy): scheme http, authority example.com:8000 (it takes the Host "
              "field's place), path /models/iris, query x=1, no fragment"));
    CHECK(has(
        lines_for("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"),
        "#5 HTTP    target  *: asterisk-form (RFC 9112 §3.2.4): the server as a whole, only for OPTIONS\n"));
    CHECK(has(lines_for("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n"),
              "#5 HTTP    target  example.com:443: authority-form (RFC 9112 §3.2.3): a host and port, only "
              "for CONNECT through a proxy\n"));
}

TEST_CASE("a fragment in the request-target is refused at its '#'", "[trace][target]") {
    std::error_code ec;
    const std::string text = lines_for("GET /health#top HTTP/1.1\r\nHost: x\r\n\r\n", ec);
    INFO(text);
    REQUIRE(ec);
    CHECK(http::status_for(ec) == http::Status::bad_request);
    CHECK(has(text,
              "#5 HTTP  rejected at byte 11 of the connection (byte 11 of request 1): The request target "
              "has a fragment (from '#' on)."));
    CHECK_FALSE(has(text, "request line:"));
    // Also after a query.
    CHECK(has(lines_for("GET /models?x=1#top HTTP/1.1\r\n", ec),
              "rejected at byte 15 of the connection (byte 15 of request 1): The request target"));
}

TEST_CASE("the target line tells a URN from a URL", "[trace][target][uri]") {
    const std::string text = lines_for("GET urn:isbn:0451450523 HTTP/1.1\r\nHost: x\r\n\r\n");
    INFO(text);
    CHECK(has(text, "#5 HTTP    target  urn:isbn:0451450523: absolute-form (RFC 9112 §3.2.2) without '//': "
                    "scheme urn, name isbn:0451450523: a URN (RFC 8141) names a thing, not where it is, so "
                    "no server can fetch it (refused with 400)\n"));
    CHECK_FALSE(has(text, "authority-form"));
    CHECK(has(lines_for("GET http://example.com/health HTTP/1.1\r\nHost: x\r\n\r\n"),
              "target  http://example.com/health: absolute-form (RFC 9112 §3.2.2, the form sent to a proxy): "
              "scheme http, authority example.com (it takes the Host field's place), path /health"));
}
