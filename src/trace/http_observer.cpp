// trace/http_observer.cpp: one sentence per parser event.
// Course topic: the anatomy of a request: request line, fields, body framing.
// Spec: RFC 9112 §3 (request line), §5 (fields), §6.3 (message body length).
#include "trace/http_observer.hpp"

#include <string>

namespace glassbox::trace {

void HttpObserver::on_request_line(std::string_view method, std::string_view target, std::string_view version) {
    trace_.line(Layer::http, "request line: method=" + std::string(method) + " target=" + std::string(target) +
                                 " version=" + std::string(version));
}

void HttpObserver::on_field(std::string_view name, std::string_view value) {
    trace_.line(Layer::http, "field " + std::string(name) + ": " + std::string(value));
}

void HttpObserver::on_framing(http::BodyFraming kind, std::uint64_t length) {
    body_bytes_ = 0;
    switch (kind) {
    case http::BodyFraming::none:
        trace_.line(Layer::http, "body: none (no Content-Length and no Transfer-Encoding)");
        return;
    case http::BodyFraming::content_length:
        trace_.line(Layer::http, "body: " + std::to_string(length) + " bytes, length known from Content-Length");
        return;
    case http::BodyFraming::chunked:
        trace_.line(Layer::http, "body: chunked (Transfer-Encoding: chunked), length known at the last chunk");
        return;
    }
}

void HttpObserver::on_chunk(std::uint64_t size) {
    trace_.line(Layer::http, size == 0 ? std::string("chunk of 0 bytes: the last chunk")
                                       : "chunk of " + std::to_string(size) + " bytes");
}

void HttpObserver::on_body(std::size_t bytes) { body_bytes_ += bytes; }

void HttpObserver::on_complete() {
    trace_.line(Layer::http, "request complete (" + std::to_string(body_bytes_) + " body bytes)");
}

void HttpObserver::on_error(std::error_code ec, std::size_t offset) {
    trace_.line(Layer::http, "rejected at byte " + std::to_string(offset) + ": " + ec.message());
}

void trace_status_line(Trace& trace, http::Status status) {
    trace.line(Layer::http, "status line: HTTP/1.1 " + std::to_string(http::code(status)) + " " +
                                std::string(http::reason(status)) + " (" +
                                std::string(http::describe(http::status_class(status))) + ")");
}

} // namespace glassbox::trace
