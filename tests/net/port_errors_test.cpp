// tests/net/port_errors_test.cpp: `glassbox serve` explains why it cannot listen (issue 17).
// Course topic: ports. System ports (0-1023) need privileges; a port holds one listener; the
// host must be an address of this machine. Each failure is one sentence and what to do.
#include <catch2/catch.hpp>

#include <unistd.h>

#include "support/process.hpp"
#include "support/text.hpp"

using glassbox::test::glassbox_binary;
using glassbox::test::has;
using glassbox::test::run_command;
using glassbox::test::ServerProcess;

TEST_CASE("serve --port 80 as a non-root user says what system ports are", "[cli][serve][ports]") {
    if (::geteuid() != 0) {
        // Not root: the test itself is the non-root user.
        const auto result = run_command(glassbox_binary() + " serve --port 80 2>&1");
        CHECK(result.exit_status == 1);
        CHECK(has(result.output, "system (well-known) ports"));
        return;
    }
    const auto probe = run_command("setpriv --reuid=65534 --regid=65534 --clear-groups true 2>&1");
    if (probe.exit_status != 0) {
        WARN("skipped: setpriv cannot drop to uid 65534 here: " << probe.output);
        return;
    }
    const auto result =
        run_command("cd / && setpriv --reuid=65534 --regid=65534 --clear-groups " + glassbox_binary() +
                    " serve --port 80 --model iris=" + glassbox::test::source_dir() + "/model.bin 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 1);
    CHECK(has(result.output, "cannot listen on 127.0.0.1 port 80: bind: Permission denied."));
    CHECK(has(result.output, "Ports 0-1023 are system (well-known) ports"));
    CHECK(has(result.output, "--port 8000"));
}

TEST_CASE("serve on a port another program holds names the way to find it", "[cli][serve][ports]") {
    ServerProcess first;
    const std::string port = std::to_string(first.port());
    const auto result = run_command("cd " + glassbox::test::source_dir() + " && " + glassbox_binary() +
                                    " serve --port " + port + " 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 1);
    CHECK(has(result.output, "Another program already listens on port " + port));
    CHECK(has(result.output, "ss -ltnp"));
}

TEST_CASE("serve --host with an address of another machine says so", "[cli][serve][ports]") {
    // 192.0.2.1 is a documentation address (RFC 5737): never one of this machine's.
    const auto result = run_command("cd " + glassbox::test::source_dir() + " && " + glassbox_binary() +
                                    " serve --host 192.0.2.1 --port 0 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 1);
    CHECK(has(result.output, "is not an address of this machine"));
}
