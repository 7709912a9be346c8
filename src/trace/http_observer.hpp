// trace/http_observer.hpp: the parser's events as HTTP trace lines.
// Course topic: the anatomy of a request, narrated as the parser meets each part.
// The lines come from RequestParser's observer, never from re-parsing the text.
#pragma once

#include "http/message.hpp"
#include "http/request_parser.hpp"
#include "trace/trace.hpp"

namespace glassbox::trace {

/// A ParseObserver that writes one HTTP line per parser event into a connection's trace.
class HttpObserver : public http::ParseObserver {
public:
    /// Lines go to `trace`, which must outlive this observer.
    explicit HttpObserver(Trace& trace) : trace_(trace) {}

    void on_request_line(std::string_view method, std::string_view target, std::string_view version) override;
    void on_field(std::string_view name, std::string_view value) override;
    void on_trailer(std::string_view name, std::string_view value) override;
    void on_framing(http::BodyFraming kind, std::uint64_t length) override;
    void on_chunk(std::uint64_t size) override;
    void on_body(std::size_t bytes) override;
    void on_complete() override;
    void on_error(std::error_code ec, std::size_t offset) override;
    /// The request being parsed now is number `number` of the connection and starts at byte
    /// `offset` of it: a rejection then names its byte both ways, as the wire view does.
    void set_message(std::uint64_t offset, std::uint64_t number) {
        message_offset_ = offset;
        message_number_ = number;
    }

private:
    Trace& trace_;
    std::uint64_t body_bytes_ = 0;
    std::uint64_t message_offset_ = 0; ///< where this request starts in the connection
    std::uint64_t message_number_ = 1; ///< which request of the connection it is
    std::uint64_t chunk_size_ = 0;     ///< the chunk whose data is arriving; 0: none
    std::uint64_t chunk_received_ = 0; ///< its data bytes so far
};

/// The status line of a response with its class in words, e.g.
/// "status line: HTTP/1.1 404 Not Found (4xx client error)".
void trace_status_line(Trace& trace, http::Status status);

/// After the status line of an answer to `request`: whether the connection stays open for
/// another request, and why, e.g. "the connection closes after this answer: the request said
/// Connection: close" (RFC 9112 §9.3). `server_closes`: the server closes it anyway (stopping).
void trace_persistence(Trace& trace, const http::Request& request, bool server_closes);

} // namespace glassbox::trace
