// tests/api/browser_page_test.cpp: GET / negotiated by Accept (RFC 9110 §12.5.1) with Vary,
// the browser page and /docs as served, and GET /traces: what it answers, to whom, and how
// it finds an exchange. No sockets: Service::handle, and a Sink writing to a temporary file.
// Run: ./glassbox_tests '[api][browser]'
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/service_calls.hpp"
#include "support/text.hpp"
#include "support/trace_file.hpp"

using namespace glassbox;
using glassbox::test::has;
using test::call;

namespace {

/// GET / with `accept` as its Accept field.
http::Response index_for(api::Service& service, const std::string& accept) {
    return call(service, http::Method::get, "/", "", {{"Accept", accept}});
}

bool is_html(const http::Response& r) {
    const std::string* type = r.fields.find("Content-Type");
    return type != nullptr && type->starts_with("text/html");
}

} // namespace

TEST_CASE("GET / weighs Accept's quality values, not the words in it", "[api][browser]") {
    auto service = test::iris_service();
    // Before: any Accept naming text/html got the page, whatever its q.
    CHECK_FALSE(is_html(index_for(*service, "text/html;q=0.5, application/json")));
    CHECK_FALSE(is_html(index_for(*service, "*/*, text/html;q=0")));
    // Before: text/* was not seen as naming HTML.
    CHECK(is_html(index_for(*service, "application/json;q=0.9, text/*")));
    CHECK(is_html(index_for(*service, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")));
    CHECK_FALSE(is_html(index_for(*service, "*/*")));
    CHECK_FALSE(is_html(call(*service, http::Method::get, "/")));
    const http::Response json = index_for(*service, "image/png"); // nothing acceptable: JSON, not 406
    CHECK(json.status == http::Status::ok);
    CHECK(nlohmann::json::parse(json.body)["name"] == "glassbox");
}

TEST_CASE("both representations of / say Vary: Accept", "[api][browser]") {
    auto service = test::iris_service();
    for (const std::string accept : {"*/*", "text/html"}) {
        const http::Response r = index_for(*service, accept);
        INFO(accept);
        REQUIRE(r.fields.find("Vary") != nullptr);
        CHECK(*r.fields.find("Vary") == "Accept");
    }
}

TEST_CASE("the browser page posts the form with fetch and asks /traces", "[api][browser]") {
    auto service = test::iris_service();
    const http::Response page = index_for(*service, "text/html");
    REQUIRE(page.status == http::Status::ok);
    CHECK(*page.fields.find("Content-Type") == "text/html; charset=utf-8");
    CHECK(has(page.body, "<form id=\"predict-form\">"));
    CHECK(has(page.body, "method: 'POST'"));
    CHECK(has(page.body, "'X-Request-Id': id"));
    CHECK(has(page.body, "/traces?request-id="));
    CHECK(has(page.body, "/drift"));
    // Works offline: nothing is loaded from another origin (the one http:// is SVG's namespace name).
    CHECK_FALSE(has(page.body, "https://"));
    CHECK(page.body.find("http://") == page.body.find("http://www.w3.org/2000/svg"));
    CHECK_FALSE(has(page.body, "src="));
    CHECK_FALSE(has(page.body, "<link"));
    CHECK_FALSE(has(page.body, "url("));
    // The shared parts are in place, their markers gone.
    CHECK(has(page.body, "async function getJson(path)"));
    CHECK_FALSE(has(page.body, "shared script"));
}

TEST_CASE("GET /docs is a page that draws /openapi.json", "[api][browser]") {
    auto service = test::iris_service();
    const http::Response docs = call(*service, http::Method::get, "/docs");
    REQUIRE(docs.status == http::Status::ok);
    CHECK(*docs.fields.find("Content-Type") == "text/html; charset=utf-8");
    CHECK(has(docs.body, "fetch('/openapi.json')"));
    CHECK_FALSE(has(docs.body, "https://"));
}

TEST_CASE("GET /traces without --trace says how to turn it on", "[api][browser][traces]") {
    auto service = test::iris_service();
    const http::Response r = call(*service, http::Method::get, "/traces");
    REQUIRE(r.status == http::Status::ok);
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["tracing"] == "off");
    CHECK(has(body["note"].get<std::string>(), "--trace=wire"));
    CHECK(body["blocks"].empty());
}

TEST_CASE("GET /traces finds an exchange by X-Request-Id and by connection", "[api][browser][traces]") {
    trace::Recent recent(true);
    std::FILE* out = std::tmpfile();
    trace::Sink sink(out, true, true, &recent); // coloured, as on a terminal
    api::ServiceOptions options;
    options.recent_traces = &recent;
    auto service = test::iris_service(options);
    trace::Trace t(&sink, 5);
    service->handle(test::make_request(http::Method::post, "/models/iris/predictions",
                                       R"({"features": [[5.1, 3.5, 1.4, 0.2]]})",
                                       {{"Content-Type", "application/json"}, {"X-Request-Id", "abc-1"}}),
                    t);
    t.flush();
    trace::Trace other(&sink, 6);
    service->handle(test::make_request(http::Method::get, "/health"), other);
    other.flush();

    const auto by_id =
        nlohmann::json::parse(call(*service, http::Method::get, "/traces?request-id=abc-1").body);
    CHECK(by_id["tracing"] == "wire");
    REQUIRE(by_id["blocks"].size() == 1);
    CHECK(by_id["blocks"][0]["connection"] == 5);
    CHECK(by_id["blocks"][0]["request_ids"] == nlohmann::json::array({"abc-1"}));
    const auto lines = by_id["blocks"][0]["lines"];
    CHECK(std::find(lines.begin(), lines.end(),
                    "#5 REST  route POST /models/{name}/predictions matched, name=iris") != lines.end());
    for (const auto& line : lines) CHECK_FALSE(has(line.get<std::string>(), "\x1b")); // no colours kept

    const auto by_connection =
        nlohmann::json::parse(call(*service, http::Method::get, "/traces?connection=6").body);
    REQUIRE(by_connection["blocks"].size() == 1);
    CHECK(by_connection["blocks"][0]["lines"][0] == "#6 REST  route GET /health matched");
    const auto none = nlohmann::json::parse(call(*service, http::Method::get, "/traces?request-id=zzz").body);
    CHECK(none["blocks"].empty());
    const auto latest = nlohmann::json::parse(call(*service, http::Method::get, "/traces").body);
    CHECK(latest["blocks"].size() == 2);
    std::fclose(out);
}

TEST_CASE("GET /traces refuses bad queries and readers it must not serve", "[api][browser][traces]") {
    trace::Recent recent(false);
    api::ServiceOptions options;
    options.recent_traces = &recent;
    auto service = test::iris_service(options);
    CHECK(call(*service, http::Method::get, "/traces?connection=x").status == http::Status::bad_request);
    CHECK(call(*service, http::Method::get, "/traces?connection=0").status == http::Status::bad_request);
    CHECK(call(*service, http::Method::get, "/traces?since=1").status == http::Status::bad_request);
    CHECK(call(*service, http::Method::get, "/traces?connection=1&request-id=a").status ==
          http::Status::bad_request);
    // DNS rebinding: a page of attacker.example whose name now points at 127.0.0.1.
    CHECK(call(*service, http::Method::get, "/traces", "", {{"Host", "attacker.example:8000"}}).status ==
          http::Status::forbidden);
    CHECK(call(*service, http::Method::get, "/traces", "", {{"Origin", "http://attacker.example"}}).status ==
          http::Status::forbidden);
    CHECK(call(*service, http::Method::get, "/traces", "", {{"Host", "127.0.0.1:8000"}}).status ==
          http::Status::ok);
    options.traces_readable = false; // listening on 0.0.0.0
    auto exposed = test::iris_service(options);
    const http::Response r = call(*exposed, http::Method::get, "/traces");
    CHECK(r.status == http::Status::forbidden);
    CHECK(has(r.body, "loopback"));
}
