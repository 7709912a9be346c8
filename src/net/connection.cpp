// net/connection.cpp: the request/response loop of one TCP connection.
// Course topic: TCP is a byte stream: a request may arrive in several reads, and one read
// may hold several requests (pipelining). The parser sorts that out; this loop only moves
// bytes and keeps time. Read first: serve_connection, below; turn_for is performance only.
// Try: printf 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8000
#include "net/connection.hpp"

#include <charconv>
#include <new>
#include <optional>
#include <tuple>

#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "http/error.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/request_parser.hpp"
#include "net/endpoint.hpp"
#include "net/forwarded.hpp"
#include "net/server.hpp"
#include "trace/http_observer.hpp"

namespace glassbox::net {
namespace {

constexpr auto as_tuple_awaitable = asio::experimental::as_tuple(asio::use_awaitable);

/// At most this many bytes are read and discarded while closing (see Connection::linger).
constexpr std::size_t linger_budget = 256 * 1024;

std::string bytes_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

/// The Content-Length of a head whose framing was accepted; 0 for a chunked body, whose
/// bytes are charged to the budget as they arrive instead.
std::size_t declared_length(const http::Request& head) {
    const std::string* value = head.fields.find("Content-Length");
    std::size_t length = 0;
    if (value != nullptr) std::from_chars(value->data(), value->data() + value->size(), length);
    return length;
}

/// The answer when the process-wide body budget is spent (ServerOptions::body_memory).
http::Response budget_spent() {
    http::Response response =
        http::problem(http::Status::service_unavailable,
                      "The server is holding as many request bodies as its memory budget allows. Try "
                      "again in a moment.");
    response.fields.set("Retry-After", "1");
    return response;
}

/// The answer when an allocation failed while reading a request.
http::Response out_of_memory() {
    http::Response response = http::problem(
        http::Status::service_unavailable,
        "The server is short of memory and cannot take this request now. Try again in a moment.");
    response.fields.set("Retry-After", "1");
    return response;
}

/// "10 seconds" or "300 ms": a timeout as the option that sets it is written.
std::string duration_text(std::chrono::milliseconds timeout) {
    const auto ms = timeout.count();
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + (ms == 1000 ? " second" : " seconds");
    return std::to_string(ms) + " ms";
}

/// The answer to a client that began a header section and did not finish it in time.
http::Response header_timed_out(std::chrono::milliseconds timeout) {
    return http::problem(http::Status::request_timeout,
                         "The header section of this request did not arrive within " +
                             duration_text(timeout) +
                             " (--header-timeout), so the server stopped waiting and closes the connection. "
                             "Send the whole header section, ending with an empty line, in time.");
}

} // namespace

/// What the loop of one connection carries from one step to the next.
struct Connection::LoopState {
    LoopState(const http::Limits& limits, trace::Trace& trace)
        : observer(trace), parser(limits, trace.on() ? &observer : nullptr) {}
    LoopState(const LoopState&) = delete;
    LoopState& operator=(const LoopState&) = delete;

    /// True when the last feed completed a request: the handler's turn.
    bool request_complete() const { return result.status == http::ParseStatus::complete; }
    /// Records who closes the connection and returns false, for a step to end with.
    bool close_because(std::string who) {
        closed_by = std::move(who);
        return false;
    }

    trace::HttpObserver observer; ///< the parser's events as trace lines (--trace only)
    http::RequestParser parser;
    http::ParseResult result{http::ParseStatus::need_more, 0}; ///< what the last feed said
    std::string out;                 ///< responses not yet written; pipelined ones share a write
    std::string_view pending;        ///< bytes read but not yet fed to the parser
    std::size_t requests = 0;        ///< requests answered so far
    bool continue_sent = false;      ///< this request got its 100 Continue
    bool head_decided = false;       ///< the head handler and the budget have seen this request's head
    bool client_known = false;       ///< this request's client is decided (client_of)
    Clock::time_point body_start;    ///< when this request's head was complete
    std::size_t body_read = 0;       ///< bytes read since then
    std::uint64_t request_start = 0; ///< where this request starts in the connection's bytes read
    std::string closed_by;           ///< who closed the connection ("the client", ...); empty while open
};

asio::awaitable<void> Connection::serve_connection(std::shared_ptr<Connection> self) {
    Connection& c = *self;
    c.start();
    LoopState state(c.server_.options().limits, c.trace_);
    // The lesson: read, feed the parser, handle a complete request, write. A step that ends
    // the connection returns false and leaves in state.closed_by who closed it.
    for (;;) {
        if (state.pending.empty() && !co_await c.read_bytes(state)) break; // read
        if (!c.feed_parser(state)) break;                                  // feed the parser
        if (state.request_complete() && !c.handle_request(state)) break;   // handle
        if (!co_await c.write_responses(state)) break;                     // write (when: turn_for)
    }
    // Closing: the bytes never parsed, the responses still to send, then a lingering close
    // when the server is the one closing.
    c.trace_unparsed(state);
    co_await c.write_responses(state);
    if (state.closed_by.starts_with("the server") && c.socket_.is_open()) co_await c.linger();
    c.finish(state);
    // ~Connection leaves the registry and counts the connection closed, also when an
    // exception ends this coroutine early (Server::log_escape logs it).
}

void Connection::start() {
    registry_.insert(this);
    registered_ = true;
    std::error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    socket_.non_blocking(true, ignored); // see read_bytes and write_responses
    if (trace_.on()) trace_accept();
    set_deadline(Clock::now() + server_.options().idle_timeout);
}

asio::awaitable<bool> Connection::read_bytes(LoopState& state) {
    if (server_.stopping() && idle_) co_return state.close_because("the server (shutting down)");
    set_read_deadline(state);
    // A connection that sent nothing of its next request is idle: at its deadline it is
    // closed silently. One that began a header section gets a 408 at its deadline.
    reading_head_ = !idle_ && !state.parser.head_complete();
    std::error_code ec;
    std::size_t n = 0;
    bool done = false; // ec and n say how the read ended
    const Turn turn = turn_for(Io::read, state);
    if (turn == Turn::after_the_round) {
        co_await asio::post(socket_.get_executor(), asio::use_awaitable);
        // A stop that came meanwhile found no read to cancel (stop_if_idle).
        if (server_.stopping()) {
            ec = asio::error::operation_aborted;
            done = true;
        }
    } else if (turn == Turn::at_once) {
        // The socket is non-blocking: nothing there is would_block, and the wait below.
        n = socket_.read_some(asio::buffer(buffer_), ec);
        done = ec != asio::error::would_block;
    }
    if (!done) std::tie(ec, n) = co_await socket_.async_read_some(asio::buffer(buffer_), as_tuple_awaitable);
    reading_head_ = false;
    if (ec) co_return read_failed(ec, state);
    co_return took_bytes(n, state);
}

bool Connection::feed_parser(LoopState& state) {
    state.result = {http::ParseStatus::need_more, 0};
    // --trace=wire shows the bytes of one request at a time, each request from a new line,
    // before the lines the parser writes for them (mark); a rejection names the same bytes.
    const std::uint64_t at = bytes_read_ - state.pending.size(); // pending[0] in the connection
    const trace::WirePosition position{at, state.requests + 1, at - state.request_start};
    const std::size_t mark = trace_.mark();
    state.observer.set_message(state.request_start, state.requests + 1);
    if (!feed(state.parser, state.pending, state.result)) {
        trace_.bytes_at(mark, "<-", state.pending, position);
        state.pending = {}; // shown; never parsed
        // Nothing is wrong with the request, memory is short: its memory is freed (feed),
        // the client is told, and the connection closes (where the next request would
        // start is unknown).
        mark_answer(state.out);
        http::write_response(out_of_memory(), {false, false, 11}, state.out);
        if (trace_.on()) trace::trace_status_line(trace_, http::Status::service_unavailable);
        return state.close_because("the server (out of memory)");
    }
    // After an error, all that was read: nothing more of it is parsed.
    const bool failed = state.result.status == http::ParseStatus::error;
    const std::size_t consumed = failed ? state.pending.size() : state.result.consumed;
    trace_.bytes_at(mark, "<-", state.pending.substr(0, consumed), position);
    state.pending.remove_prefix(consumed);
    if (failed) {
        // After a framing error we cannot know where the next request starts: answer, close.
        const std::error_code ec = state.parser.error();
        const http::Status status = http::status_for(ec);
        mark_answer(state.out);
        http::write_response(http::problem(status, ec.message()), {false, false, 11}, state.out);
        if (trace_.on()) trace::trace_status_line(trace_, status);
        return state.close_because("the server (after a bad request)");
    }
    return act_on_head(state);
}

bool Connection::handle_request(LoopState& state) {
    http::Request request = state.parser.take_request();
    state.request_start = bytes_read_ - state.pending.size(); // the first byte not parsed yet
    state.continue_sent = false;
    state.head_decided = false;
    state.client_known = false;
    ++state.requests;
    const http::Response response = call_handler(request);
    release_body(); // the handler is done with the body
    // Draining (after SIGTERM): each answer ends its connection, so a client that keeps
    // connections alive opens its next one, which a load balancer sends elsewhere.
    const bool keep_alive = request.keep_alive() && !server_.draining();
    mark_answer(state.out);
    http::write_response(response, {request.method == http::Method::head, keep_alive, request.version},
                         state.out);
    if (trace_.on()) {
        trace::trace_status_line(trace_, response.status);
        trace::trace_persistence(trace_, request, server_.draining());
    }
    idle_ = state.pending.empty();
    if (idle_) set_deadline(Clock::now() + server_.options().idle_timeout);
    if (!keep_alive) {
        return state.close_because(server_.stopping()   ? "the server (shutting down)"
                                   : server_.draining() ? "the server (draining before a stop)"
                                                        : "the server (Connection: close)");
    }
    message_ = state.requests + 1; // the next request's number, for mark_answer
    // The answered request lends its buffers to the next one: no allocation per request
    // for the target, the field list or a body no bigger than the last.
    state.parser.reset(std::move(request));
    return true;
}

asio::awaitable<bool> Connection::write_responses(LoopState& state) {
    std::string& out = state.out;
    const Turn turn = turn_for(Io::write, state);
    if (out.empty() || turn == Turn::not_yet) co_return true;
    if (server_.options().fault_hook) server_.options().fault_hook("write");
    if (turn == Turn::after_the_round) {
        // `sending_` keeps a stopping server from closing the connection while its answer waits.
        sending_ = true;
        co_await asio::post(socket_.get_executor(), asio::use_awaitable);
        sending_ = false;
    }
    // An answer usually fits in the socket's send buffer: send it now, from this thread, and
    // wait (for the client to read) only when some of it does not fit. The socket is
    // non-blocking, so this send never stalls the other connections of this thread.
    std::error_code ec;
    std::size_t n = socket_.write_some(asio::buffer(out), ec);
    if (ec == asio::error::would_block) {
        ec.clear();
        n = 0;
    }
    if (!ec && n < out.size()) {
        set_deadline(Clock::now() + server_.options().body_timeout);
        auto [wait_ec, rest] = co_await asio::async_write(
            socket_, asio::buffer(out.data() + n, out.size() - n), as_tuple_awaitable);
        ec = wait_ec;
        n += rest;
    }
    if (trace_.on()) {
        trace_.line(trace::Layer::tcp, "write " + bytes_text(n) + (ec ? " failed: " + ec.message() : ""));
        trace_written(std::string_view(out).substr(0, n));
        trace_.flush();
    }
    answer_starts_.clear();
    bytes_written_ += n;
    traffic_.bytes_sent.fetch_add(n, std::memory_order_relaxed);
    // A big answer leaves a big buffer behind: give it back, rather than have every idle
    // keep-alive connection hold the largest answer it ever sent.
    http::clear_buffer(out);
    if (!ec) co_return true;
    // The write after the loop keeps the reason the loop ended with.
    if (state.closed_by.empty()) state.closed_by = "a failed write";
    co_return false;
}

/**
 * The scheduling policy of the connection loop, all of it: when this connection's next
 * write or read runs, against the other connections of its thread. It is performance only:
 * with every write at once and every read left to Asio (Turn::when_ready), the loop would
 * still be correct, only slower and holding more memory.
 *
 * - Pipelined requests already read are all answered before any response goes out: their
 *   responses share one write (Turn::not_yet). No figure measures this: bench/run.sh's wrk
 *   sends one request at a time on a connection.
 * - A response waits for the end of this thread's round (Redis sends its replies the same
 *   way): the other ready connections make theirs first, so a client sent a round of
 *   answers is woken once; on loopback the sender pays for waking the receiver. One over
 *   64 KiB goes at once: waiting, it would hold its memory.
 * - A connection just answered waits a round before it reads: its client cannot have sent
 *   its next request yet, and a read now would be a system call that finds nothing.
 * - A body is read at once, before the other connections run: the thread finishes one body
 *   rather than hold many half-read ones (the others' bytes wait in the kernel).
 *
 * Measured in bench/README.md, "Targets, and what limits the missed ones": under "What
 * changed in the third session", the round (100 rows on one thread: 37,200 → 47,400 a
 * second, server CPU 26.7 → 20.9 µs and system calls 3.03 → 2.11 a request) and the 64 KiB
 * bound (RSS at 10,000 rows 11.4 → 7 MiB); under "What changed since the first table", the
 * body rule, with two other changes (memory at 10,000 rows 19 → 6.6 MiB). For learners:
 * docs/appendix-performance.md, "Timers, rounds and memory".
 */
Connection::Turn Connection::turn_for(Io io, const LoopState& state) const {
    if (io == Io::write) {
        if (!state.pending.empty() && state.closed_by.empty()) return Turn::not_yet;
        return state.out.size() <= http::kept_buffer_bytes ? Turn::after_the_round : Turn::at_once;
    }
    if (idle_ && state.requests > 0) return Turn::after_the_round;
    if (state.parser.head_complete()) return Turn::at_once;
    return Turn::when_ready;
}

void Connection::set_read_deadline(const LoopState& state) {
    const ServerOptions& options = server_.options();
    if (idle_) {
        set_deadline(Clock::now() + options.idle_timeout);
    } else if (state.parser.head_complete()) {
        auto deadline = Clock::now() + options.body_timeout;
        if (options.body_min_rate > 0) {
            // Apache's RequestReadTimeout MinRate: body_timeout, plus a second for every
            // body_min_rate bytes received. A byte every 20 s no longer holds a body open
            // for ever; a big body sent at a fair rate still gets all the time it needs.
            const auto earned = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                static_cast<double>(state.body_read) / static_cast<double>(options.body_min_rate)));
            deadline = std::min(deadline, state.body_start + options.body_timeout + earned);
        }
        set_deadline(deadline);
    } // else: the header deadline set at the request's first byte stands (slowloris).
}

bool Connection::read_failed(std::error_code ec, LoopState& state) {
    if (head_expired_) {
        const std::chrono::milliseconds timeout = server_.options().header_timeout;
        mark_answer(state.out);
        http::write_response(header_timed_out(timeout), {false, false, 11}, state.out);
        if (trace_.on()) {
            trace_.line(trace::Layer::http, "the header section was not complete after " +
                                                duration_text(timeout) + " (--header-timeout)");
            trace::trace_status_line(trace_, http::Status::request_timeout);
        }
        return state.close_because("the server (header timeout)");
    }
    if (ec == asio::error::eof) return state.close_because("the client");
    if (ec == asio::error::operation_aborted || !socket_.is_open())
        return state.close_because(server_.stopping() && idle_ ? "the server (shutting down)" : "the server");
    return state.close_because("an error: " + ec.message());
}

bool Connection::took_bytes(std::size_t n, LoopState& state) {
    if (trace_.on()) trace_.line(trace::Layer::tcp, "read " + bytes_text(n));
    bytes_read_ += n;
    traffic_.bytes_received.fetch_add(n, std::memory_order_relaxed);
    state.pending = std::string_view(buffer_.data(), n);
    if (state.parser.head_complete()) {
        state.body_read += n;
        // A chunked body has no length to charge up front: its bytes are charged as they
        // come (chunk framing included, a small overcount).
        if (!charge_body(state.body_read)) {
            mark_answer(state.out);
            http::write_response(budget_spent(), {false, false, state.parser.head().version}, state.out);
            if (trace_.on()) trace::trace_status_line(trace_, http::Status::service_unavailable);
            return state.close_because("the server (body memory budget spent)");
        }
    }
    if (idle_) {
        idle_ = false;
        set_deadline(Clock::now() + server_.options().header_timeout);
    }
    return true;
}

bool Connection::act_on_head(LoopState& state) {
    http::RequestParser& parser = state.parser;
    if (parser.head_complete() && !state.client_known) {
        state.client_known = true;
        parser.set_client(client_of(parser.head()));
    }
    if (state.result.status != http::ParseStatus::need_more) return true;
    if (parser.head_complete() && !state.head_decided) {
        // The head is here and a body is to come. Whatever does not depend on the body (a
        // refused PUT, a path with no resource, the body budget) is answered now, before a
        // byte of the body is read or asked for with 100 Continue.
        state.head_decided = true;
        state.body_start = Clock::now();
        state.body_read = 0;
        if (answer_from_head(parser.head(), state.out)) {
            ++state.requests;
            return state.close_because("the server (answered before the body)");
        }
    }
    if (parser.expects_continue() && !state.continue_sent) {
        // RFC 9110 §10.1.1: the client waits for this before it sends the body.
        mark_answer(state.out);
        state.out.append(http::continue_response);
        state.continue_sent = true;
        if (trace_.on()) {
            trace::trace_status_line(trace_, http::Status::continue_);
            trace_.line(trace::Layer::http, "100 Continue sent: the client may send the body now");
        }
    }
    return true;
}

http::Response Connection::call_handler(const http::Request& request) {
    try {
        return server_.handler()(request, trace_);
    } catch (const std::bad_alloc&) {
        http::Response response = out_of_memory();
        trace_.line(trace::Layer::http, "the handler ran out of memory");
        return response;
    } catch (const std::exception& e) {
        // A bug, not bad input: the client gets a 500 and the trace says why.
        http::Response response =
            http::problem(http::Status::internal_server_error,
                          "The server failed while answering this request. That is our bug.");
        trace_.line(trace::Layer::http, std::string("handler threw: ") + e.what());
        return response;
    }
}

void Connection::trace_unparsed(const LoopState& state) {
    if (state.pending.empty()) return;
    // Read and never parsed: a request pipelined after one that closes the connection.
    const std::uint64_t at = bytes_read_ - state.pending.size();
    trace_.bytes("<-", state.pending, {at, state.requests + 1, at - state.request_start});
}

void Connection::finish(const LoopState& state) {
    if (trace_.on()) {
        trace_.line(trace::Layer::tcp, "closed by " + state.closed_by + " after " +
                                           std::to_string(state.requests) +
                                           (state.requests == 1 ? " request" : " requests"));
        trace_.flush();
    }
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    close();
}

Connection::Connection(Server& server, asio::ip::tcp::socket socket, asio::ip::address peer,
                       std::unordered_set<Connection*>& registry, TrafficCounters& traffic)
    : server_(server), socket_(std::move(socket)), registry_(registry), traffic_(traffic),
      trace_(server.options().trace, server.next_connection_id()), peer_(peer), peer_text_(peer.to_string()) {
    ++server_.open_connections_;
}

Connection::~Connection() {
    if (registered_) registry_.erase(this);
    release_body();
    --server_.open_connections_;
}

bool Connection::charge_body(std::size_t total) {
    if (total <= body_charged_) return true;
    if (!server_.reserve_body(total - body_charged_)) return false;
    body_charged_ = total;
    return true;
}

void Connection::release_body() {
    server_.release_body(body_charged_);
    body_charged_ = 0;
}

void Connection::trace_accept() {
    std::error_code ec;
    const asio::ip::tcp::endpoint peer_endpoint = socket_.remote_endpoint(ec);
    const asio::ip::tcp::endpoint local_endpoint = socket_.local_endpoint(ec);
    const EndpointFacts peer = describe(peer_endpoint);
    const EndpointFacts local = describe(local_endpoint);
    trace_.line(trace::Layer::ip,
                "peer " + peer.address + " → local " + local.address + ", " + (peer.ipv6 ? "IPv6" : "IPv4") +
                    ", " + std::string(address_origin(peer_endpoint.address(), local_endpoint.address())));
    trace_.line(trace::Layer::tcp, "accepted a connection from client port " + std::to_string(peer.port) +
                                       " on server port " + std::to_string(local.port));
    trace_.flush();
}

std::string Connection::client_of(const http::Request& head) {
    const std::vector<asio::ip::address>& trusted = server_.options().trusted_proxies;
    // Trusting no proxy (the default), the client is the peer, and X-Forwarded-For is looked
    // at only for the trace to say it was ignored.
    if (trusted.empty() && !trace_.on()) return peer_text_;
    // Only the header section counts: a trailer arrives after the request was acted upon
    // (RFC 9110 §6.5.1), and trailers are never merged into the fields.
    std::string forwarded;
    const bool present = head.fields.combined("X-Forwarded-For", forwarded);
    ClientOrigin origin = client_origin(peer_, present ? &forwarded : nullptr, trusted);
    if (trace_.on() && !origin.note.empty()) trace_.line(trace::Layer::ip, origin.note);
    return std::move(origin.client);
}

void Connection::stop_if_idle() {
    // Cancel the wait, do not close: the loop then ends with a lingering close, so a request
    // the client sent meanwhile is read and dropped, and the client sees FIN, not RST.
    std::error_code ignored;
    if (idle_ && !sending_) socket_.cancel(ignored);
}

void Connection::close() {
    std::error_code ignored;
    socket_.close(ignored);
}

void Connection::expire_if_late(Clock::time_point now) {
    // Closing the socket ends whatever the connection's coroutine is waiting for (a read, a
    // write) with operation_aborted, and the loop below winds down.
    if (!socket_.is_open() || now < deadline_) return;
    if (reading_head_) {
        // RFC 9110 §15.5.9: 408 tells a client the server stopped waiting for the request it
        // had begun. Stop the read (not the socket): the loop answers 408 and closes with a
        // lingering close, and this deadline bounds that to a second more.
        head_expired_ = true;
        deadline_ = now + std::chrono::seconds(1);
        std::error_code ignored;
        socket_.cancel(ignored);
        return;
    }
    trace_.line(trace::Layer::tcp, idle_ ? "closed by the server: idle timeout"
                                         : "closed by the server: the request took too long");
    trace_.flush();
    close();
}

void Connection::mark_answer(const std::string& out) {
    if (trace_.wire()) answer_starts_.push_back({out.size(), message_});
}

void Connection::trace_written(std::string_view written) {
    // One call per answer: each starts a line of its own, also when several share a write.
    for (std::size_t i = 0; i < answer_starts_.size() && answer_starts_[i].position < written.size(); ++i) {
        const std::size_t begin = answer_starts_[i].position;
        const std::size_t end = i + 1 < answer_starts_.size()
                                    ? std::min(answer_starts_[i + 1].position, written.size())
                                    : written.size();
        trace_.bytes("->", written.substr(begin, end - begin),
                     {bytes_written_ + begin, answer_starts_[i].request, 0});
    }
}

bool Connection::feed(http::RequestParser& parser, std::string_view pending, http::ParseResult& result) {
    try {
        if (server_.options().fault_hook) server_.options().fault_hook("read");
        result = parser.feed(pending);
        return true;
    } catch (const std::bad_alloc&) {
        parser.reset();
        return false;
    }
}

bool Connection::answer_from_head(const http::Request& head, std::string& out) {
    std::optional<http::Response> early;
    if (server_.head_handler()) early = server_.head_handler()(head, trace_);
    if (!early && !charge_body(declared_length(head))) early = budget_spent();
    if (!early) return false;
    // The body was not read, so the connection cannot carry another request: Connection:
    // close, then a lingering close drains what the client still sends.
    mark_answer(out);
    http::write_response(*early, {false, false, head.version}, out);
    if (trace_.on()) {
        trace::trace_status_line(trace_, early->status);
        trace_.line(trace::Layer::http, "answered from the header section; the body is not read");
    }
    return true;
}

asio::awaitable<void> Connection::linger() {
    // Closing with unread bytes in the kernel makes it send RST, which can destroy the
    // response the client has not read yet. So: stop sending, then read and discard briefly
    // until the client closes too (nginx's "lingering close").
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    set_deadline(Clock::now() + std::chrono::seconds(1));
    std::size_t discarded = 0;
    while (discarded < linger_budget) {
        auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer_), as_tuple_awaitable);
        if (ec) break;
        discarded += n;
    }
}

} // namespace glassbox::net
