// tests/trace/trace_test.cpp: the trace's lines, its wire view, and "off costs nothing".
// No sockets: the parser is fed bytes and its observer writes the HTTP lines into a Trace
// whose Sink is a temporary file.
// Run: ./glassbox_tests '[trace]'
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "http/request_parser.hpp"
#include "support/text.hpp"
#include "trace/http_observer.hpp"
#include "trace/trace.hpp"
#include "trace/wire.hpp"

using namespace glassbox;
using glassbox::test::has;

namespace {

/// A Sink writing to a temporary file, and what it holds so far.
struct FileSink {
    std::FILE* file = std::tmpfile();
    trace::Sink sink;
    explicit FileSink(bool wire = false) : sink(file, false, wire) {}
    ~FileSink() { std::fclose(file); }
    std::string text() {
        std::string out;
        std::rewind(file);
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) out.append(buffer, n);
        return out;
    }
};

/// The HTTP lines the observer writes for `request`, parsed in one piece.
std::string http_lines(std::string_view request) {
    FileSink out;
    trace::Trace t(&out.sink, 7);
    trace::HttpObserver observer(t);
    http::RequestParser parser({}, &observer);
    parser.feed(request);
    t.flush();
    return out.text();
}

} // namespace

TEST_CASE("wire view: CR and LF visible, one line per input line, offsets", "[trace][wire]") {
    CHECK(trace::wire_view(3, "<-", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", {100, 1, 0}) ==
          "#3 WIRE  <- off=100    (request 1, byte 0)   GET / HTTP/1.1\\r\\n\n"
          "#3 WIRE  <- off=116    (request 1, byte 16)  Host: x\\r\\n\n"
          "#3 WIRE  <- off=125    (request 1, byte 25)  \\r\\n\n");
    CHECK(trace::wire_view(1, "->", std::string("a\tb\\\x00\xff", 6), {0, 1, 0}) ==
          "#1 WIRE  -> off=0      (answer 1, byte 0)    a\\tb\\\\\\x00\\xff\n");
    const std::string big(3000, 'x');
    CHECK(has(trace::wire_view(1, "->", big, {0, 1, 0}), "#1 WIRE  -> ... 952 more bytes not shown\n"));
}

TEST_CASE("a trace that is off writes nothing", "[trace]") {
    trace::Trace off;
    CHECK_FALSE(off.on());
    CHECK_FALSE(off.wire());
    off.line(trace::Layer::tcp, "read 3 bytes");
    off.flush(); // no sink: nothing to write to, and nothing gathered
    FileSink out;
    trace::Trace on(&out.sink, 2);
    on.bytes("<-", "abc", {0, 1, 0}); // not --trace=wire: raw bytes are not shown
    on.line(trace::Layer::tcp, "read 3 bytes");
    CHECK(out.text().empty()); // gathered, not yet written
    on.flush();
    CHECK(out.text() == "#2 TCP   read 3 bytes\n");
}

TEST_CASE("HTTP lines: the request line split with meanings, fields, framing", "[trace][http]") {
    const std::string lines = http_lines("GET /health HTTP/1.1\r\nHost: x\r\nX-Other: y\r\n\r\n");
    CHECK(has(lines, "#7 HTTP  request line: method=GET target=/health version=HTTP/1.1\n"));
    CHECK(has(lines, "#7 HTTP    method  GET: read a resource\n"));
    CHECK(has(lines, "#7 HTTP    target  /health: origin-form (RFC 9112 §3.2.1): path /health, no query"));
    CHECK(has(lines, "#7 HTTP    version HTTP/1.1: a connection carries many requests unless"));
    CHECK(has(lines, "#7 HTTP  field Host: x  (which host the client asked for;"));
    CHECK(has(lines, "#7 HTTP  field X-Other: y\n")); // no meaning for an unknown field
    CHECK(has(lines, "#7 HTTP  body: none (no Content-Length and no Transfer-Encoding)\n"));
    CHECK(has(lines, "#7 HTTP  request complete (0 body bytes)\n"));
}

TEST_CASE("HTTP lines: each chunk's size, and how a rejection is told", "[trace][http]") {
    const std::string chunked = http_lines("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "3\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
    CHECK(has(chunked,
              "#7 HTTP  body: chunked (Transfer-Encoding: chunked), length known at the last chunk\n"));
    CHECK(has(chunked,
              "#7 HTTP  chunk of 3 bytes (hex 3 on its size line)\n#7 HTTP  chunk of 16 bytes (hex 10 on its "
              "size line)\n#7 HTTP  chunk of 0 bytes: the last"));
    CHECK(has(chunked, "#7 HTTP  request complete (19 body bytes)\n"));
    const std::string sized = http_lines("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab");
    CHECK(has(sized, "#7 HTTP  body: 2 bytes, length known from Content-Length\n"));
    const std::string bad = http_lines("BREW / HTTP/2.0\r\n");
    CHECK(has(bad, "#7 HTTP  rejected at byte"));
}

TEST_CASE("status lines carry their class in words", "[trace][http]") {
    FileSink out;
    trace::Trace t(&out.sink, 1);
    trace::trace_status_line(t, http::Status::continue_);
    trace::trace_status_line(t, http::Status::no_content);
    trace::trace_status_line(t, http::Status::not_modified);
    trace::trace_status_line(t, http::Status::method_not_allowed);
    trace::trace_status_line(t, http::Status::http_version_not_supported);
    t.flush();
    const std::string text = out.text();
    CHECK(has(text, "status line: HTTP/1.1 100 Continue (1xx informational): an interim answer"));
    CHECK(has(text, "status line: HTTP/1.1 204 No Content (2xx successful): the request worked\n"));
    CHECK(has(text, "status line: HTTP/1.1 304 Not Modified (3xx redirection): look elsewhere"));
    CHECK(has(text,
              "status line: HTTP/1.1 405 Method Not Allowed (4xx client error): the request was at fault\n"));
    CHECK(has(text,
              "status line: HTTP/1.1 505 HTTP Version Not Supported (5xx server error): the server could"));
}

TEST_CASE("HTTP lines: trailer fields are told as trailers, not as header fields", "[trace][http][trailer]") {
    const std::string lines = http_lines("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         "3\r\nabc\r\n0\r\nChecksum: 1f2e\r\nConnection: close\r\n\r\n");
    CHECK(has(lines, "#7 HTTP  chunk of 0 bytes: the last chunk (hex 0 on its size line)\n"
                     "#7 HTTP  trailer Checksum: 1f2e  (after the body; never consulted, RFC 9110 §6.5)\n"
                     "#7 HTTP  trailer Connection: close  (after the body; never consulted, RFC 9110 §6.5)\n"
                     "#7 HTTP  request complete (3 body bytes)\n"));
    CHECK_FALSE(has(lines, "field Checksum"));
    CHECK_FALSE(has(lines, "field Connection"));
}

TEST_CASE("trace lines show control characters escaped, never raw", "[trace][escape]") {
    FileSink out;
    trace::Trace t(&out.sink, 4);
    t.line(trace::Layer::rest, "name=\x1b[2J\x1b]0;owned\x07 tab\there \\ and \x7f");
    t.line(trace::Layer::http, "caf\xc3\xa9 \xe2\x82\xac ok; C1 \xc2\x9b"
                               "31m; bad \xff\xc3 end");
    t.line(trace::Layer::http, "overlong \xc0\xaf, surrogate \xed\xa0\x80, cut \xe2\x82");
    t.flush();
    const std::string text = out.text();
    CHECK(text == "#4 REST  name=\\x1b[2J\\x1b]0;owned\\x07 tab\\there \\\\ and \\x7f\n"
                  "#4 HTTP  caf\xc3\xa9 \xe2\x82\xac ok; C1 \\xc2\\x9b31m; bad \\xff\\xc3 end\n"
                  "#4 HTTP  overlong \\xc0\\xaf, surrogate \\xed\\xa0\\x80, cut \\xe2\\x82\n");
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        CHECK((byte == '\n' || (byte >= 0x20 && byte != 0x7f)));
    }
}
