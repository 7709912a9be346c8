// tests/deploy/loopback_cluster_test.cpp: deploy/loopback-cluster.sh --short in the test suite.
// Three real glassbox instances behind a real nginx, under wrk, through a SIGKILL, a draining
// SIGTERM and a rolling model update (issue 18), scraped by a real Prometheus that must
// count the last predictions sent: the script exits 0 only with zero failed predictions.
// The script bounds its own time (90 s) and stops every process it started.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "support/process.hpp"

using glassbox::test::run_command;

TEST_CASE("loopback cluster: zero failed predictions through kill, drain, rollout",
          "[deploy][cluster][nginx]") {
    const std::string dir = glassbox::test::source_dir();
    // 2>&1: a failure's reason and the logs' last lines land in the test's output.
    const auto result = run_command("sh '" + dir + "/deploy/loopback-cluster.sh' --short --glassbox '" +
                                        glassbox::test::glassbox_binary() + "' 2>&1",
                                    std::chrono::seconds(120));
    INFO(result.output);
    REQUIRE(result.exit_status == 0);
    CHECK(result.output.find("cluster: 0 failed predictions") != std::string::npos);
    CHECK(result.output.find("via proxy 127.0.0.1 POST /models/iris/predictions 200") != std::string::npos);
    CHECK(result.output.find("every instance ends on \"crc32-") != std::string::npos);
    CHECK(result.output.find("the 25 requests of 4 rows sent") != std::string::npos);
}
