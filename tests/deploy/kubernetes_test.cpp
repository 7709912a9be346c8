// tests/deploy/kubernetes_test.cpp: deploy/kubernetes/ checked without a cluster.
// Course topic: manifests that agree with the server they run: check_kubernetes.py (Debian's
// python3-yaml) parses them, checks the required fields, the labels, names and ports they
// share, and asks a live glassbox for the routes the probes name.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "docs/transcript.hpp"
#include "support/process.hpp"
#include "support/temp_directory.hpp"

using namespace glassbox::test;
using namespace std::chrono_literals;

namespace {

/// check_kubernetes.py on the manifests in `manifests`, with the ConfigMap that
/// model-configmap.sh makes of ./model.bin, against a live glassbox.
CommandResult check(const std::string& manifests, const TempDirectory& dir) {
    ServerProcess server({"--quiet"});
    const std::string root = "'" + source_dir() + "'";
    const std::string configmap = dir.path() + "/model-configmap.yaml";
    REQUIRE(run_command("cd " + root + " && sh deploy/kubernetes/model-configmap.sh model.bin > " + configmap)
                .exit_status == 0);
    return run_command("cd " + root + " && /usr/bin/python3 tests/deploy/check_kubernetes.py '" + manifests +
                           "' " + configmap + " model.bin http://127.0.0.1:" + std::to_string(server.port()) +
                           " 2>&1",
                       60s);
}

} // namespace

TEST_CASE("deploy/kubernetes: parsed, complete, consistent, probes real routes", "[deploy][kubernetes]") {
    const TempDirectory dir("glassbox-kubernetes");
    const auto result = check(source_dir() + "/deploy/kubernetes", dir);
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(result.output.starts_with("ok: 4 manifests"));
}

TEST_CASE("deploy/kubernetes: the checker catches a wrong probe, port and grace", "[deploy][kubernetes]") {
    const TempDirectory dir("glassbox-kubernetes");
    const std::string source = source_dir() + "/deploy/kubernetes/";
    for (const char* name : {"service.yaml", "hpa.yaml"}) {
        std::ofstream(dir.path() + "/" + name) << read_file(source + name);
    }
    std::string deployment = read_file(source + "deployment.yaml");
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"path: /health/ready", "path: /healthz"},
          {"containerPort: 8000", "containerPort: 8080"},
          {"terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 5"}}) {
        const std::size_t at = deployment.find(from);
        REQUIRE(at != std::string::npos);
        deployment.replace(at, from.size(), to);
    }
    std::ofstream(dir.path() + "/deployment.yaml") << deployment;
    const auto result = check(dir.path(), dir);
    INFO(result.output);
    CHECK(result.exit_status == 1);
    CHECK(result.output.find("readinessProbe asks /healthz, which glassbox does not serve") !=
          std::string::npos);
    CHECK(result.output.find("the container port named http (8080) is not --port (8000)") !=
          std::string::npos);
    CHECK(result.output.find("terminationGracePeriodSeconds 5 is not longer than --drain-seconds 10") !=
          std::string::npos);
}
