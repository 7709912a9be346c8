// tests/trace/refusal_trace_test.cpp: an API refusal is told in the trace (issue 15).
// The reason used to reach only the body (and the wire dump); now the layer that decided
// says it in one line, after the REST line that matched the route.
// Run: ./glassbox_tests '[trace][refusal]'
#include <catch2/catch.hpp>

#include <string>

#include "support/service_calls.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"

using namespace glassbox;
using glassbox::test::has;

namespace {

/// The trace of one request through Service::handle (or check_head when `head_only`).
std::string traced(api::Service& service, http::Method method, std::string target, std::string body,
                   std::vector<std::pair<std::string, std::string>> fields = {}, bool head_only = false) {
    test::TraceFile out;
    {
        trace::Trace t(&out.sink, 1);
        const http::Request request =
            test::make_request(method, std::move(target), std::move(body), std::move(fields));
        if (head_only) {
            CHECK(service.check_head(request, t).has_value());
        } else {
            service.handle(request, t);
        }
        t.flush();
    }
    return out.text();
}

} // namespace

TEST_CASE("a wrong feature count is told on the MODEL line, with the problem type", "[trace][refusal]") {
    auto service = test::iris_service();
    const std::string text = traced(*service, http::Method::post, "/models/iris/predictions",
                                    R"({"features": [[1, 2]]})", {{"Content-Type", "application/json"}});
    INFO(text);
    CHECK(has(text, "#1 REST  route POST /models/{name}/predictions matched, name=iris\n"
                    "#1 MODEL refused: Row 0 has 2 values, but the model takes 4."));
    CHECK(has(text, " (/problems/wrong-feature-count)\n"));
}

TEST_CASE("an unknown model: the route matched, then the handler refused it", "[trace][refusal]") {
    auto service = test::iris_service();
    const std::string text = traced(*service, http::Method::get, "/models/x", "");
    INFO(text);
    CHECK(has(text, "#1 REST  route GET /models/{name} matched, name=x\n"
                    "#1 MODEL refused: There is no model named 'x'. GET /models lists the models served. "
                    "(/problems/unknown-model)\n"));
    // The same refusal made from the header section, before a body is read.
    const std::string early = traced(*service, http::Method::post, "/models/x/predictions", "",
                                     {{"Content-Type", "application/json"}}, true);
    INFO(early);
    CHECK(has(early, "#1 REST  route POST /models/{name}/predictions matched, name=x\n"
                     "#1 MODEL refused: There is no model named 'x'."));
}

TEST_CASE("a refusal by the resource's rules is told on the REST line", "[trace][refusal]") {
    auto service = test::iris_service();
    const std::string text = traced(*service, http::Method::post, "/models/iris/predictions", "1,2,3,4",
                                    {{"Content-Type", "text/csv"}});
    INFO(text);
    CHECK(has(text, "#1 REST  refused: The body is declared as 'text/csv', but predictions take JSON"));
    CHECK(has(text, "(/problems/not-json)\n"));
    // A router answer (about:blank) already has its REST line: no second one.
    const std::string missing = traced(*service, http::Method::get, "/nope", "");
    INFO(missing);
    CHECK(has(missing, "#1 REST  404: no resource matches /nope\n"));
    CHECK_FALSE(has(missing, "refused"));
}
