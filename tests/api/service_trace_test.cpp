// tests/api/service_trace_test.cpp: what `glassbox serve --trace` prints for hostile requests.
// A client chooses the path, and the REST line prints its parameters percent-decoded: the
// trace must show escape sequences as text, never send them to the operator's terminal.
// Run: ./glassbox_tests '[trace]'
#include <catch2/catch.hpp>

#include <cstdio>

#include "api/service.hpp"
#include "http/request_parser.hpp"
#include "support/test_engine.hpp"
#include "trace/http_observer.hpp"

namespace http = glassbox::http;
namespace trace = glassbox::trace;

TEST_CASE("percent-decoded path parameters reach the trace escaped", "[api][trace][escape]") {
    std::FILE* file = std::tmpfile();
    REQUIRE(file != nullptr);
    {
        trace::Sink sink(file, false, false);
        trace::Trace t(&sink, 9);
        trace::HttpObserver observer(t);
        // ESC [ 2 J clears the screen; ESC ] 0 ; ... BEL sets the terminal's title.
        const std::string bytes =
            "GET /models/%1b%5b2J%1b%5d0;owned%07%9b%c2%9b/drift HTTP/1.1\r\nHost: x\r\n\r\n";
        http::RequestParser parser({}, &observer);
        REQUIRE(parser.feed(bytes).status == http::ParseStatus::complete);
        glassbox::api::Service service(glassbox::test::with_test_engine());
        const auto response = service.handle(parser.take_request(), t);
        CHECK(response.status == http::Status::bad_request); // not a valid model name
        t.flush();
    }
    std::string text;
    std::rewind(file);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) text.append(buffer, n);
    std::fclose(file);
    INFO(text);
    CHECK(text.find("#9 REST  route GET /models/{name}/drift matched, "
                    "name=\\x1b[2J\\x1b]0;owned\\x07\\x9b\\xc2\\x9b\n") != std::string::npos);
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find('\x07') == std::string::npos);
    CHECK(text.find('\x9b') == std::string::npos);
}
