// tests/trace/small_fixes_trace_test.cpp: the small untruths of issue 15, each fixed: a chunk's
// size line in hex, told once its data has arrived; MODEL times finer than a microsecond; the
// index's content negotiation; glosses for Accept-Encoding, Cookie and Upgrade.
// Run: ./glassbox_tests '[trace][small]'
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "http/request_parser.hpp"
#include "support/service_calls.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"
#include "trace/http_observer.hpp"

using namespace glassbox;
using glassbox::test::has;

namespace {

/// The HTTP lines for `pieces` fed one after another; `after_first` gets the lines the first
/// piece alone produced.
std::string fed(std::initializer_list<std::string_view> pieces, std::string* after_first = nullptr) {
    test::TraceFile out;
    trace::Trace t(&out.sink, 2);
    trace::HttpObserver observer(t);
    http::RequestParser parser({}, &observer);
    bool first = true;
    for (const std::string_view piece : pieces) {
        parser.feed(piece);
        t.flush();
        if (first && after_first != nullptr) *after_first = out.text();
        first = false;
    }
    return out.text();
}

/// The trace of one request through Service::handle.
std::string handled(api::Service& service, http::Method method, std::string target, std::string body,
                    std::vector<std::pair<std::string, std::string>> fields) {
    test::TraceFile out;
    trace::Trace t(&out.sink, 3);
    service.handle(test::make_request(method, std::move(target), std::move(body), std::move(fields)), t);
    t.flush();
    return out.text();
}

} // namespace

TEST_CASE("a chunk's size line is shown in hex, once the chunk's data has arrived", "[trace][small]") {
    const std::string data(32, 'x');
    std::string first;
    const std::string text =
        fed({"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + data.substr(0, 10),
             data.substr(10) + "\r\n0\r\n\r\n"},
            &first);
    INFO(text);
    CHECK_FALSE(has(first, "chunk of 32")); // 10 of its 32 bytes are here: not yet
    CHECK(has(text, "#2 HTTP  chunk of 32 bytes (hex 20 on its size line)\n"
                    "#2 HTTP  chunk of 0 bytes: the last chunk (hex 0 on its size line)\n"));
}

TEST_CASE("the MODEL line's time has nanosecond precision", "[trace][small]") {
    auto service = test::iris_service();
    const std::string text = handled(*service, http::Method::post, "/models/iris/predictions",
                                     R"({"features": [[5.1, 3.5, 1.4, 0.2]]})",
                                     {{"Host", "x"}, {"Content-Type", "application/json"}});
    INFO(text);
    CHECK(std::regex_search(text, std::regex(R"(#3 MODEL model 'iris' .* \(setosa\) in \d+\.\d{3} µs\n)")));
}

TEST_CASE("the index's content negotiation is traced", "[trace][small]") {
    auto service = test::iris_service();
    const std::string browser =
        handled(*service, http::Method::get, "/", "", {{"Host", "x"}, {"Accept", "text/html,*/*;q=0.8"}});
    CHECK(has(browser, "#3 REST  content negotiation (RFC 9110 §12.5.1): Accept: text/html,*/*;q=0.8 gives "
                       "application/json q=0.8, text/html q=1: the index as an HTML page\n"));
    const std::string curl =
        handled(*service, http::Method::get, "/", "", {{"Host", "x"}, {"Accept", "*/*"}});
    CHECK(has(curl, "#3 REST  content negotiation (RFC 9110 §12.5.1): Accept: */* gives application/json "
                    "q=1, text/html q=1: the index as JSON\n"));
    const std::string none = handled(*service, http::Method::get, "/", "", {{"Host", "x"}});
    CHECK(
        has(none, "#3 REST  content negotiation: no Accept field, so any type will do: the index as JSON\n"));
    const std::string image =
        handled(*service, http::Method::get, "/", "", {{"Host", "x"}, {"Accept", "image/png"}});
    CHECK(has(image,
              "#3 REST  content negotiation (RFC 9110 §12.5.1): Accept: image/png gives "
              "application/json q=0, text/html q=0; neither is acceptable, so the field is disregarded "
              "(no 406): the index as JSON\n"));
}

TEST_CASE("Accept-Encoding, Cookie and Upgrade get a gloss", "[trace][small]") {
    const std::string text = fed({"GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\nCookie: a=1\r\n"
                                  "Upgrade: websocket\r\n\r\n"});
    CHECK(has(text, "field Accept-Encoding: gzip, br  (the content codings the client can undo"));
    CHECK(has(text, "field Cookie: a=1  (state a server set earlier with Set-Cookie"));
    CHECK(has(text, "field Upgrade: websocket  (asks to switch this connection to another protocol"));
}

TEST_CASE("a Connection or Upgrade gloss reads the list as the parser does", "[trace][small]") {
    // RFC 9110 §5.6.1.2: empty elements are ignored, and OWS is SP or HTAB. The parser reads
    // "close,," as close (Fields::has_token), so the gloss says close too.
    const std::string text = fed({"GET / HTTP/1.1\r\nHost: x\r\nConnection: close,,\t keep-alive ,\r\n"
                                  "Upgrade: , h2c\r\n\r\n"});
    CHECK(has(text, "field Connection: close,,\\t keep-alive ,  (close: one request on this connection"));
    CHECK(has(text, "field Upgrade: , h2c  (asks to switch this connection to HTTP/2 without TLS"));
}
