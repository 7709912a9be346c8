// net/connection.cpp: the request/response loop of one TCP connection.
// Course topic: TCP is a byte stream: a request may arrive in several reads, and one read
// may hold several requests (pipelining). The parser sorts that out; this loop only moves
// bytes and keeps time.
// Try: printf 'GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 8000
#include "net/connection.hpp"

#include <charconv>
#include <new>
#include <optional>

#include <asio/experimental/as_tuple.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "http/error.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/request_parser.hpp"
#include "http/response_writer.hpp"
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

Connection::Connection(Server& server, asio::ip::tcp::socket socket,
                       std::unordered_set<Connection*>& registry, TrafficCounters& traffic)
    : server_(server), socket_(std::move(socket)), registry_(registry), traffic_(traffic),
      trace_(server.options().trace, server.next_connection_id()) {
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

asio::awaitable<bool> Connection::write_pending(std::string& out) {
    if (out.empty()) co_return true;
    if (server_.options().fault_hook) server_.options().fault_hook("write");
    // First, step aside: the other connections of this thread that are ready now get their
    // answers made, and all of them go out together, at the end of this round (Redis writes
    // its replies the same way). On loopback the sender pays for waking the receiver, and a
    // client sent a round of answers wakes once, not once per answer (measured in
    // docs/appendix-performance.md). An answer over 64 KiB goes at once: waiting, it would
    // hold its memory, and its bytes cost far more to send than a wake-up does. `sending_`
    // keeps a stopping server from closing the connection while its answer waits.
    if (out.size() <= http::kept_buffer_bytes) {
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
    co_return !ec;
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

asio::awaitable<std::tuple<std::error_code, std::size_t>> Connection::read_some(bool in_body,
                                                                                bool just_answered) {
    if (just_answered) {
        // The client has only just been sent its answer, so its next request cannot be here
        // yet, and a read now would find nothing: a system call wasted (about 1 us on the
        // bench machine). Step aside first; by the time this thread's other ready connections
        // are served, the next request has usually arrived.
        co_await asio::post(socket_.get_executor(), asio::use_awaitable);
        // A stop that came meanwhile found no read to cancel (stop_if_idle).
        if (server_.stopping())
            co_return std::tuple{std::error_code(asio::error::operation_aborted), std::size_t{0}};
    }
    if (in_body) {
        // In the middle of a body, take what the kernel already holds without letting the
        // other connections of this thread run first. Otherwise, with many clients sending
        // big bodies at once, every body would grow side by side and the thread would hold
        // them all; this way it finishes one request, and the others' bytes wait in the
        // kernel (TCP flow control). The socket is non-blocking: no data, no stall.
        std::error_code ec;
        const std::size_t n = socket_.read_some(asio::buffer(buffer_), ec);
        if (ec != asio::error::would_block) co_return std::tuple{ec, n};
    }
    co_return co_await socket_.async_read_some(asio::buffer(buffer_), as_tuple_awaitable);
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

asio::awaitable<void> Connection::serve_connection(std::shared_ptr<Connection> self) {
    Connection& c = *self;
    const ServerOptions& options = c.server_.options();
    c.registry_.insert(&c);
    c.registered_ = true;
    std::error_code ignored;
    c.socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    c.socket_.non_blocking(true, ignored); // see read_some and write_pending
    c.peer_ = unmapped(c.socket_.remote_endpoint(ignored).address());
    c.peer_text_ = c.peer_.to_string();
    if (c.trace_.on()) c.trace_accept();

    c.set_deadline(Clock::now() + options.idle_timeout);

    trace::HttpObserver observer(c.trace_);
    http::RequestParser parser(options.limits, c.trace_.on() ? &observer : nullptr);
    std::string out;          // responses not yet written; pipelined ones share a write
    std::string_view pending; // bytes read but not yet fed to the parser
    std::size_t requests = 0;
    bool continue_sent = false;
    bool head_decided = false;       // the head handler and the budget have seen this request's head
    bool client_known = false;       // this request's client is decided (client_of)
    Clock::time_point body_start;    // when this request's head was complete
    std::size_t body_read = 0;       // bytes read since then
    std::uint64_t request_start = 0; // where this request starts in the connection's bytes read
    std::string closed_by = "the client";

    for (;;) {
        c.message_ = requests + 1;
        if (pending.empty()) {
            // Write what is ready before waiting: the client may be waiting for it.
            if (!co_await c.write_pending(out)) {
                closed_by = "a failed write";
                break;
            }
            if (c.server_.stopping() && c.idle_) {
                closed_by = "the server (shutting down)";
                break;
            }
            if (c.idle_) {
                c.set_deadline(Clock::now() + options.idle_timeout);
            } else if (parser.head_complete()) {
                auto deadline = Clock::now() + options.body_timeout;
                if (options.body_min_rate > 0) {
                    // Apache's RequestReadTimeout MinRate: body_timeout, plus a second for every
                    // body_min_rate bytes received. A byte every 20 s no longer holds a body open
                    // for ever; a big body sent at a fair rate still gets all the time it needs.
                    const auto earned =
                        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                            static_cast<double>(body_read) / static_cast<double>(options.body_min_rate)));
                    deadline = std::min(deadline, body_start + options.body_timeout + earned);
                }
                c.set_deadline(deadline);
            } // else: the header deadline set at the request's first byte stands (slowloris).
            // A connection that sent nothing of its next request is idle: at its deadline it is
            // closed silently. One that began a header section gets a 408 at its deadline.
            c.reading_head_ = !c.idle_ && !parser.head_complete();
            auto [ec, n] = co_await c.read_some(parser.head_complete(), c.idle_ && requests > 0);
            c.reading_head_ = false;
            if (ec) {
                if (c.head_expired_) {
                    c.mark_answer(out);
                    http::write_response(header_timed_out(options.header_timeout), {false, false, 11}, out);
                    if (c.trace_.on()) {
                        c.trace_.line(trace::Layer::http, "the header section was not complete after " +
                                                              duration_text(options.header_timeout) +
                                                              " (--header-timeout)");
                        trace::trace_status_line(c.trace_, http::Status::request_timeout);
                    }
                    closed_by = "the server (header timeout)";
                    break;
                }
                if (ec == asio::error::eof) {
                    closed_by = "the client";
                } else if (ec == asio::error::operation_aborted || !c.socket_.is_open()) {
                    closed_by = c.server_.stopping() && c.idle_ ? "the server (shutting down)" : "the server";
                } else {
                    closed_by = "an error: " + ec.message();
                }
                break;
            }
            if (c.trace_.on()) c.trace_.line(trace::Layer::tcp, "read " + bytes_text(n));
            c.bytes_read_ += n;
            c.traffic_.bytes_received.fetch_add(n, std::memory_order_relaxed);
            pending = std::string_view(c.buffer_.data(), n);
            if (parser.head_complete()) {
                body_read += n;
                // A chunked body has no length to charge up front: its bytes are charged as they
                // come (chunk framing included, a small overcount).
                if (!c.charge_body(body_read)) {
                    c.mark_answer(out);
                    http::write_response(budget_spent(), {false, false, parser.head().version}, out);
                    if (c.trace_.on()) trace::trace_status_line(c.trace_, http::Status::service_unavailable);
                    closed_by = "the server (body memory budget spent)";
                    break;
                }
            }
            if (c.idle_) {
                c.idle_ = false;
                c.set_deadline(Clock::now() + options.header_timeout);
            }
        }

        http::ParseResult result{http::ParseStatus::need_more, 0};
        // --trace=wire shows the bytes of one request at a time, each request from a new line,
        // before the lines the parser writes for them (mark); a rejection names the same bytes.
        const std::uint64_t at = c.bytes_read_ - pending.size(); // pending[0] in the connection
        const trace::WirePosition position{at, requests + 1, at - request_start};
        const std::size_t mark = c.trace_.mark();
        observer.set_message(request_start, requests + 1);
        if (!c.feed(parser, pending, result)) {
            c.trace_.bytes_at(mark, "<-", pending, position);
            pending = {}; // shown; never parsed
            // Nothing is wrong with the request, memory is short: its memory is freed (feed),
            // the client is told, and the connection closes (where the next request would
            // start is unknown).
            c.mark_answer(out);
            http::write_response(out_of_memory(), {false, false, 11}, out);
            if (c.trace_.on()) trace::trace_status_line(c.trace_, http::Status::service_unavailable);
            closed_by = "the server (out of memory)";
            break;
        }
        // After an error, all that was read: nothing more of it is parsed.
        const bool failed = result.status == http::ParseStatus::error;
        c.trace_.bytes_at(mark, "<-", failed ? pending : pending.substr(0, result.consumed), position);
        pending.remove_prefix(failed ? pending.size() : result.consumed);
        if (failed) {
            // After a framing error we cannot know where the next request starts: answer, close.
            const std::error_code ec = parser.error();
            const http::Status status = http::status_for(ec);
            c.mark_answer(out);
            http::write_response(http::problem(status, ec.message()), {false, false, 11}, out);
            if (c.trace_.on()) trace::trace_status_line(c.trace_, status);
            closed_by = "the server (after a bad request)";
            break;
        }
        if (parser.head_complete() && !client_known) {
            client_known = true;
            parser.set_client(c.client_of(parser.head()));
        }
        if (result.status == http::ParseStatus::need_more && parser.head_complete() && !head_decided) {
            // The head is here and a body is to come. Whatever does not depend on the body (a
            // refused PUT, a path with no resource, the body budget) is answered now, before a
            // byte of the body is read or asked for with 100 Continue.
            head_decided = true;
            body_start = Clock::now();
            body_read = 0;
            if (c.answer_from_head(parser.head(), out)) {
                ++requests;
                closed_by = "the server (answered before the body)";
                break;
            }
        }
        if (result.status == http::ParseStatus::need_more) {
            if (parser.expects_continue() && !continue_sent) {
                // RFC 9110 §10.1.1: the client waits for this before it sends the body.
                c.mark_answer(out);
                out.append(http::continue_response);
                continue_sent = true;
                if (c.trace_.on()) {
                    trace::trace_status_line(c.trace_, http::Status::continue_);
                    c.trace_.line(trace::Layer::http, "100 Continue sent: the client may send the body now");
                }
            }
            continue;
        }

        http::Request request = parser.take_request();
        request_start = at + result.consumed;
        continue_sent = false;
        head_decided = false;
        client_known = false;
        ++requests;
        http::Response response;
        try {
            response = c.server_.handler()(request, c.trace_);
        } catch (const std::bad_alloc&) {
            response = out_of_memory();
            c.trace_.line(trace::Layer::http, "the handler ran out of memory");
        } catch (const std::exception& e) {
            // A bug, not bad input: the client gets a 500 and the trace says why.
            response = http::problem(http::Status::internal_server_error,
                                     "The server failed while answering this request. That is our bug.");
            c.trace_.line(trace::Layer::http, std::string("handler threw: ") + e.what());
        }
        c.release_body(); // the handler is done with the body
        // Draining (after SIGTERM): each answer ends its connection, so a client that keeps
        // connections alive opens its next one, which a load balancer sends elsewhere.
        const bool keep_alive = request.keep_alive() && !c.server_.draining();
        c.mark_answer(out);
        http::write_response(response, {request.method == http::Method::head, keep_alive, request.version},
                             out);
        if (c.trace_.on()) {
            trace::trace_status_line(c.trace_, response.status);
            trace::trace_persistence(c.trace_, request, c.server_.draining());
        }
        c.idle_ = pending.empty();
        if (c.idle_) c.set_deadline(Clock::now() + options.idle_timeout);
        if (!keep_alive) {
            closed_by = c.server_.stopping()   ? "the server (shutting down)"
                        : c.server_.draining() ? "the server (draining before a stop)"
                                               : "the server (Connection: close)";
            break;
        }
        // The answered request lends its buffers to the next one: no allocation per request
        // for the target, the field list or a body no bigger than the last.
        parser.reset(std::move(request));
    }

    if (!pending.empty()) {
        // Read and never parsed: a request pipelined after one that closes the connection.
        const std::uint64_t at = c.bytes_read_ - pending.size();
        c.trace_.bytes("<-", pending, {at, requests + 1, at - request_start});
    }
    co_await c.write_pending(out);
    if (closed_by.starts_with("the server") && c.socket_.is_open()) co_await c.linger();
    if (c.trace_.on()) {
        c.trace_.line(trace::Layer::tcp, "closed by " + closed_by + " after " + std::to_string(requests) +
                                             (requests == 1 ? " request" : " requests"));
        c.trace_.flush();
    }
    c.socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    c.close();
    // ~Connection leaves the registry and counts the connection closed, also when an
    // exception ends this coroutine early (Server::log_escape logs it).
}

} // namespace glassbox::net
