// http/response_writer.cpp: status line, fields, and framing for a Response.
// Course topic: the anatomy of a response.
// Spec: RFC 9112 §4, §6; RFC 9110 §6.6.1, §15.
#include "http/response_writer.hpp"

#include <array>
#include <ctime>

#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// RFC 9110 §6.4.1: 1xx, 204 and 304 responses never carry content or Content-Length.
bool has_no_content(Status status) {
    return status_class(status) == StatusClass::informational || status == Status::no_content ||
           status == Status::not_modified;
}

} // namespace

std::string_view http_date() {
    // NOTE: formatting a date costs more than the rest of a small response; one string per
    // thread, refreshed when the second changes, keeps it off the hot path.
    thread_local std::time_t cached_second = 0;
    thread_local std::array<char, 40> cached{};
    thread_local std::size_t cached_size = 0;
    const std::time_t now = std::time(nullptr);
    if (now != cached_second) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        cached_size = std::strftime(cached.data(), cached.size(), "%a, %d %b %Y %H:%M:%S GMT", &utc);
        cached_second = now;
    }
    return {cached.data(), cached_size};
}

void write_response(const Response& response, const WriteOptions& options, std::string& out) {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 §4)
    // We always speak HTTP/1.1, our highest version, even to a 1.0 client (RFC 9110 §6.2).
    out.append("HTTP/1.1 ");
    append_number(out, static_cast<std::uint64_t>(code(response.status)));
    out.push_back(' ');
    out.append(reason(response.status));
    out.append("\r\nDate: ");
    out.append(http_date());
    out.append("\r\n");
    for (const auto& field : response.fields.items()) {
        out.append(field.name);
        out.append(": ");
        out.append(field.value);
        out.append("\r\n");
    }
    const bool no_content = has_no_content(response.status);
    if (!no_content) {
        // A HEAD response states the length GET would have sent (RFC 9110 §9.3.2).
        out.append("Content-Length: ");
        append_number(out, response.body.size());
        out.append("\r\n");
    }
    if (!options.keep_alive) {
        out.append("Connection: close\r\n");
    } else if (options.request_version < 11) {
        // HTTP/1.0 closes by default; say that this connection stays open (RFC 9112 §9.3).
        out.append("Connection: keep-alive\r\n");
    }
    out.append("\r\n");
    if (!no_content && !options.head_request) out.append(response.body);
}

} // namespace glassbox::http
