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
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
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
    std::size_t max_connections = 10000; ///< beyond this a new client gets 503 and is closed; see
                                         ///< fit_to_descriptor_limit()
    std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)}; ///< keep-alive with no request
    std::chrono::milliseconds header_timeout{
        std::chrono::seconds(10)}; ///< first byte to end of head (slowloris)
    std::chrono::milliseconds body_timeout{
        std::chrono::seconds(30)}; ///< longest silence while reading a body or writing
    /// Bytes a second a body must average (Apache's RequestReadTimeout MinRate): a body gets
    /// body_timeout, plus one second for every body_min_rate bytes received. 0: no rate.
    std::size_t body_min_rate = 1024;
    /// Request bodies buffered at once, over all connections (Content-Length counted when the
    /// head arrives, chunked bodies as they arrive); past it a body gets 503 with Retry-After.
    std::size_t body_memory = std::size_t{256} << 20;
    std::chrono::milliseconds shutdown_grace{
        std::chrono::seconds(5)}; ///< in-flight work gets this long on stop
    /// On SIGTERM: how long to keep serving, not ready (draining()), before stop(). 0: stop at
    /// once. Load balancers and orchestrators need that time to stop sending new requests.
    std::chrono::milliseconds drain{0};
    http::Limits limits; ///< request size budgets (414, 431, 413)
    /// Peers whose X-Forwarded-For is believed (--trusted-proxy; net/forwarded.hpp).
    std::vector<asio::ip::address> trusted_proxies;
    trace::Sink* trace = nullptr;  ///< where `--trace` prints; nullptr: tracing off
    std::FILE* error_log = stderr; ///< one line for each exception that escaped a coroutine; nullptr: none
    /// Tests only: called at "accept", "read" (before the parser sees bytes) and "write"; it may
    /// throw (std::bad_alloc) to stand for an allocation that failed there.
    std::function<void(std::string_view where)> fault_hook;
};

class Connection;

/**
 * Fits the server to the process's file-descriptor limit (RLIMIT_NOFILE): raises the soft
 * limit to the hard one, then lowers options.max_connections to the descriptors left once
 * the server's own are kept aside (listener, event queues, signals, model files, the spare
 * one for a 503). Returns a one-line sentence saying so when it lowered it, else "".
 */
std::string fit_to_descriptor_limit(ServerOptions& options);

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
    /// SIGINT calls stop(); so does SIGTERM, after options.drain spent draining() (a second
    /// SIGTERM or a SIGINT meanwhile stops at once); SIGHUP calls `on_hangup` (reload) on a thread of its
    /// own, never on a thread that accepts or serves: a slow file stops no client. A SIGHUP
    /// during a reload runs one more reload after it. Call before run().
    void handle_signals(std::function<void()> on_hangup);
    /// Connections accepted since start (each gets this number in the trace).
    std::uint64_t connections_accepted() const { return connection_ids_.load(); }
    /// Connections open right now.
    std::size_t open_connections() const { return open_connections_.load(); }
    /// Bytes read from clients since start, over every worker.
    std::uint64_t bytes_received() const;
    /// Bytes written to clients since start, over every worker.
    std::uint64_t bytes_sent() const;
    /// Request-body bytes buffered now, over every connection (ServerOptions::body_memory).
    std::size_t body_bytes() const { return body_bytes_.load(); }
    /// Exceptions that escaped a coroutine or a handler since start (each logged to error_log).
    std::uint64_t escaped_exceptions() const { return escaped_exceptions_.load(); }

    // --- used by Connection ---
    const ServerOptions& options() const { return options_; }
    const Handler& handler() const { return handler_; }
    const HeadHandler& head_handler() const { return head_handler_; }
    bool stopping() const { return stopping_.load(); }
    /// True from a SIGTERM until the process exits: the server still answers, but is not
    /// ready for new work, and ends each kept-alive connection after its current answer.
    bool draining() const { return draining_.load() || stopping_.load(); }
    std::uint64_t next_connection_id() { return ++connection_ids_; }
    /// Takes `bytes` from the body budget; false (and nothing taken) when it would overflow.
    bool reserve_body(std::size_t bytes);
    /// Gives back what reserve_body() took.
    void release_body(std::size_t bytes) { body_bytes_ -= bytes; }
    /// Counts an exception that escaped and writes one line about it to options.error_log.
    void report_exception(const char* where, std::exception_ptr error) noexcept;

private:
    /// One thread's io_context and the connections living on it (touched only by that thread).
    struct Worker {
        /// Declared first, destroyed last: a coroutine frame the io_context destroys takes its
        /// Connection with it, whose destructor leaves this set.
        std::unordered_set<Connection*> connections;
        asio::io_context io{1};
        asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
        TrafficCounters traffic;
        asio::steady_timer sweep{io}; ///< wakes sweep_loop
        bool done = false;            ///< set at the end of a stop: sweep_loop returns
    };

    asio::awaitable<void> accept_loop();
    asio::awaitable<void> signal_loop();
    /// SIGTERM with options.drain: waits that long, then stop().
    asio::awaitable<void> stop_after_drain();
    /// Answers 503 to a client past max_connections (`open` connections are open) and closes.
    asio::awaitable<void> refuse(asio::ip::tcp::socket socket, std::size_t open);
    /// Out of descriptors (EMFILE): frees the spare one, accepts with it, answers 503, closes.
    void refuse_with_spare_descriptor();
    /// Runs on_hangup_ on reload_thread_ (see handle_signals).
    void request_reload();
    /// Runs one worker's io_context until it runs out of work, logging what escapes a handler.
    void run_worker(Worker& worker);
    /// A co_spawn completion handler: logs an exception that escaped the coroutine `where`
    /// (in place of asio::detached, which drops it).
    auto log_escape(const char* where) {
        return [this, where](std::exception_ptr error) {
            if (error) report_exception(where, error);
        };
    }
    asio::awaitable<void> drain_then_close();
    /// Every eighth of the shortest timeout (5 ms to 1 s), closes this worker's connections
    /// whose deadline has passed.
    asio::awaitable<void> sweep_loop(Worker& worker);
    /// The worker that gets the next connection (round robin).
    Worker& pick_worker();

    ServerOptions options_;
    Handler handler_;
    HeadHandler head_handler_;
    // The counters come before the workers: a Connection destroyed with its worker's
    // io_context still counts itself out.
    std::atomic<bool> stopping_{false};
    std::atomic<bool> draining_{false};
    std::atomic<std::size_t> open_connections_{0};
    std::atomic<std::uint64_t> connection_ids_{0};
    std::atomic<std::size_t> body_bytes_{0};
    std::atomic<std::uint64_t> escaped_exceptions_{0};
    std::vector<std::unique_ptr<Worker>> workers_;
    asio::ip::tcp::acceptor acceptor_;
    std::unique_ptr<asio::signal_set> signals_;
    std::function<void()> on_hangup_;
    std::size_t next_worker_ = 0;
    int spare_descriptor_ = -1; ///< /dev/null, held so a 503 can be sent when descriptors run out
    std::mutex reload_mutex_;   ///< guards the two flags below
    bool reload_running_ = false;
    bool reload_again_ = false; ///< a SIGHUP came during a reload
    std::thread reload_thread_;

    friend class Connection;

    /**
     * Fits the server to the process's file-descriptor limit (RLIMIT_NOFILE): raises the soft
     * limit to the hard one, then lowers options.max_connections to the descriptors left once
     * the server's own are kept aside (listener, event queues, signals, model files, the spare
     * one for a 503). Returns a one-line sentence saying so when it lowered it, else "".
     */
    std::string fit_to_descriptor_limit(ServerOptions& options);
};

} // namespace glassbox::net
