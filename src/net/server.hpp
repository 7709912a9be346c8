// net/server.hpp: the TCP server: listening socket, worker threads, live connections, stop.
// Course topic: TCP: a listening socket accepts connections; each is a byte stream.
// One io_context per thread (Asio's "io_context per CPU" design): a connection lives on one
// thread from accept to close, so it needs no locks. Asio is used only under src/net/.
// Read next: connection.hpp (one client's request/response loop).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>

#include "http/limits.hpp"
#include "http/message.hpp"
#include "trace/trace.hpp"

namespace glassbox::net {

/// What the server calls for each complete request: every layer above HTTP.
/// It may add REST and MODEL lines to the connection's trace.
using Handler = std::function<http::Response(const http::Request&, trace::Trace&)>;

/// What the server calls once a request's header section is complete and a body is still to
/// come: an answer returned here is sent at once, the body is never read (nor asked for with
/// 100 Continue) and the connection closes. Only the head is final at that moment: the
/// method, target and fields; `body` is empty.
using HeadHandler = std::function<std::optional<http::Response>(const http::Request&, trace::Trace&)>;

/// How the server listens and how long it waits.
struct ServerOptions {
    std::string host = "127.0.0.1";      ///< loopback by default: reachable only from this machine
    std::uint16_t port = 8000;           ///< 0: the kernel picks a free port; see Server::port()
    unsigned threads = 0;                ///< 0: one per core
    std::size_t max_connections = 10000; ///< beyond this a new client gets 503 and is closed
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)}; ///< keep-alive with no request
    std::chrono::milliseconds header_timeout{
        std::chrono::seconds(10)}; ///< first byte to end of head (slowloris)
    std::chrono::milliseconds body_timeout{
        std::chrono::seconds(30)};    ///< longest silence while reading a body or writing
    std::size_t body_min_rate = 1024; ///< bytes a second a body must average once body_timeout has passed
    std::size_t body_memory = std::size_t{256} << 20; ///< request bodies buffered at once, all connections
    std::chrono::milliseconds shutdown_grace{
        std::chrono::seconds(5)};  ///< in-flight work gets this long on stop
    http::Limits limits;           ///< request size budgets (414, 431, 413)
    trace::Sink* trace = nullptr;  ///< where `--trace` prints; nullptr: tracing off
    std::FILE* error_log = stderr; ///< one line for each exception that escaped a coroutine; nullptr: none
    /// Tests only: called at "accept", "read" (before the parser sees bytes) and "write"; it may
    /// throw (std::bad_alloc) to stand for an allocation that failed there.
    std::function<void(std::string_view where)> fault_hook;
};

class Connection;

/// Bytes moved by the connections of one worker thread. Only that thread writes them
/// (relaxed atomics on a cache line of their own); readers add up every worker's.
struct alignas(64) TrafficCounters {
    std::atomic<std::uint64_t> bytes_received{0}; ///< read from clients
    std::atomic<std::uint64_t> bytes_sent{0};     ///< written to clients
};

/// A listening TCP server that hands each complete request to a Handler.
class Server {
public:
    /// Binds and listens at once, so port() is known before run(); throws std::system_error
    /// with the operating system's reason when the address cannot be bound.
    Server(ServerOptions options, Handler handler, HeadHandler head_handler = {});
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The address and port actually listened on (the real port when 0 was asked for).
    asio::ip::tcp::endpoint local_endpoint() const;
    /// Serves on the calling thread and the worker threads until stop() has finished.
    void run();
    /// Graceful stop, callable from any thread: stop accepting, close idle connections,
    /// let in-flight requests finish within options.shutdown_grace, then close the rest.
    void stop();
    /// SIGINT and SIGTERM call stop(); SIGHUP calls `on_hangup` (reload). Call before run().
    void handle_signals(std::function<void()> on_hangup);
    /// Connections accepted since start (each gets this number in the trace).
    std::uint64_t connections_accepted() const { return connection_ids_.load(); }
    /// Connections open right now.
    std::size_t open_connections() const { return open_connections_.load(); }
    /// Bytes read from clients since start, over every worker.
    std::uint64_t bytes_received() const;
    /// Bytes written to clients since start, over every worker.
    std::uint64_t bytes_sent() const;

    // --- used by Connection ---
    const ServerOptions& options() const { return options_; }
    const Handler& handler() const { return handler_; }
    const HeadHandler& head_handler() const { return head_handler_; }
    bool stopping() const { return stopping_.load(); }
    std::uint64_t next_connection_id() { return ++connection_ids_; }

private:
    /// One thread's io_context and the connections living on it (touched only by that thread).
    struct Worker {
        asio::io_context io{1};
        asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
        std::unordered_set<Connection*> connections;
        TrafficCounters traffic;
        asio::steady_timer sweep{io}; ///< wakes sweep_loop
        bool done = false;            ///< set at the end of a stop: sweep_loop returns
    };

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> signal_loop();
    asio::awaitable<void> refuse(asio::ip::tcp::socket socket);
    asio::awaitable<void> drain_then_close();
    /// Every eighth of the shortest timeout (5 ms to 1 s), closes this worker's connections
    /// whose deadline has passed.
    asio::awaitable<void> sweep_loop(Worker& worker);
    /// The worker that gets the next connection (round robin).
    Worker& pick_worker();

    ServerOptions options_;
    Handler handler_;
    HeadHandler head_handler_;
    std::vector<std::unique_ptr<Worker>> workers_;
    asio::ip::tcp::acceptor acceptor_;
    std::unique_ptr<asio::signal_set> signals_;
    std::function<void()> on_hangup_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> open_connections_{0};
    std::atomic<std::uint64_t> connection_ids_{0};
    std::size_t next_worker_ = 0;

    friend class Connection;
};

} // namespace glassbox::net
