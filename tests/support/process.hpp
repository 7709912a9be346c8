// tests/support/process.hpp: running real clients (curl, python3, nc) and the glassbox binary.
// Every wait is bounded: a test that would hang fails instead.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace glassbox::test {

/// What a finished command printed and how it exited.
struct CommandResult {
    int exit_status = -1; ///< the exit code, or -1 when it was killed or did not finish
    std::string output;   ///< standard output (standard error too when merged)
};

/// Runs `command` with /bin/sh, capturing standard output; killed after `timeout`.
CommandResult run_command(const std::string& command,
                          std::chrono::seconds timeout = std::chrono::seconds(60));

/// The path of the glassbox binary built beside the tests.
std::string glassbox_binary();

/// True when GLASSBOX_TEST_ENGINE is "reference": the servers the API tests start then run
/// --engine reference (support/test_engine.hpp; ServerProcess adds the option).
bool reference_engine_asked();

/// The repository root (for model.bin, examples/, docs/).
std::string source_dir();

/// A TCP port on 127.0.0.1 that nothing listens on now: the one the kernel gives a socket
/// bound to port 0 (from its ephemeral range, so never a well-known port like 9090), for a
/// program that must be told its port instead of printing the one it got.
std::uint16_t free_loopback_port();

/// Any program run in the background, its standard output and error kept in one file
/// (never a pipe: a chatty program must never block); the destructor kills it.
class ChildProcess {
public:
    /// Starts `args[0]` (a path, or a name looked up in PATH) with `args` in `directory`;
    /// throws std::runtime_error if it cannot be started.
    ChildProcess(std::vector<std::string> args, const std::string& directory);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    int pid() const { return pid_; }
    /// True while the process has not exited.
    bool running();
    /// Sends `signal` and waits up to `timeout` for the exit (then SIGKILL); the exit code, or -1.
    int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Everything the process printed so far.
    std::string output_text();

private:
    int pid_ = -1;
    int output_fd_ = -1;
};

/// A `glassbox serve --port 0 …` (or another server's) child process; the destructor stops it.
class ServerProcess {
public:
    /// Starts the binary in the repository root (so ./model.bin is found) with `args` after
    /// "serve --port 0" and waits (bounded) for the
    /// "serving on http://ADDR:PORT/" line; throws std::runtime_error if it does not come.
    explicit ServerProcess(std::vector<std::string> args = {});
    /// Starts `program` with `args` (e.g. an example server given "--port 0") and waits the
    /// same way for its "serving on http://ADDR:PORT/" line.
    ServerProcess(const std::string& program, std::vector<std::string> args);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    int pid() const { return pid_; }
    /// Sends `signal` and waits up to `timeout` for the exit; returns the exit code, or -1.
    int stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Everything the process wrote on stderr so far (the trace, access log).
    std::string stderr_text();

private:
    int pid_ = -1;
    int stdout_fd_ = -1;
    int stderr_fd_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace glassbox::test
