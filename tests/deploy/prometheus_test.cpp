// tests/deploy/prometheus_test.cpp: deploy/prometheus/ proven with Debian's real Prometheus.
// Course topic: observability: three live `glassbox serve` instances on loopback, Prometheus
// scraping them with the shipped config (ports and interval rewritten), predictions spread
// over the three, and the sum Prometheus's HTTP API answers must be exactly what was sent.
// Also: `promtool check metrics` (Prometheus's own linter) accepts /metrics as served.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "docs/transcript.hpp"
#include "support/process.hpp"
#include "support/temp_directory.hpp"

using namespace glassbox::test;
using namespace std::chrono_literals;

namespace {

std::string config_path() { return source_dir() + "/deploy/prometheus/prometheus.yml"; }

/// `text` with its one `from` replaced by `to`; "" when `from` is not in it exactly once.
std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) return {};
    return text.replace(at, from.size(), to);
}

/// The HTTP status code of a curl request (curl's own arguments after "curl -s").
int curl_status(const std::string& arguments) {
    const auto result = run_command("curl -s -o /dev/null -w '%{http_code}' " + arguments, 10s);
    return result.exit_status == 0 ? std::atoi(result.output.c_str()) : 0;
}

/// Asks Prometheus's HTTP API (GET /api/v1/query) for `query`; each series of the vector it
/// answers as label `by` → value ("" for a query without a label). Empty when it fails.
std::map<std::string, double> prometheus_query(std::uint16_t port, const std::string& query,
                                               const std::string& by = "") {
    const auto result = run_command("curl -s -G --data-urlencode 'query=" + query +
                                        "' http://127.0.0.1:" + std::to_string(port) + "/api/v1/query",
                                    10s);
    std::map<std::string, double> series;
    const auto answer = nlohmann::json::parse(result.output, nullptr, false);
    if (answer.is_discarded() || answer.value("status", "") != "success") return series;
    for (const auto& sample : answer["data"]["result"]) {
        // A sample is [time, "value"]: the value is a string, so "NaN" and "+Inf" fit.
        const std::string label = by.empty() ? "" : sample["metric"].value(by, "");
        series[label] = std::stod(sample["value"][1].get<std::string>());
    }
    return series;
}

} // namespace

TEST_CASE("promtool check config accepts deploy/prometheus/prometheus.yml", "[deploy][prometheus]") {
    const auto check = run_command("promtool check config '" + config_path() + "' 2>&1", 30s);
    INFO(check.output);
    CHECK(check.exit_status == 0);
}

TEST_CASE("promtool test rules: deploy/prometheus/alerts.yml fires as specified", "[deploy][prometheus]") {
    const std::string dir = source_dir() + "/deploy/prometheus/";
    const auto check = run_command("promtool check rules '" + dir + "alerts.yml' 2>&1", 30s);
    INFO(check.output);
    CHECK(check.exit_status == 0);
    CHECK(check.output.find("SUCCESS: 4 rules found") != std::string::npos);
    const auto test = run_command("cd '" + dir + "' && promtool test rules alerts_test.yml 2>&1", 30s);
    INFO(test.output);
    CHECK(test.exit_status == 0);
    CHECK(test.output.find("SUCCESS") != std::string::npos);
}

TEST_CASE("Prometheus scrapes three instances and sums their predictions", "[deploy][prometheus]") {
    // Three instances, as deploy/prometheus/prometheus.yml lists them.
    std::vector<std::unique_ptr<ServerProcess>> servers;
    for (int i = 0; i < 3; ++i)
        servers.push_back(std::make_unique<ServerProcess>(std::vector<std::string>{"--quiet"}));

    // The shipped config with the test's ports and a 1 s interval; nothing else changed.
    const TempDirectory dir("glassbox-prometheus");
    std::string config = read_file(config_path());
    std::string targets;
    for (const auto& server : servers) {
        targets +=
            std::string(targets.empty() ? "" : ", ") + "'127.0.0.1:" + std::to_string(server->port()) + "'";
    }
    config = replace_once(config, "'127.0.0.1:8001', '127.0.0.1:8002', '127.0.0.1:8003'", targets);
    REQUIRE_FALSE(config.empty());
    config = replace_once(config, "scrape_interval: 15s", "scrape_interval: 1s");
    REQUIRE_FALSE(config.empty());
    std::ofstream(dir.path() + "/prometheus.yml") << config;
    std::ofstream(dir.path() + "/alerts.yml") << read_file(source_dir() + "/deploy/prometheus/alerts.yml");

    // Its own port (never 9090, where a packaged Prometheus may run), its own storage.
    const std::uint16_t port = free_loopback_port();
    ChildProcess prometheus({"prometheus", "--config.file=" + dir.path() + "/prometheus.yml",
                             "--storage.tsdb.path=" + dir.path() + "/data",
                             "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                            dir.path());
    const std::string ready_url = "http://127.0.0.1:" + std::to_string(port) + "/-/ready";
    bool ready = false;
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         !ready && prometheus.running() && std::chrono::steady_clock::now() < deadline;) {
        ready = curl_status(ready_url) == 200;
        if (!ready) std::this_thread::sleep_for(100ms);
    }
    INFO("prometheus printed: " << prometheus.output_text());
    REQUIRE(ready);

    // Predictions spread unevenly: instance i gets i+1 requests of 2i+1 rows each.
    std::map<std::string, double> sent_rows;
    double rows_total = 0, requests_total = 0;
    for (std::size_t i = 0; i < servers.size(); ++i) {
        const std::string instance = "127.0.0.1:" + std::to_string(servers[i]->port());
        std::string rows;
        for (std::size_t r = 0; r < 2 * i + 1; ++r) rows += std::string(r ? "," : "") + "[5.1,3.5,1.4,0.2]";
        for (std::size_t n = 0; n < i + 1; ++n) {
            REQUIRE(curl_status("--json '{\"features\":[" + rows + "]}' http://" + instance +
                                "/models/iris/predictions") == 200);
            sent_rows[instance] += static_cast<double>(2 * i + 1);
            rows_total += static_cast<double>(2 * i + 1);
            requests_total += 1;
        }
    }

    // Wait (bounded) for a scrape that saw them all: the counters only grow, so equality
    // means every instance was scraped after its last prediction.
    const std::string rows_query = R"(sum(glassbox_predictions_total{job="glassbox",model="iris"}))";
    const std::string requests_query =
        R"(sum(glassbox_http_requests_total{job="glassbox",route="/models/{name}/predictions",code="2xx"}))";
    std::map<std::string, double> rows, requests, by_instance, up;
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         std::chrono::steady_clock::now() < deadline;) {
        rows = prometheus_query(port, rows_query);
        requests = prometheus_query(port, requests_query);
        if (rows[""] == rows_total && requests[""] == requests_total) break;
        std::this_thread::sleep_for(250ms);
    }
    by_instance = prometheus_query(port, R"(sum by (instance) (glassbox_predictions_total{job="glassbox"}))",
                                   "instance");
    up = prometheus_query(port, R"(up{job="glassbox"})", "instance");

    CHECK(rows[""] == rows_total); // 1 + 2*3 + 3*5 = 22 rows
    CHECK(requests[""] == requests_total);
    CHECK(by_instance == sent_rows);
    CHECK(up.size() == 3);
    for (const auto& [instance, value] : up) CHECK(value == 1);
    // The alerting rules loaded, and none fires on three healthy instances.
    const auto rules = run_command("curl -s http://127.0.0.1:" + std::to_string(port) + "/api/v1/rules", 10s);
    const auto answer = nlohmann::json::parse(rules.output, nullptr, false);
    REQUIRE_FALSE(answer.is_discarded());
    REQUIRE(answer["data"]["groups"].size() == 1);
    CHECK(answer["data"]["groups"][0]["rules"].size() == 4);
    for (const auto& rule : answer["data"]["groups"][0]["rules"]) {
        CHECK(rule.value("health", "") != "err");
        CHECK(rule.value("state", "") == "inactive");
    }
    CHECK(prometheus.stop(SIGTERM) == 0);
}

TEST_CASE("promtool check metrics accepts /metrics as served", "[deploy][prometheus]") {
    ServerProcess server({"--quiet"});
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    // Every family with samples: a prediction (drift gauges), a 404 and a 405 (more classes).
    REQUIRE(curl_status("--json '{\"features\":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}' " + base +
                        "/models/iris/predictions") == 200);
    REQUIRE(curl_status(base + "/nowhere") == 404);
    REQUIRE(curl_status("-X DELETE " + base + "/health") == 405);

    // The linter's verdict is its exit status and its output: both must be clean.
    const auto lint = run_command("curl -sf " + base + "/metrics | promtool check metrics 2>&1", 30s);
    INFO(lint.output);
    CHECK(lint.exit_status == 0);
    CHECK(lint.output.empty());

    // And the same pipe does fail on a problem, so a pass above means something.
    const auto bad =
        run_command("printf '# TYPE glassbox_x counter\\nglassbox_x 1\\n' | promtool check metrics 2>&1");
    CHECK(bad.exit_status != 0);
    CHECK(bad.output.find("_total") != std::string::npos);
}
