// net/server.cpp: listening, accepting, spreading connections over threads, stopping.
// Course topic: TCP: listen, accept, and a server that stops without dropping a response.
// Try: glassbox serve --port 0, then curl -i http://127.0.0.1:<printed port>/health.
#include "net/server.hpp"

#include <algorithm>
#include <csignal>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/v6_only.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/connection.hpp"

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

/// Sent to a client that arrives when max_connections are already open.
constexpr std::string_view too_many_connections =
    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 64\r\n"
    "Connection: close\r\nRetry-After: 1\r\n\r\n"
    "The server has too many open connections. Try again in a moment.";

} // namespace

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
    asio::co_spawn(workers_.front()->io, accept_loop(), asio::detached);
    for (auto& worker : workers_) asio::co_spawn(worker->io, sweep_loop(*worker), asio::detached);
}

Server::~Server() = default;

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
        Worker& worker = pick_worker();
        // The accepted socket belongs to the chosen worker's io_context: from here on the
        // connection runs only on that worker's thread.
        auto [ec, socket] = co_await acceptor_.async_accept(worker.io, as_tuple_awaitable);
        if (ec == asio::error::operation_aborted || stopping_) break;
        if (ec) {
            // Out of file descriptors (EMFILE) and the like: wait, rather than spin.
            backoff.expires_after(std::chrono::milliseconds(50));
            co_await backoff.async_wait(as_tuple_awaitable);
            continue;
        }
        if (options_.fault_hook) options_.fault_hook("accept");
        if (open_connections_.load() >= options_.max_connections) {
            asio::co_spawn(worker.io, refuse(std::move(socket)), asio::detached);
            continue;
        }
        ++open_connections_;
        auto connection =
            std::make_shared<Connection>(*this, std::move(socket), worker.connections, worker.traffic);
        asio::co_spawn(worker.io, Connection::serve_connection(std::move(connection)), asio::detached);
    }
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
        // expire_if_late only closes sockets; the set changes when coroutines run, later.
        for (Connection* connection : worker.connections) connection->expire_if_late(now);
    }
}

asio::awaitable<void> Server::refuse(asio::ip::tcp::socket socket) {
    co_await asio::async_write(socket, asio::buffer(too_many_connections), as_tuple_awaitable);
    std::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    socket.close(ignored);
}

void Server::handle_signals(std::function<void()> on_hangup) {
    on_hangup_ = std::move(on_hangup);
    signals_ = std::make_unique<asio::signal_set>(workers_.front()->io, SIGINT, SIGTERM, SIGHUP);
    asio::co_spawn(workers_.front()->io, signal_loop(), asio::detached);
}

asio::awaitable<void> Server::signal_loop() {
    for (;;) {
        auto [ec, signal] = co_await signals_->async_wait(as_tuple_awaitable);
        if (ec) co_return; // cancelled: we are stopping
        if (signal == SIGHUP) {
            // Try: kill -HUP <pid>, to reload the models from their files.
            if (on_hangup_) on_hangup_();
            continue;
        }
        stop();
        co_return;
    }
}

void Server::run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers_.size(); ++i) {
        threads.emplace_back([&worker = *workers_[i]] { worker.io.run(); });
    }
    workers_.front()->io.run();
    for (auto& thread : threads) thread.join();
}

void Server::stop() {
    if (stopping_.exchange(true)) return;
    asio::post(workers_.front()->io, [this] {
        std::error_code ignored;
        acceptor_.close(ignored);
        if (signals_) signals_->cancel(ignored);
        asio::co_spawn(workers_.front()->io, drain_then_close(), asio::detached);
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
