// tests/support/process.cpp: fork/exec with pipes, poll() timeouts, and signals.
#include "support/process.hpp"

#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
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

ServerProcess::ServerProcess(std::vector<std::string> args)
    : ServerProcess(glassbox_binary(), [&args] {
          args.insert(args.begin(), {"serve", "--port", "0"});
          return std::move(args);
      }()) {}

ServerProcess::ServerProcess(const std::string& program, std::vector<std::string> args) {
    args.insert(args.begin(), program);
    // Run from the repository root, as a user would: ./model.bin is the default model.
    const std::string directory = source_dir();
    // stderr goes to a file, not a pipe: a chatty trace must never block the server.
    char path[] = "/tmp/glassbox-test-stderr-XXXXXX";
    stderr_fd_ = ::mkstemp(path);
    ::unlink(path);
    int out[2];
    if (stderr_fd_ < 0 || ::pipe(out) != 0) throw std::runtime_error("pipe() failed");
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(stderr_fd_, STDERR_FILENO);
        for (int fd : {out[0], out[1], stderr_fd_}) ::close(fd);
        if (::chdir(directory.c_str()) != 0) ::_exit(126);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
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
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    int code = wait_for_exit(pid_, timeout);
    if (code == -2) {
        ::kill(pid_, SIGKILL);
        wait_for_exit(pid_, std::chrono::seconds(5));
        code = -1;
    }
    pid_ = -1;
    return code;
}

std::string ServerProcess::stderr_text() {
    std::string text;
    char buffer[8192];
    ssize_t n;
    for (off_t offset = 0; (n = ::pread(stderr_fd_, buffer, sizeof buffer, offset)) > 0; offset += n) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace glassbox::test
