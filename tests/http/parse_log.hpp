// tests/http/parse_log.hpp: records parser events as text lines, and feeds input in pieces.
// Course topic: testing a push parser the way llhttp and Beast do: bytes in, a log out,
// and the same log whatever way the bytes were split.
// Used by request_parser_test.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/request_parser.hpp"

namespace glassbox::http::test {

/// A ParseObserver that writes each event as one line, e.g. "field Host: a". Consecutive
/// body events merge into one line, so every split of the input gives the same log.
class EventLog : public ParseObserver {
public:
    std::vector<std::string> lines; ///< the events so far

    void on_request_line(std::string_view method, std::string_view target,
                         std::string_view version) override {
        add("request-line " + std::string(method) + " " + std::string(target) + " " + std::string(version));
    }
    void on_field(std::string_view name, std::string_view value) override {
        add("field " + std::string(name) + ": " + std::string(value));
    }
    void on_trailer(std::string_view name, std::string_view value) override {
        add("trailer " + std::string(name) + ": " + std::string(value));
    }
    void on_framing(BodyFraming kind, std::uint64_t length) override {
        switch (kind) {
        case BodyFraming::none: add("framing none"); break;
        case BodyFraming::content_length: add("framing content-length " + std::to_string(length)); break;
        case BodyFraming::chunked: add("framing chunked"); break;
        }
    }
    void on_chunk(std::uint64_t size) override { add("chunk " + std::to_string(size)); }
    void on_body(std::size_t bytes) override {
        body_run_ = last_was_body_ ? body_run_ + bytes : bytes;
        if (last_was_body_) lines.pop_back();
        lines.push_back("body " + std::to_string(body_run_) + " bytes");
        last_was_body_ = true;
    }
    void on_complete() override { add("complete"); }
    void on_error(std::error_code ec, std::size_t offset) override {
        add("error " + std::to_string(code(status_for(ec))) + " at " + std::to_string(offset));
    }

private:
    void add(std::string line) {
        lines.push_back(std::move(line));
        last_was_body_ = false;
    }
    bool last_was_body_ = false;
    std::size_t body_run_ = 0;
};

/// Everything one parse produced.
struct Outcome {
    std::vector<std::string> events; ///< the EventLog's lines
    ParseStatus status = ParseStatus::need_more;
    std::error_code error;
    std::string leftover; ///< bytes not consumed (the next request, when pipelined)
    Request request;      ///< the request, when status is complete
    bool head_complete = false;
};

/// Feeds `pieces` in order as reads from a socket would arrive, keeping unconsumed bytes
/// for the next feed() as net/connection.cpp does; stops at complete or error.
inline Outcome parse_pieces(const std::vector<std::string_view>& pieces, Limits limits = {}) {
    EventLog log;
    RequestParser parser(limits, &log);
    Outcome out;
    for (const auto piece : pieces) {
        out.leftover.append(piece);
        const auto result = parser.feed(out.leftover);
        out.leftover.erase(0, result.consumed);
        out.status = result.status;
        if (result.status != ParseStatus::need_more) break;
    }
    out.error = parser.error();
    out.head_complete = parser.head_complete();
    if (out.status == ParseStatus::complete) out.request = parser.take_request();
    out.events = log.lines;
    return out;
}

/// Parses `input` handed over in one piece.
inline Outcome parse_whole(std::string_view input, Limits limits = {}) {
    return parse_pieces({input}, limits);
}

/// Parses `input` in two pieces cut at `split` (0 and input.size() give an empty piece).
inline Outcome parse_in_two_pieces(std::string_view input, std::size_t split, Limits limits = {}) {
    return parse_pieces({input.substr(0, split), input.substr(split)}, limits);
}

/// Parses `input` one byte per feed() call.
inline Outcome parse_byte_by_byte(std::string_view input, Limits limits = {}) {
    std::vector<std::string_view> pieces;
    for (std::size_t i = 0; i < input.size(); ++i) pieces.push_back(input.substr(i, 1));
    return parse_pieces(pieces, limits);
}

} // namespace glassbox::http::test
