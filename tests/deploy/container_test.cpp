// tests/deploy/container_test.cpp: deploy/container/ checked without building the image.
// Course topic: an image that runs the server the way an orchestrator expects: the
// Containerfile's instructions, its health check (HTTP typed by bash) against a live and a
// draining glassbox, and, where an image was built (build.sh) and podman can run it here,
// the container itself answering /health/ready on a published loopback port.
#include <catch2/catch.hpp>

#include <csignal>
#include <regex>
#include <string>
#include <thread>
#include <unistd.h>

#include "docs/transcript.hpp"
#include "support/process.hpp"

using namespace glassbox::test;
using namespace std::chrono_literals;

namespace {

std::string containerfile() { return read_file(source_dir() + "/deploy/container/Containerfile"); }

/// The Containerfile's instruction lines that start with `keyword` (continuations joined).
std::vector<std::string> instructions(const std::string& keyword) {
    std::vector<std::string> found;
    const std::string text = std::regex_replace(containerfile(), std::regex("\\\\\n"), " ");
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = text.substr(start, end - start);
        if (line.starts_with(keyword + " ")) found.push_back(line);
    }
    return found;
}

/// deploy/container/healthcheck.sh against `port`: its exit status and what it printed.
CommandResult healthcheck(std::uint16_t port) {
    return run_command(
        "bash '" + source_dir() + "/deploy/container/healthcheck.sh' " + std::to_string(port) + " 2>&1", 10s);
}

} // namespace

TEST_CASE("Containerfile: two stages, non-root, health, stop signal, port", "[deploy][container]") {
    const auto from = instructions("FROM");
    REQUIRE(from.size() == 2);
    CHECK(from[0] == "FROM ${BASE} AS build");
    CHECK(from[1] == "FROM ${BASE}");
    CHECK(instructions("ARG") == std::vector<std::string>{"ARG BASE=localhost/debian:bookworm", "ARG JOBS"});
    // A runtime user by number, and not root's.
    CHECK(instructions("USER") == std::vector<std::string>{"USER 10001:10001"});
    CHECK(instructions("STOPSIGNAL") == std::vector<std::string>{"STOPSIGNAL SIGTERM"});
    CHECK(instructions("EXPOSE") == std::vector<std::string>{"EXPOSE 8000"});
    const auto health = instructions("HEALTHCHECK");
    REQUIRE(health.size() == 1);
    CHECK(health[0].find("CMD [\"/usr/local/bin/glassbox-healthcheck\", \"8000\"]") != std::string::npos);
    const auto cmd = instructions("CMD");
    REQUIRE(cmd.size() == 1);
    CHECK(cmd[0].find("\"--host\", \"0.0.0.0\", \"--port\", \"8000\"") != std::string::npos);
    CHECK(cmd[0].find("\"--drain-seconds\"") != std::string::npos);
    // HEALTHCHECK survives only in the docker format.
    CHECK(read_file(source_dir() + "/deploy/container/build.sh").find("podman build --format docker") !=
          std::string::npos);
}

TEST_CASE("the image's health check: 0 when ready, 1 when draining or closed", "[deploy][container]") {
    ServerProcess server({"--quiet", "--drain-seconds", "5"});
    auto result = healthcheck(server.port());
    CHECK(result.exit_status == 0);
    CHECK(result.output.empty());

    ::kill(server.pid(), SIGTERM); // the drain: still answering, no longer ready
    for (int i = 0; i < 100 && result.exit_status == 0; ++i) {
        std::this_thread::sleep_for(20ms);
        result = healthcheck(server.port());
    }
    CHECK(result.exit_status == 1);
    CHECK(result.output == "not ready: HTTP/1.1 503 Service Unavailable\n");
    server.stop(SIGKILL);

    result = healthcheck(free_loopback_port()); // nothing listens there
    CHECK(result.exit_status == 1);
}

TEST_CASE("podman runs localhost/glassbox and it answers /health/ready", "[deploy][container]") {
    // Only where build.sh has made the image (minutes: not part of the test run) and podman
    // runs containers here; otherwise one line says why, and the test passes.
    if (run_command("podman image exists localhost/glassbox:latest 2>&1", 30s).exit_status != 0) {
        WARN("skipped: no image localhost/glassbox:latest here (make it with sh deploy/container/build.sh)");
        return;
    }
    const std::uint16_t port = free_loopback_port();
    const std::string name = "glassbox-test-" + std::to_string(::getpid());
    // These machines: crun cannot set the default rlimits (no CAP_SYS_RESOURCE) nor run in
    // hybrid cgroups; runc with limits under the hard ones can (docs/08-operating.md).
    const std::string run =
        "podman --runtime runc run -d --name " + name +
        " --ulimit nofile=1024:1024 --ulimit nproc=1000:1000 -p 127.0.0.1:" + std::to_string(port) +
        ":8000 localhost/glassbox:latest 2>&1";
    // Removed however the test ends (a failed REQUIRE throws past the end).
    struct Remove {
        std::string name;
        ~Remove() { run_command("podman rm -f " + name + " >/dev/null 2>&1", 30s); }
    } remove{name};
    const auto started = run_command(run, 60s);
    if (started.exit_status != 0) {
        WARN("skipped: podman cannot run a container here: " << started.output);
        return;
    }
    std::string status;
    for (auto deadline = std::chrono::steady_clock::now() + 20s;
         status != "200" && std::chrono::steady_clock::now() < deadline;) {
        status =
            run_command("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + std::to_string(port) +
                        "/health/ready")
                .output;
        if (status != "200") std::this_thread::sleep_for(200ms);
    }
    CHECK(status == "200");
    // podman stop sends STOPSIGNAL (SIGTERM): the drain, then exit 0 within podman's 10 s.
    const auto stopped = run_command("podman stop -t 10 " + name + " 2>&1", 30s);
    CHECK(stopped.exit_status == 0);
    CHECK(run_command("podman inspect --format '{{.State.ExitCode}}' " + name, 30s).output == "0\n");
    CHECK(run_command("podman logs " + name + " 2>&1", 30s).output.find("glassbox: SIGTERM: not ready") !=
          std::string::npos);
}
