// tests/support/raw_client.hpp: a blocking TCP client on loopback, for sending raw bytes.
// Integration tests use it to send exactly the bytes a telnet or nc user would type.
// Every read is bounded by a timeout, so a broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox::test {

/// One TCP connection to 127.0.0.1 or ::1; closed by the destructor.
class RawClient {
public:
    /// Connects to `host` ("127.0.0.1" or "::1") at `port`, from the IPv4 address `source` when
    /// one is given (e.g. "127.0.0.2", another loopback address: a second peer on one
    /// machine); throws std::runtime_error on failure.
    RawClient(std::uint16_t port, const std::string& host = "127.0.0.1", const std::string& source = "");
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    /// Sends every byte of `bytes`.
    void send(std::string_view bytes);
    /// Reads until the server closes or `timeout` passes; returns what arrived.
    std::string read_until_close(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// Reads until `count` complete responses (head + Content-Length body) have arrived, or timeout.
    std::string read_responses(std::size_t count,
                               std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /// True when the server has closed the connection (a read returns 0) within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout);
    /// Half-closes: no more bytes from us.
    void shutdown_send();
    /// True when a read failed with a reset (ECONNRESET or EPIPE) instead of a clean close.
    bool reset_by_peer() const { return reset_by_peer_; }

private:
    /// Reads what is available, waiting at most until `deadline`; false on timeout or close.
    bool read_some(std::string& into, std::chrono::steady_clock::time_point deadline);
    int fd_ = -1;
    bool peer_closed_ = false;
    bool reset_by_peer_ = false;
};

/// The number of complete HTTP responses at the start of `bytes` (1xx interim ones excluded).
std::size_t count_responses(std::string_view bytes);

/// The status codes of the responses in `bytes`, in order (1xx included).
std::string status_codes(std::string_view bytes);

} // namespace glassbox::test
