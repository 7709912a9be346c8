// tests/support/raw_client.cpp: POSIX sockets with poll() timeouts.
// Kept in tests/ on purpose: the server's own networking lives only in src/net/ (Asio).
#include "support/raw_client.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace glassbox::test {

RawClient::RawClient(std::uint16_t port, const std::string& host, const std::string& source) {
    const bool v6 = host.find(':') != std::string::npos;
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    int rc = -1;
    if (v6) {
        sockaddr_in6 addr{};
        addr.sin6_family = AF_INET6;
        addr.sin6_port = htons(port);
        ::inet_pton(AF_INET6, host.c_str(), &addr.sin6_addr);
        rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    } else {
        if (!source.empty()) {
            // All of 127.0.0.0/8 is this machine's (RFC 1122 §3.2.1.3): binding the client's
            // end to 127.0.0.2 makes the server see a peer other than 127.0.0.1.
            sockaddr_in from{};
            from.sin_family = AF_INET;
            ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
            if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
                ::close(fd_);
                throw std::runtime_error("bind() to " + source + " failed");
            }
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
        rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    }
    if (rc != 0) {
        ::close(fd_);
        throw std::runtime_error("connect() to " + host + " failed");
    }
}

RawClient::~RawClient() {
    if (fd_ >= 0) ::close(fd_);
}

void RawClient::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send() failed");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

void RawClient::shutdown_send() { ::shutdown(fd_, SHUT_WR); }

bool RawClient::read_some(std::string& into, std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
        if (n < 0 && (errno == ECONNRESET || errno == EPIPE)) reset_by_peer_ = true;
        peer_closed_ = true;
        return false;
    }
    into.append(buffer, static_cast<std::size_t>(n));
    return true;
}

std::string RawClient::read_until_close(std::chrono::milliseconds timeout) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (read_some(out, deadline)) {
    }
    return out;
}

std::string RawClient::read_responses(std::size_t count, std::chrono::milliseconds timeout) {
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (count_responses(out) < count && read_some(out, deadline)) {
    }
    return out;
}

bool RawClient::closed_by_peer(std::chrono::milliseconds timeout) {
    std::string ignored;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (read_some(ignored, deadline)) {
    }
    return peer_closed_;
}

namespace {

/// Walks one response at `bytes[pos]`; returns its end and its status code, or npos if incomplete.
std::size_t response_end(std::string_view bytes, std::size_t pos, int& status) {
    const std::size_t head_end = bytes.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos || bytes.size() < pos + 12) return std::string_view::npos;
    status = std::stoi(std::string(bytes.substr(pos + 9, 3)));
    std::size_t length = 0;
    const std::string_view head = bytes.substr(pos, head_end - pos);
    const std::size_t cl = head.find("\r\nContent-Length: ");
    if (cl != std::string_view::npos) length = std::stoul(std::string(head.substr(cl + 18, 12)));
    const std::size_t end = head_end + 4 + length;
    return end <= bytes.size() ? end : std::string_view::npos;
}

} // namespace

std::size_t count_responses(std::string_view bytes) {
    std::size_t pos = 0;
    std::size_t count = 0;
    int status = 0;
    for (std::size_t end; (end = response_end(bytes, pos, status)) != std::string_view::npos; pos = end) {
        if (status >= 200) ++count;
    }
    return count;
}

std::string status_codes(std::string_view bytes) {
    std::string out;
    std::size_t pos = 0;
    int status = 0;
    for (std::size_t end; (end = response_end(bytes, pos, status)) != std::string_view::npos; pos = end) {
        if (!out.empty()) out.push_back(' ');
        out.append(std::to_string(status));
    }
    return out;
}

} // namespace glassbox::test
