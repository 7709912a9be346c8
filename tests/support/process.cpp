// tests/support/process.cpp: fork/exec with pipes, poll() timeouts, and signals.
#include "support/process.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace glassbox::test {
namespace {

/// Appends what `fd` has (non-blocking); false at end of file.
bool drain(int fd, std::string& into) {
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            into.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        return n < 0; // 0: end of file; -1 with EAGAIN: nothing more now
    }
}

int wait_for_exit(int pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        if (std::chrono::steady_clock::now() > deadline) return -2;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

/// An anonymous file (already unlinked) for a child's output.
int output_file() {
    char path[] = "/tmp/glassbox-test-output-XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd < 0) throw std::runtime_error("mkstemp() failed");
    ::unlink(path);
    return fd;
}

/// Forks and runs `args` in `directory` with standard output on `out_fd` and error on
/// `err_fd`; the child closes `close_fd` too (the parent's end of a pipe, or -1).
int spawn(std::vector<std::string> args, const std::string& directory, int out_fd, int err_fd, int close_fd) {
    const int pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork() failed");
    if (pid == 0) {
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        for (int fd : {out_fd, err_fd, close_fd}) {
            if (fd > STDERR_FILENO) ::close(fd);
        }
        if (::chdir(directory.c_str()) != 0) ::_exit(126);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

/// Sends `signal` to `pid`, waits up to `timeout` (then SIGKILL); sets `pid` to -1.
int stop_child(int& pid, int signal, std::chrono::milliseconds timeout) {
    if (pid <= 0) return -1;
    ::kill(pid, signal);
    int code = wait_for_exit(pid, timeout);
    if (code == -2) {
        ::kill(pid, SIGKILL);
        wait_for_exit(pid, std::chrono::seconds(5));
        code = -1;
    }
    pid = -1;
    return code;
}

/// The whole content of the file `fd`, read from its start.
std::string file_text(int fd) {
    std::string text;
    char buffer[8192];
    ssize_t n;
    for (off_t offset = 0; (n = ::pread(fd, buffer, sizeof buffer, offset)) > 0; offset += n) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace

std::string glassbox_binary() { return GLASSBOX_BINARY; }
std::string source_dir() { return GLASSBOX_SOURCE_DIR; }

CommandResult run_command(const std::string& command, std::chrono::seconds timeout) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe() failed");
    const int pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(out[1]);
    ::fcntl(out[0], F_SETFL, O_NONBLOCK);
    CommandResult result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool open = true;
    while (open && std::chrono::steady_clock::now() < deadline) {
        pollfd p{out[0], POLLIN, 0};
        ::poll(&p, 1, 50);
        open = drain(out[0], result.output);
    }
    ::close(out[0]);
    if (open) ::kill(pid, SIGKILL);
    const int code = wait_for_exit(pid, std::chrono::seconds(5));
    result.exit_status = open ? -1 : code;
    return result;
}

bool reference_engine_asked() {
    const char* engine = std::getenv("GLASSBOX_TEST_ENGINE");
    return engine != nullptr && std::string_view(engine) == "reference";
}

ServerProcess::ServerProcess(std::vector<std::string> args)
    : ServerProcess(glassbox_binary(), [&args] {
          args.insert(args.begin(), {"serve", "--port", "0"});
          if (reference_engine_asked() && std::find(args.begin(), args.end(), "--engine") == args.end())
              args.insert(args.end(), {"--engine", "reference"});
          return std::move(args);
      }()) {}

ServerProcess::ServerProcess(const std::string& program, std::vector<std::string> args) {
    args.insert(args.begin(), program);
    // Run from the repository root, as a user would: ./model.bin is the default model.
    const std::string directory = source_dir();
    // stderr goes to a file, not a pipe: a chatty trace must never block the server.
    stderr_fd_ = output_file();
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe() failed");
    pid_ = spawn(std::move(args), directory, out[1], stderr_fd_, out[0]);
    ::close(out[1]);
    stdout_fd_ = out[0];
    ::fcntl(stdout_fd_, F_SETFL, O_NONBLOCK);
    std::string printed;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    constexpr std::string_view marker = "serving on http://";
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{stdout_fd_, POLLIN, 0};
        ::poll(&p, 1, 50);
        drain(stdout_fd_, printed);
        const std::size_t at = printed.find(marker);
        const std::size_t slash = at == std::string::npos ? at : printed.find('/', at + marker.size());
        if (slash != std::string::npos) {
            const std::size_t colon = printed.rfind(':', slash);
            port_ = static_cast<std::uint16_t>(std::stoi(printed.substr(colon + 1, slash - colon - 1)));
            return;
        }
    }
    stop(SIGKILL);
    throw std::runtime_error("glassbox serve did not print its address; it printed: " + printed +
                             " stderr: " + stderr_text());
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) stop(SIGKILL);
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    if (stderr_fd_ >= 0) ::close(stderr_fd_);
}

int ServerProcess::stop(int signal, std::chrono::milliseconds timeout) {
    return stop_child(pid_, signal, timeout);
}

std::string ServerProcess::stderr_text() { return file_text(stderr_fd_); }

std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    ::close(fd);
    if (!ok) throw std::runtime_error("no free port on 127.0.0.1");
    return ntohs(address.sin_port);
}

ChildProcess::ChildProcess(std::vector<std::string> args, const std::string& directory)
    : output_fd_(output_file()) {
    pid_ = spawn(std::move(args), directory, output_fd_, output_fd_, -1);
}

ChildProcess::~ChildProcess() {
    stop(SIGKILL);
    ::close(output_fd_);
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return true;
    pid_ = -1;
    return false;
}

int ChildProcess::stop(int signal, std::chrono::milliseconds timeout) {
    return stop_child(pid_, signal, timeout);
}

std::string ChildProcess::output_text() { return file_text(output_fd_); }

} // namespace glassbox::test
