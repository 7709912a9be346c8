// net/server.cpp: listening, accepting, spreading connections over threads, stopping.
// Course topic: TCP: listen, accept, and a server that stops without dropping a response.
// Try: glassbox serve --port 0, then curl -i http://127.0.0.1:<printed port>/health.
#include "net/server.hpp"

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/v6_only.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "http/message.hpp"
#include "http/problem.hpp"
#include "net/connection.hpp"
#include "net/endpoint.hpp"
#include "trace/http_observer.hpp"

namespace glassbox::net {
namespace {

constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

asio::ip::tcp::endpoint resolve_endpoint(const std::string& host, std::uint16_t port) {
    std::error_code ec;
    const asio::ip::address address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) {
        throw std::system_error(ec, "'" + host + "' is not an IP address (use e.g. 127.0.0.1 or ::1)");
    }
    return {address, port};
}

/// The answer to a client refused before it is served (RFC 9110 §15.6.4: 503 with
/// Retry-After, a moment the client may try again), written like every other answer.
std::string refusal_bytes(std::string_view detail) {
    http::Response response = http::problem(http::Status::service_unavailable, detail);
    response.fields.set("Retry-After", "1");
    std::string out;
    http::write_response(response, {false, false, 11}, out);
    return out;
}

/// The trace of a refused connection: who it was, why it was refused, the status line sent.
void trace_refusal(trace::Sink* sink, std::uint64_t id, const asio::ip::tcp::socket& socket,
                   std::string_view why) {
    if (sink == nullptr) return;
    trace::Trace trace(sink, id);
    std::error_code ec;
    const EndpointFacts peer = describe(socket.remote_endpoint(ec));
    trace.line(trace::Layer::tcp, "connection from " + peer.address + " port " + std::to_string(peer.port) +
                                      " refused: " + std::string(why));
    trace::trace_status_line(trace, http::Status::service_unavailable);
    trace.line(trace::Layer::tcp, "closed by the server (refused) after 0 requests");
    trace.flush();
}

/// Descriptors the server keeps for itself: stdin/out/err, the listener, the spare one, the
/// signal pipe, a model file being read, with room to spare; and per worker thread its
/// epoll, eventfd and timerfd.
std::size_t descriptors_kept(unsigned threads) { return 16 + 3 * std::size_t{threads}; }

} // namespace

std::string fit_to_descriptor_limit(ServerOptions& options) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return "";
    if (limit.rlim_cur < limit.rlim_max) {
        // The soft limit is ours to raise up to the hard one (often 1024 → 524288).
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY) return "";
    const unsigned threads =
        options.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : options.threads;
    const std::size_t kept = descriptors_kept(threads);
    const std::size_t fits = limit.rlim_cur > kept + 1 ? static_cast<std::size_t>(limit.rlim_cur) - kept : 1;
    if (options.max_connections <= fits) return "";
    std::string note = "--max-connections lowered from " + std::to_string(options.max_connections) + " to " +
                       std::to_string(fits) + ": the process may open " + std::to_string(limit.rlim_cur) +
                       " files (ulimit -n) and keeps " + std::to_string(kept) + " for itself.";
    options.max_connections = fits;
    return note;
}

Server::Server(ServerOptions options, Handler handler, HeadHandler head_handler)
    : options_(std::move(options)), handler_(std::move(handler)), head_handler_(std::move(head_handler)),
      acceptor_([this]() -> asio::io_context& {
          const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
          const unsigned count = options_.threads == 0 ? cores : options_.threads;
          for (unsigned i = 0; i < count; ++i) workers_.push_back(std::make_unique<Worker>());
          return workers_.front()->io;
      }()) {
    const asio::ip::tcp::endpoint endpoint = resolve_endpoint(options_.host, options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    if (endpoint.address().is_v6()) acceptor_.set_option(asio::ip::v6_only(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
    spare_descriptor_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    asio::co_spawn(workers_.front()->io, accept_loop(), log_escape("accept_loop"));
    for (auto& worker : workers_) asio::co_spawn(worker->io, sweep_loop(*worker), log_escape("sweep_loop"));
}

Server::~Server() {
    if (reload_thread_.joinable()) reload_thread_.join();
    if (spare_descriptor_ >= 0) ::close(spare_descriptor_);
}

bool Server::reserve_body(std::size_t bytes) {
    std::size_t used = body_bytes_.load();
    do {
        if (bytes > options_.body_memory || used > options_.body_memory - bytes) return false;
    } while (!body_bytes_.compare_exchange_weak(used, used + bytes));
    return true;
}

void Server::report_exception(const char* where, std::exception_ptr error) noexcept {
    ++escaped_exceptions_;
    if (options_.error_log == nullptr) return;
    // fprintf, not a std::string: the exception may well be std::bad_alloc.
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        std::fprintf(options_.error_log, "glassbox: %s: an exception escaped and was contained: %s\n", where,
                     e.what());
    } catch (...) {
        std::fprintf(options_.error_log, "glassbox: %s: an exception escaped and was contained\n", where);
    }
}

asio::ip::tcp::endpoint Server::local_endpoint() const { return acceptor_.local_endpoint(); }

Server::Worker& Server::pick_worker() {
    Worker& worker = *workers_[next_worker_];
    next_worker_ = (next_worker_ + 1) % workers_.size();
    return worker;
}

std::uint64_t Server::bytes_received() const {
    std::uint64_t sum = 0;
    for (const auto& worker : workers_) sum += worker->traffic.bytes_received.load(std::memory_order_relaxed);
    return sum;
}

std::uint64_t Server::bytes_sent() const {
    std::uint64_t sum = 0;
    for (const auto& worker : workers_) sum += worker->traffic.bytes_sent.load(std::memory_order_relaxed);
    return sum;
}

asio::awaitable<void> Server::accept_loop() {
    asio::steady_timer backoff(acceptor_.get_executor());
    while (!stopping_) {
        bool wait = false;
        // Nothing that goes wrong with one client may end this loop: the process would live on,
        // deaf. A failure (std::bad_alloc, say) costs that client its connection, no more.
        try {
            Worker& worker = pick_worker();
            // The accepted socket belongs to the chosen worker's io_context: from here on the
            // connection runs only on that worker's thread.
            auto [ec, socket] = co_await acceptor_.async_accept(worker.io, as_tuple_awaitable);
            if (ec == asio::error::operation_aborted || stopping_) break;
            if (ec == asio::error::no_descriptors || ec == std::errc::too_many_files_open_in_system) {
                refuse_with_spare_descriptor();
                wait = true;
            } else if (ec) {
                wait = true; // the like of ENOBUFS: wait, rather than spin
            } else {
                if (options_.fault_hook) options_.fault_hook("accept");
                if (const std::size_t open = open_connections_.load(); open >= options_.max_connections) {
                    asio::co_spawn(worker.io, refuse(std::move(socket), open), log_escape("refuse"));
                    continue;
                }
                std::error_code ignored; // a peer gone already: the first read says so
                const asio::ip::address peer = unmapped(socket.remote_endpoint(ignored).address());
                auto connection = std::make_shared<Connection>(*this, std::move(socket), peer,
                                                               worker.connections, worker.traffic);
                asio::co_spawn(worker.io, Connection::serve_connection(std::move(connection)),
                               log_escape("serve_connection"));
            }
        } catch (const std::exception&) {
            report_exception("accept_loop", std::current_exception());
            wait = true;
        }
        if (wait) {
            backoff.expires_after(std::chrono::milliseconds(50));
            co_await backoff.async_wait(as_tuple_awaitable);
        }
    }
}

void Server::refuse_with_spare_descriptor() {
    // The process is out of descriptors, and the client waits in the backlog with no answer.
    // The classic way out (libev, nginx): give back the spare descriptor, accept the client
    // with it, answer 503 and close, then take the spare again.
    if (spare_descriptor_ < 0) return;
    ::close(spare_descriptor_);
    spare_descriptor_ = -1;
    std::error_code ec;
    asio::ip::tcp::socket socket(workers_.front()->io);
    acceptor_.non_blocking(true, ec); // never wait here: the next client may not be there yet
    acceptor_.accept(socket, ec);
    if (!ec) {
        socket.non_blocking(true, ec);
        // Read what the client sent, so closing does not send RST over our answer.
        char request[4096];
        socket.read_some(asio::buffer(request), ec);
        const std::string why = "the process has no file descriptor left (ulimit -n)";
        trace_refusal(options_.trace, next_connection_id(), socket, why);
        const std::string answer = refusal_bytes(
            "The server cannot open another file for this connection now (its descriptor limit). Try "
            "again in a moment.");
        socket.write_some(asio::buffer(answer), ec);
        socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        socket.close(ec);
    }
    spare_descriptor_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

asio::awaitable<void> Server::sweep_loop(Worker& worker) {
    // One timer per thread instead of one per connection: a request then costs no timer
    // work at all (its connection just writes down a deadline), and a thousand idle
    // connections cost one wake-up per interval. The price: a timeout fires up to one
    // interval late, an eighth of the shortest timeout (at most 1 s).
    const auto shortest = std::min({options_.idle_timeout, options_.header_timeout, options_.body_timeout});
    const auto interval = std::clamp<std::chrono::milliseconds>(shortest / 8, std::chrono::milliseconds(5),
                                                                std::chrono::seconds(1));
    while (!worker.done) {
        worker.sweep.expires_after(interval);
        co_await worker.sweep.async_wait(as_tuple_awaitable);
        const auto now = std::chrono::steady_clock::now();
        try {
            // expire_if_late only closes sockets; the set changes when coroutines run, later.
            for (Connection* connection : worker.connections) connection->expire_if_late(now);
        } catch (const std::exception&) {
            report_exception("sweep_loop", std::current_exception()); // the next round tries again
        }
    }
}

asio::awaitable<void> Server::refuse(asio::ip::tcp::socket socket, std::size_t open) {
    const std::string limit = std::to_string(options_.max_connections);
    trace_refusal(options_.trace, next_connection_id(), socket,
                  std::to_string(open) + (open == 1 ? " connection is open" : " connections are open") +
                      ", as many as --max-connections allows (" + limit + ")");
    const std::string answer = refusal_bytes(
        "The server has " + limit + (options_.max_connections == 1 ? " connection" : " connections") +
        " open, as many as it takes at once (--max-connections). Try again in a moment.");
    // Take what the client has sent already (it usually sends its request at once), so that
    // closing does not answer unread bytes with RST, which could destroy the 503.
    std::error_code ec;
    socket.non_blocking(true, ec);
    char request[4096];
    socket.read_some(asio::buffer(request), ec);
    co_await asio::async_write(socket, asio::buffer(answer), as_tuple_awaitable);
    socket.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

void Server::handle_signals(std::function<void()> on_hangup) {
    on_hangup_ = std::move(on_hangup);
    signals_ = std::make_unique<asio::signal_set>(workers_.front()->io, SIGINT, SIGTERM, SIGHUP);
    asio::co_spawn(workers_.front()->io, signal_loop(), log_escape("signal_loop"));
}

asio::awaitable<void> Server::signal_loop() {
    for (;;) {
        auto [ec, signal] = co_await signals_->async_wait(as_tuple_awaitable);
        if (ec) co_return; // cancelled: we are stopping
        if (signal == SIGHUP) {
            // Try: kill -HUP <pid>, to reload the models from their files.
            try {
                request_reload();
            } catch (const std::exception&) {
                report_exception("SIGHUP", std::current_exception()); // the next SIGHUP tries again
            }
            continue;
        }
        if (signal == SIGTERM && options_.drain.count() > 0 && !draining_.exchange(true)) {
            // Try: kill -TERM <pid>, then curl -i http://127.0.0.1:8000/health/ready (503).
            // Not ready first, stopped later: whoever routes traffic here (nginx, Kubernetes)
            // sees the 503 and stops sending, and what was sent meanwhile is still answered.
            if (options_.error_log != nullptr) {
                std::fprintf(options_.error_log,
                             "glassbox: SIGTERM: not ready (GET /health/ready is 503); serving for %lld ms "
                             "more (--drain-seconds), then stopping\n",
                             static_cast<long long>(options_.drain.count()));
            }
            asio::co_spawn(workers_.front()->io, stop_after_drain(), log_escape("stop_after_drain"));
            continue; // a second SIGTERM, or a SIGINT, stops at once
        }
        stop();
        co_return;
    }
}

asio::awaitable<void> Server::stop_after_drain() {
    asio::steady_timer timer(workers_.front()->io, options_.drain);
    co_await timer.async_wait(as_tuple_awaitable);
    stop();
}

void Server::request_reload() {
    if (!on_hangup_) return;
    {
        const std::lock_guard lock(reload_mutex_);
        if (reload_running_) {
            reload_again_ = true;
            return;
        }
        reload_running_ = true;
    }
    // The last reload thread has said it is done (reload_running_ was false): this join is
    // at most the moment it takes that thread to return.
    if (reload_thread_.joinable()) reload_thread_.join();
    reload_thread_ = std::thread([this] {
        for (;;) {
            try {
                on_hangup_();
            } catch (const std::exception&) {
                report_exception("SIGHUP reload", std::current_exception());
            }
            const std::lock_guard lock(reload_mutex_);
            if (!reload_again_ || stopping_) {
                reload_running_ = false;
                return;
            }
            reload_again_ = false;
        }
    });
}

void Server::run_worker(Worker& worker) {
    // Asio lets an exception thrown by a handler out of run(); the io_context can run again
    // (Asio's documented way to carry on), so one failed handler does not stop the thread.
    for (;;) {
        try {
            worker.io.run();
            return;
        } catch (const std::exception&) {
            report_exception("a worker's handler", std::current_exception());
        }
    }
}

void Server::run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers_.size(); ++i) {
        threads.emplace_back([this, &worker = *workers_[i]] { run_worker(worker); });
    }
    run_worker(*workers_.front());
    for (auto& thread : threads) thread.join();
    // A reload in progress finishes on its own (it reads regular files only, each bounded).
    if (reload_thread_.joinable()) reload_thread_.join();
}

void Server::stop() {
    if (stopping_.exchange(true)) return;
    asio::post(workers_.front()->io, [this] {
        std::error_code ignored;
        acceptor_.close(ignored);
        if (signals_) signals_->cancel(ignored);
        asio::co_spawn(workers_.front()->io, drain_then_close(), log_escape("drain_then_close"));
    });
    for (auto& worker : workers_) {
        asio::post(worker->io, [&worker = *worker] {
            for (Connection* connection : worker.connections) connection->stop_if_idle();
        });
    }
}

asio::awaitable<void> Server::drain_then_close() {
    // In-flight requests finish on their own; poll until none is left or the grace is over.
    asio::steady_timer timer(workers_.front()->io);
    const auto give_up = std::chrono::steady_clock::now() + options_.shutdown_grace;
    while (open_connections_.load() > 0 && std::chrono::steady_clock::now() < give_up) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(as_tuple_awaitable);
    }
    for (auto& worker : workers_) {
        asio::post(worker->io, [&worker = *worker] {
            for (Connection* connection : worker.connections) connection->close();
            worker.done = true;
            worker.sweep.cancel();
            worker.work.reset();
        });
    }
}

} // namespace glassbox::net
