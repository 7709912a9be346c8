// net/connection.hpp: one client's connection: read → parse → handle → write, repeated.
// Course topic: TCP connections and HTTP persistence (keep-alive, pipelining, timeouts).
// Spec: RFC 9112 §9 (connection management), §9.3 (persistence), §9.3.2 (pipelining).
// Read first: Connection::serve_connection in connection.cpp, the loop in a dozen lines;
// turn_for (when reads and writes run) is performance: skip it on a first reading.
// Read next: http/request_parser.hpp (what the bytes become), http/message.hpp (write_response).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include "http/message.hpp"
#include "http/request_parser.hpp"
#include "trace/trace.hpp"

namespace glassbox::net {

class Server;
struct TrafficCounters;

/// One accepted TCP connection and the coroutine that serves it.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    /// Takes an accepted socket and counts itself open; `peer` is the client's address as the
    /// acceptor read it (IPv4-mapped addresses as IPv4), `registry` the worker's set of live
    /// connections and `traffic` its byte counters.
    Connection(Server& server, asio::ip::tcp::socket socket, asio::ip::address peer,
               std::unordered_set<Connection*>& registry, TrafficCounters& traffic);
    /// The guard that never misses: however the coroutine ends (its last line, an exception,
    /// its frame destroyed unrun), the connection leaves the registry, counts itself closed
    /// and gives its body bytes back to the budget.
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Serves requests until the client closes, an error or timeout closes, or the server
    /// stops. Holds `self` so the connection lives as long as its coroutine.
    static asio::awaitable<void> serve_connection(std::shared_ptr<Connection> self);

    /// Called when the server stops: a connection waiting for a new request stops waiting and
    /// closes with a lingering close; one in the middle of a request finishes it first.
    void stop_if_idle();
    /// Closes the socket whatever it is doing (end of the shutdown grace period).
    void close();
    /// Called by the worker's sweep (see Server::sweep_loop): closes the connection if the
    /// deadline of what it is waiting for (next request, body, write) passed; a header
    /// section begun and not finished in time instead stops the read, and the loop answers 408.
    void expire_if_late(std::chrono::steady_clock::time_point now);

private:
    /// What the loop carries from one step to the next (defined in connection.cpp).
    struct LoopState;
    /// Which socket operation turn_for is asked about.
    enum class Io { read, write };
    /// When a read or write runs, against the other connections of this thread (turn_for).
    enum class Turn {
        not_yet,         ///< write: requests already read are answered first; their answers join this write
        after_the_round, ///< first let this thread's other ready connections run, then go
        at_once,         ///< now; Asio waits only when the socket cannot take or give bytes now
        when_ready,      ///< read: Asio's read, which lets the thread serve others until bytes come
    };

    // The steps of serve_connection, in the loop's order.
    /// Joins the registry, sets the socket up, learns the peer, starts the idle clock.
    void start();
    /// read: waits for the client's next bytes (within the deadline of what is being read)
    /// and makes them state.pending; false when the connection is to close.
    asio::awaitable<bool> read_bytes(LoopState& state);
    /// feed: gives state.pending to the parser, answers a bad request and a head that needs
    /// no body, sends 100 Continue; false when the connection is to close.
    bool feed_parser(LoopState& state);
    /// handle: hands the complete request to the server's handler and appends its response
    /// to state.out; false when the connection is to close after it (Connection: close).
    bool handle_request(LoopState& state);
    /// write: sends state.out when turn_for says; false when the write failed.
    asio::awaitable<bool> write_responses(LoopState& state);
    /// The connection's scheduling policy, all of it (see its comment in connection.cpp).
    Turn turn_for(Io io, const LoopState& state) const;

    // What the steps are made of.
    /// Sets the deadline of the read to come: idle, header (left as it is) or body.
    void set_read_deadline(const LoopState& state);
    /// Ends the loop after a failed read: 408 for a header section late, else who closed; false.
    bool read_failed(std::error_code ec, LoopState& state);
    /// Counts and traces `n` bytes just read and makes them state.pending; false when the
    /// body budget is spent (503 then).
    bool took_bytes(std::size_t n, LoopState& state);
    /// Once the head is complete: who the client is, an answer from the head alone, 100
    /// Continue; false when the head was answered and the connection closes.
    bool act_on_head(LoopState& state);
    /// The server's handler's response to `request`; 503 or 500 when it threw.
    http::Response call_handler(const http::Request& request);
    /// --trace=wire: the bytes read after the last request and never parsed.
    void trace_unparsed(const LoopState& state);
    /// Traces who closed the connection, then closes it.
    void finish(const LoopState& state);
    /// Moves the one deadline every timeout shares; the worker's sweep enforces it.
    void set_deadline(std::chrono::steady_clock::time_point deadline) { deadline_ = deadline; }
    asio::awaitable<void> linger();
    /// Takes body bytes from the server's budget up to `total` for this request; false when
    /// the budget is spent.
    bool charge_body(std::size_t total);
    /// Gives this request's body bytes back to the budget.
    void release_body();
    /// parser.feed(pending) into `result`; false when an allocation failed (std::bad_alloc),
    /// the parser then reset and its memory freed.
    bool feed(http::RequestParser& parser, std::string_view pending, http::ParseResult& result);
    /// Appends to `out` the answer a request gets from its head alone (the server's head
    /// handler, then the body budget) and returns true; false: read the body.
    bool answer_from_head(const http::Request& head, std::string& out);
    /// Notes that an answer to request number message_ starts at out.size() (--trace=wire
    /// only), so the wire view starts a line there though answers go out together.
    void mark_answer(const std::string& out);
    /// --trace=wire: the bytes just written (a prefix of the pending output), cut where answers start.
    void trace_written(std::string_view written);
    void trace_accept();
    /// Who sent the request whose head is `head`: the peer, or the client a --trusted-proxy
    /// names in X-Forwarded-For (net/forwarded.hpp); adds an IP line saying so when tracing.
    std::string client_of(const http::Request& head);
    using Clock = std::chrono::steady_clock;

    Server& server_;
    asio::ip::tcp::socket socket_;
    std::unordered_set<Connection*>& registry_;
    TrafficCounters& traffic_;
    Clock::time_point deadline_;
    trace::Trace trace_;
    asio::ip::address peer_;       ///< the TCP peer (IPv4-mapped addresses as IPv4)
    std::string peer_text_;        ///< peer_ as text, the client of every request when no proxy is trusted
    bool idle_ = true;             ///< waiting for the first byte of a request
    bool reading_head_ = false;    ///< waiting for more of a header section already begun
    bool head_expired_ = false;    ///< the header deadline passed mid-head: answer 408 (expire_if_late)
    bool sending_ = false;         ///< an answer is made and waits its turn to go out (write_responses)
    bool registered_ = false;      ///< in registry_ (only serve_connection, on the worker's thread, adds it)
    std::size_t body_charged_ = 0; ///< bytes of the server's body budget this request holds
    std::uint64_t bytes_read_ = 0;
    std::uint64_t bytes_written_ = 0;
    std::uint64_t message_ = 1; ///< the number of the request being read or answered, from 1
    /// Where an answer starts in the pending output, and the request it answers (--trace=wire).
    struct AnswerStart {
        std::size_t position;
        std::uint64_t request;
    };
    std::vector<AnswerStart> answer_starts_; ///< emptied by each write; as many as answers in one write
    std::array<char, 16 * 1024> buffer_;     ///< one socket read; the parser copies what it keeps
};

} // namespace glassbox::net
