// tests/net/serve_limits_test.cpp: `glassbox serve` against the limits of its process.
// Course topic: a server is a process: file descriptors, signals and files it does not choose.
// Each test runs the built binary on port 0 (issue 13: D9, D10) and stops it.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "support/process.hpp"
#include "support/raw_client.hpp"

using glassbox::test::RawClient;
using glassbox::test::ServerProcess;
using namespace std::chrono_literals;

namespace {

std::string health(std::uint16_t port) {
    RawClient client(port);
    client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    return client.read_responses(1, 2s);
}

/// Waits (bounded) until the server's stderr holds `text`.
bool stderr_says(ServerProcess& server, const std::string& text, std::chrono::milliseconds timeout = 2s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (server.stderr_text().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

} // namespace

TEST_CASE("serve fits --max-connections to its descriptors and answers 503 past them",
          "[cli][serve][hostile]") {
    // 128 descriptors, soft and hard: the default 10000 connections cannot fit.
    ServerProcess server("/bin/sh", {"-c", "ulimit -n 128 && exec " + glassbox::test::glassbox_binary() +
                                               " serve --port 0 --threads 1 --quiet"});
    CHECK(stderr_says(server, "--max-connections lowered from 10000"));
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 140; ++i) clients.push_back(std::make_unique<RawClient>(server.port()));
    // Every client past what fits is told so at once, not left waiting in the backlog.
    const std::string reply = clients.back()->read_until_close(2s);
    INFO(reply);
    CHECK(reply.starts_with("HTTP/1.1 503 "));
    clients.clear();
    std::this_thread::sleep_for(200ms);
    CHECK(health(server.port()).starts_with("HTTP/1.1 200 OK"));
    CHECK(server.stop(SIGTERM, 5s) == 0);
}

TEST_CASE("SIGHUP with a FIFO as a model file neither blocks accepting nor loads it",
          "[cli][serve][hostile]") {
    char dir[] = "/tmp/glassbox-fifo-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string path = std::string(dir) + "/m.bin";
    REQUIRE(glassbox::test::run_command("cp " + glassbox::test::source_dir() + "/model.bin " + path)
                .exit_status == 0);
    {
        ServerProcess server({"--model", "m=" + path, "--threads", "1", "--quiet"});
        REQUIRE(::unlink(path.c_str()) == 0);
        REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
        ::kill(server.pid(), SIGHUP);
        std::this_thread::sleep_for(200ms);
        std::string answer;
        try {
            answer = health(server.port());
        } catch (const std::runtime_error&) {
        }
        CHECK(answer.starts_with("HTTP/1.1 200 OK"));
        CHECK(stderr_says(server, "model 'm' kept"));
        CHECK(stderr_says(server, "not a regular file"));
        CHECK(health(server.port()).starts_with("HTTP/1.1 200 OK")); // and after it
        // A reader blocked on the FIFO (before the fix) is released by a writer coming and going.
        const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK);
        if (fd >= 0) ::close(fd);
        CHECK(server.stop(SIGTERM, 5s) == 0);
    }
    ::unlink(path.c_str());
    ::rmdir(dir);
}
