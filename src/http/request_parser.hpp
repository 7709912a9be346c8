// http/request_parser.hpp: the incremental HTTP/1.1 request parser.
// Course topic: HTTP message anatomy (request line, fields, body framing).
// Spec: RFC 9112 §2 (message), §3 (request line), §5 (fields), §6 (body length).
// Bytes arrive from net/connection.cpp in any split; events and a Request come out.
// Read next: message.hpp (decide_framing), chunked_decoder.hpp, then rest/router.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "http/chunked_decoder.hpp"
#include "http/error.hpp"
#include "http/limits.hpp"
#include "http/message.hpp"

namespace glassbox::http {

/// What feed() reached: `need_more` is not an error, just "send me more bytes".
enum class ParseStatus { need_more, complete, error };

/// feed()'s answer: how far it got and how many bytes of its input it used.
struct ParseResult {
    ParseStatus status;   ///< need_more, complete or error
    std::size_t consumed; ///< bytes of the input used; on error, the offset of the bad byte
};

/// Receives parse events as they happen (the trace prints them, tests record them).
/// Every function does nothing by default; override the ones you need.
class ParseObserver {
public:
    virtual ~ParseObserver() = default;
    /// The request line, split into its three parts.
    virtual void on_request_line(std::string_view /*method*/, std::string_view /*target*/,
                                 std::string_view /*version*/) {}
    /// One field line of the header section, value without surrounding whitespace.
    virtual void on_field(std::string_view /*name*/, std::string_view /*value*/) {}
    /// One field line of the trailer section after the last chunk (RFC 9112 §7.1.2); it goes
    /// to Request::trailers, never among the header fields.
    virtual void on_trailer(std::string_view /*name*/, std::string_view /*value*/) {}
    /// How the body length was decided; `length` is the Content-Length, 0 otherwise.
    virtual void on_framing(BodyFraming /*kind*/, std::uint64_t /*length*/) {}
    /// One chunk-size line was read, including the last one (size 0).
    virtual void on_chunk(std::uint64_t /*size*/) {}
    /// Body bytes just taken in: one call per run of body bytes within a feed() call.
    virtual void on_body(std::size_t /*bytes*/) {}
    /// The request is complete.
    virtual void on_complete() {}
    /// The request was refused; `offset` counts bytes from the start of this message.
    virtual void on_error(std::error_code /*ec*/, std::size_t /*offset*/) {}
};

/// Turns bytes into Requests, one at a time, with no socket in sight (Beast, llhttp).
class RequestParser {
public:
    /// A parser for one request at a time, bounded by `limits`, reporting to `observer` (may be null).
    explicit RequestParser(Limits limits = {}, ParseObserver* observer = nullptr);

    /**
     * Parses a prefix of `bytes`.
     *
     * Consumes bytes up to the end of the current request and never past it: on `complete`,
     * `bytes.substr(consumed)` is the start of the next (pipelined) request; keep it.
     * On `need_more` every byte was consumed; call again with the next bytes. This happens
     * with head_complete() true as soon as the header section is read, before any body byte
     * (the moment to send "100 Continue", see expects_continue()).
     * On `error`, error() says why (status_for() gives the response) and `consumed` is the
     * offset of the offending byte in `bytes`; the connection must then close.
     * After `complete` or `error`, feed() consumes nothing until reset().
     */
    ParseResult feed(std::string_view bytes);

    /// Why parsing failed; empty unless feed() returned `error`.
    std::error_code error() const { return error_; }

    /// True once the header section is parsed and the body framing decided.
    bool head_complete() const { return head_complete_; }

    /// The request being read: once head_complete(), its method, target and fields are final.
    const Request& head() const { return request_; }
    /// Sets Request::client of the request being read (the connection knows it, not the bytes).
    void set_client(std::string client) { request_.client = std::move(client); }

    /// True while the head asked "Expect: 100-continue" and body bytes are still to come.
    bool expects_continue() const;

    /// The parsed request; call once feed() returned `complete`, then reset().
    Request take_request();

    /// Forgets the current request and error, ready for the next one on the connection.
    void reset();
    /// reset(), then reuses `spent` (the request take_request() gave, once answered) for the
    /// next one: its strings and field list keep their memory, so requests no bigger than
    /// the last allocate nothing for them (see Request::clear).
    void reset(Request&& spent);

    /// Sends future events to `observer` (may be null).
    void set_observer(ParseObserver* observer) { observer_ = observer; }

private:
    /// One state per place in the request grammar (RFC 9112); the head is read byte by byte.
    enum class State {
        before_request_line, ///< RFC 9112 §2.2: SHOULD ignore at least one empty line first
        method,              ///< §3.1  method = token
        request_target,      ///< §3.2  ends at SP; longer than limits.request_line → 414
        http_version,        ///< §2.3  "HTTP/" DIGIT "." DIGIT; only 1.0/1.1, else 505
        request_line_end,    ///< §2.2  CRLF; bare LF accepted (MAY, for nc users), bare CR rejected
        field_line_start,    ///< §5    a field line, or the empty line ending the header section
        field_name,          ///< §5.1  token; whitespace before ':' → 400
        field_value,         ///< §5    OWS field-value OWS; obs-fold rejected (§5.2)
        field_line_end,      ///< §2.2  CRLF
        body_by_length,      ///< §6.2  Content-Length bytes
        body_chunked,        ///< §7.1  handed to ChunkedDecoder; the trailer section (§7.1.2)
                             ///<       after it is read by the field-line states (in_trailer_)
        complete,            ///< the message is over; feed() stops here
    };

    // Each parse_ function handles the current state at the start of `bytes` and returns how
    // many bytes it used; 0 is allowed only with a change of state or an error.
    std::size_t parse_before_request_line(char c);
    std::size_t parse_method(std::string_view bytes);
    std::size_t parse_request_target(std::string_view bytes);
    std::size_t parse_http_version(std::string_view bytes);
    std::size_t parse_request_line_end(char c);
    std::size_t parse_field_line(std::string_view bytes);
    std::size_t parse_field_line_start(char c);
    std::size_t parse_field_name(std::string_view bytes);
    std::size_t parse_field_value(std::string_view bytes);
    std::size_t parse_field_line_end(char c);
    std::size_t parse_body_by_length(std::string_view bytes);
    std::size_t parse_body_chunked(std::string_view bytes);
    bool request_target_form_ok() const;
    void end_field_line();
    void end_header_section();
    void decide_framing();
    void finish();
    void fail(std::error_code ec);

    Limits limits_;
    ParseObserver* observer_;
    State state_ = State::before_request_line;
    Request request_;
    std::error_code error_;
    ChunkedDecoder chunked_;
    std::string field_name_;         ///< the field line being read
    std::string field_value_;        ///< its value so far (leading OWS skipped, trailing trimmed at the end)
    std::string version_;            ///< the HTTP-version as sent, at most 8 bytes
    std::size_t message_offset_ = 0; ///< bytes of this message consumed by earlier feed() calls
    std::size_t line_bytes_ = 0;   ///< request-line bytes so far (not the line end), ≤ limits.request_line
    std::size_t header_bytes_ = 0; ///< field-line bytes so far, line ends included, ≤ limits.header_bytes
    std::uint64_t body_remaining_ = 0; ///< Content-Length bytes still to read
    bool cr_ = false;                  ///< a CR was read; the next byte must be LF
    bool head_complete_ = false;
    bool in_trailer_ = false; ///< the field-line states are reading a chunked trailer section
};

} // namespace glassbox::http
