// tests/browser/browser_test.cpp: the pages at / and /docs in a real browser. Debian's chromium
// runs headless, driven by playwright-core through tests/browser/page_test.js, against a live
// `glassbox serve --trace=wire` on a free port: the form is filled and submitted, and the
// prediction, the raw bytes and the trace lines the page then shows are checked; /docs must
// draw every route the router has. Skipped, with one line, only when node or chromium is
// missing ('sh scripts/install-deps.sh test' installs both, and playwright-core).
// Run: ./glassbox_tests '[browser]'
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "api/service.hpp"
#include "support/process.hpp"

using namespace glassbox;
using namespace std::chrono_literals;

namespace {

std::string npm_dir() {
    if (const char* dir = std::getenv("GLASSBOX_NPM_DIR")) return dir;
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + "/.cache/glassbox/npm";
}

/// False (with a warning) when this machine cannot run the browser tests at all.
bool browser_available() {
    if (test::run_command("command -v node >/dev/null && test -x /usr/bin/chromium").exit_status != 0) {
        WARN("skipped: node or /usr/bin/chromium is missing ('sh scripts/install-deps.sh test' installs "
             "them)");
        return false;
    }
    const std::string playwright = npm_dir() + "/node_modules/playwright-core";
    INFO("playwright-core is missing from " << playwright << ": run 'sh scripts/install-deps.sh test'");
    REQUIRE(std::filesystem::exists(playwright));
    return true;
}

/// What page_test.js printed for `mode` against `server`, parsed; fails the test if it failed.
nlohmann::json drive(const std::string& mode, const test::ServerProcess& server) {
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    const auto result = test::run_command("GLASSBOX_NPM_DIR='" + npm_dir() + "' node '" + test::source_dir() +
                                              "/tests/browser/page_test.js' " + mode + " " + url + " 2>&1",
                                          90s);
    INFO(result.output);
    REQUIRE(result.exit_status == 0);
    return nlohmann::json::parse(result.output.substr(result.output.find("{\"")));
}

bool has(const nlohmann::json& text, std::string_view part) {
    return text.get<std::string>().find(part) != std::string::npos;
}

} // namespace

TEST_CASE("chromium fills the form, sees its trace, and draws every route on /docs", "[browser]") {
    if (!browser_available()) return;
    test::ServerProcess server({"--trace=wire"});
    const nlohmann::json result = drive("both", server);
    INFO(result.dump(2));
    CHECK(result["errors"].empty());
    const nlohmann::json& shown = result["page"];
    CHECK(has(shown["prediction"], "prediction: setosa"));
    CHECK(has(shown["prediction"], "(probabilities: setosa "));
    // The raw bytes come from the server's wire trace: what the browser really sent.
    CHECK(has(shown["request"], " WIRE  <- "));
    CHECK(has(shown["request"], "POST /models/iris/predictions HTTP/1.1\\r\\n"));
    CHECK(has(shown["request"], "X-Request-Id: page-"));
    CHECK(has(shown["request"], R"({"features":[[5.1,3.5,1.4,0.2]]})"));
    CHECK(has(shown["response"], "HTTP/1.1 200 OK\\r\\n"));
    CHECK(has(shown["trace"], " REST  route POST /models/{name}/predictions matched, name=iris"));
    CHECK(has(shown["trace"], " MODEL "));
    CHECK(has(shown["trace"], "(setosa)"));
    CHECK(has(shown["metadata"], "random forest classifier"));
    CHECK(shown["charts"] == 4); // one drift histogram per iris feature
    const auto links = shown["links"].get<std::vector<std::string>>();
    for (const std::string link :
         {"/health", "/models", "/models/iris", "/models/iris/drift", "/docs", "/traces"})
        CHECK(std::find(links.begin(), links.end(), link) != links.end());
    // The page's trace is the server's: the same lines are on its stderr.
    CHECK(server.stderr_text().find("REST  route POST /models/{name}/predictions matched, name=iris") !=
          std::string::npos);

    // /docs draws what /openapi.json says; that must be every route the router has.
    std::set<std::string> drawn;
    for (const auto& op : result["docs"]["operations"]) drawn.insert(op.get<std::string>());
    const api::Service service;
    std::set<std::string> routed;
    for (const auto& route : service.router().routes())
        for (const auto method : route.methods)
            routed.insert(std::string(http::method_token(method)) + " " + std::string(route.pattern));
    CHECK(drawn == routed);
    CHECK(has(result["docs"]["try_it"], "GET /health\n200 OK"));
    CHECK(has(result["docs"]["try_it"], R"({"status":"ok"})"));
    CHECK(server.stop(SIGTERM) == 0);
}
