// http/response_writer.hpp: a Response turned into the bytes a client reads.
// Course topic: the anatomy of a response: status line, header fields, empty line, body.
// Spec: RFC 9112 §4 (status line), §6.1-6.3 (Content-Length), §9.3 (Connection);
// RFC 9110 §6.6.1 (Date), §9.3.2 (HEAD), §15.2 (1xx carries no content).
// Read next: net/connection.cpp, which writes these bytes to the socket.
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace glassbox::http {

/// How a response is framed for the request it answers.
struct WriteOptions {
    bool head_request = false; ///< HEAD: send the fields GET would, but no body (RFC 9110 §9.3.2)
    bool keep_alive = true;    ///< false adds "Connection: close" and the server then closes
    int request_version = 11;  ///< an HTTP/1.0 client that keeps alive is told so explicitly
};

/**
 * Appends `response` to `out` as HTTP/1.1 bytes.
 *
 * Adds Date, Content-Length (except for 1xx, 204 and 304, which have no content) and
 * Connection; fields the response already has (Content-Type, Allow, ...) are written in
 * order. Appending lets pipelined responses share one socket write.
 */
void write_response(const Response& response, const WriteOptions& options, std::string& out);

/// The interim response sent before reading a body when the client sent
/// "Expect: 100-continue" (RFC 9110 §10.1.1).
inline constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

/// The current time as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", RFC 9110 §5.6.7),
/// formatted at most once per second per thread.
std::string_view http_date();

} // namespace glassbox::http
