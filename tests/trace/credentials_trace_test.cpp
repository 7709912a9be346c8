// tests/trace/credentials_trace_test.cpp: credentials never reach a trace (issue 15).
// Authorization and Proxy-Authorization values are masked in the trace lines and in the
// --trace=wire dump, however the bytes are split into reads: "Bearer ****** (6 bytes)".
#include <catch2/catch.hpp>

#include <string>

#include "http/request_parser.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"
#include "support/traced_exchange.hpp"
#include "trace/http_observer.hpp"
#include "trace/trace.hpp"

using glassbox::test::TraceFile;
using namespace std::chrono_literals;
using glassbox::test::has;
namespace trace = glassbox::trace;

namespace {

/// The credentials are made of X, a letter found nowhere else in these requests.
constexpr std::string_view request =
    "GET /health HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer XXXXXX\r\n"
    "Proxy-Authorization: XXXXXXXXXX\r\n\r\n";

} // namespace

TEST_CASE("credential values are masked in trace lines and the wire dump, at every split",
          "[trace][status]") {
    for (std::size_t split = 0; split <= request.size(); ++split) {
        CAPTURE(split);
        TraceFile out(true);
        trace::Trace t(&out.sink, 1);
        trace::HttpObserver observer(t);
        glassbox::http::RequestParser parser({}, &observer);
        t.bytes("<-", request.substr(0, split), {0, 1, 0});
        parser.feed(request.substr(0, split));
        t.bytes("<-", request.substr(split), {split, 1, split});
        parser.feed(request.substr(split));
        t.flush();
        const std::string text = out.text();
        INFO(text);
        CHECK_FALSE(has(text, "X"));
        CHECK(has(text, "field Authorization: Bearer ****** (6 bytes)"));
        CHECK(has(text, "field Proxy-Authorization: ****** (10 bytes)"));
        if (split == 0) {
            CHECK(has(text, "Authorization: Bearer ****** (6 bytes)\\r\\n"));
        }
    }
}

TEST_CASE("the server's --trace=wire never shows an Authorization value", "[net][trace][status]") {
    TraceFile out(true);
    CHECK(glassbox::test::traced_exchange(out, request) == "200");
    const std::string text = out.text();
    INFO(text);
    CHECK_FALSE(has(text, "X"));
    CHECK(has(text, "WIRE  <- "));
    CHECK(has(text, "Bearer ****** (6 bytes)"));
}
