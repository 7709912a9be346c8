// tests/http/request_parser_reject_test.cpp: what the request parser refuses, and with which status.
// Course topic: HTTP message anatomy; a server's limits as budgets (Beast), tested at exactly
// N (accepted) and N+1 (refused), and each RFC 9112 rejection with its error code.
// The accepted shapes are in request_parser_test.cpp.
#include <catch2/catch.hpp>

#include "http/parse_log.hpp"

using namespace glassbox::http;
using glassbox::http::test::parse_in_two_pieces;
using glassbox::http::test::parse_whole;

namespace {

struct Rejection {
    std::string input;
    ParseError error;
    Status status;
};

const std::string host = "Host: a\r\n";

/// A limits struct with one budget changed.
Limits limits_with(std::size_t Limits::*member, std::size_t value) {
    Limits limits;
    limits.*member = value;
    return limits;
}

} // namespace

TEST_CASE("each rejection has its error code and status, in any split", "[http][parser]") {
    const std::vector<Rejection> rejections{
        // Request line (RFC 9112 §3).
        {"G(T / HTTP/1.1\r\n", ParseError::bad_method, Status::bad_request},
        {" GET / HTTP/1.1\r\n", ParseError::bad_method, Status::bad_request},
        {"GET  / HTTP/1.1\r\n", ParseError::bad_request_target, Status::bad_request},
        {"GET /a\x01z HTTP/1.1\r\n", ParseError::bad_request_target, Status::bad_request},
        {"GET /caf\xc3\xa9 HTTP/1.1\r\n", ParseError::bad_request_target, Status::bad_request},
        {"GET relative/path HTTP/1.1\r\n", ParseError::bad_request_target, Status::bad_request},
        {"GET * HTTP/1.1\r\n", ParseError::bad_request_target, Status::bad_request},
        {"GET /\r\n", ParseError::bad_version, Status::bad_request},
        {"GET / http/1.1\r\n", ParseError::bad_version, Status::bad_request},
        {"GET / HTTP/1.10\r\n", ParseError::bad_version, Status::bad_request},
        {"GET / HTTP/3\r\n", ParseError::bad_version, Status::bad_request},
        {"GET / HTTP/1.1 \r\n", ParseError::bad_request_line, Status::bad_request},
        {"GET / HTTP/2.0\r\n", ParseError::unsupported_version, Status::http_version_not_supported},
        {"GET / HTTP/1.2\r\n", ParseError::unsupported_version, Status::http_version_not_supported},
        {"GET / HTTP/1.1\rHost: a\r\n", ParseError::bare_cr, Status::bad_request},
        {"\rGET / HTTP/1.1\r\n", ParseError::bare_cr, Status::bad_request},
        // Field lines (§5).
        {"GET / HTTP/1.1\r\nHost: a\rb\r\n", ParseError::bare_cr, Status::bad_request},
        {"GET / HTTP/1.1\r\nHost: a\r\r\n", ParseError::bare_cr, Status::bad_request},
        {"GET / HTTP/1.1\r\nHo(st: a\r\n", ParseError::bad_field_name, Status::bad_request},
        {"GET / HTTP/1.1\r\n: a\r\n", ParseError::bad_field_name, Status::bad_request},
        {"GET / HTTP/1.1\r\nNoColon\r\n", ParseError::bad_field_name, Status::bad_request},
        {"GET / HTTP/1.1\r\nHost : a\r\n", ParseError::whitespace_before_colon, Status::bad_request},
        {"GET / HTTP/1.1\r\nX: a\r\n b\r\n", ParseError::obs_fold, Status::bad_request},
        {"GET / HTTP/1.1\r\n Host: a\r\n", ParseError::obs_fold, Status::bad_request},
        {std::string("GET / HTTP/1.1\r\nX: a\0b\r\n", 23), ParseError::bad_field_value, Status::bad_request},
        {"GET / HTTP/1.1\r\nX: a\x7f\r\n", ParseError::bad_field_value, Status::bad_request},
        // Framing (§6) and Host (§3.2).
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
         ParseError::transfer_encoding_with_content_length, Status::bad_request},
        {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", ParseError::transfer_encoding_in_http10,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n", ParseError::chunked_not_final,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n",
         ParseError::chunked_not_final, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n",
         ParseError::chunked_not_final, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: ,\r\n\r\n", ParseError::chunked_not_final,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n",
         ParseError::unsupported_transfer_coding, Status::not_implemented},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
         ParseError::unsupported_transfer_coding, Status::not_implemented},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n", ParseError::bad_content_length,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n\r\n", ParseError::bad_content_length,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n", ParseError::bad_content_length,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: +5\r\n\r\n", ParseError::bad_content_length,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: 5 5\r\n\r\n", ParseError::bad_content_length,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n",
         ParseError::bad_content_length, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: 5, 6\r\n\r\n", ParseError::differing_content_lengths,
         Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
         ParseError::differing_content_lengths, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Content-Length: 18446744073709551615\r\n\r\n",
         ParseError::body_too_large, Status::content_too_large},
        {"GET / HTTP/1.1\r\n\r\n", ParseError::missing_host, Status::bad_request},
        {"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", ParseError::duplicate_host, Status::bad_request},
        {"GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", ParseError::duplicate_host, Status::bad_request},
        {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", ParseError::bad_host, Status::bad_request},
        {"GET / HTTP/1.0\r\nHost: x:99999\r\n\r\n", ParseError::bad_host, Status::bad_request},
        {"GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", ParseError::bad_host, Status::bad_request},
        {"GET / HTTP/1.1\r\n" + host + "Authorization: Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
         ParseError::duplicate_authorization, Status::bad_request},
        // Chunked (§7.1).
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
         ParseError::bad_chunk_size, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;=x\r\n",
         ParseError::bad_chunk_extension, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloX",
         ParseError::bad_chunk_line_end, Status::bad_request},
        {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: x\r\n",
         ParseError::whitespace_before_colon, Status::bad_request},
    };
    for (const auto& rejection : rejections) {
        CAPTURE(rejection.input);
        const auto whole = parse_whole(rejection.input);
        CHECK(whole.status == ParseStatus::error);
        CHECK(whole.error == rejection.error);
        CHECK(status_for(rejection.error) == rejection.status);
        CHECK(status_for(whole.error) == rejection.status);
        REQUIRE_FALSE(whole.events.empty());
        CHECK(whole.events.back().rfind("error ", 0) == 0);
        for (std::size_t split = 0; split <= rejection.input.size(); ++split) {
            CAPTURE(split);
            const auto out = parse_in_two_pieces(rejection.input, split);
            CHECK(out.events == whole.events);
            CHECK(out.error == rejection.error);
        }
    }
}

TEST_CASE("errors carry the offset of the offending byte", "[http][parser]") {
    // 16 bytes of request line, then "Host" and the space the rule forbids.
    CHECK(parse_whole("GET / HTTP/1.1\r\nHost : a\r\n").events.back() == "error 400 at 20");
    RequestParser parser;
    CHECK(parser.feed("GET / HTTP/1.1\r\nHost").status == ParseStatus::need_more);
    const auto result = parser.feed(" : a");
    CHECK(result.status == ParseStatus::error);
    CHECK(result.consumed == 0);
}

TEST_CASE("error messages are sentences in the glassbox.http category", "[http][parser]") {
    const std::error_code ec = ParseError::missing_host;
    CHECK(std::string(ec.category().name()) == "glassbox.http");
    CHECK(ec.message() == "An HTTP/1.1 request needs a Host header, e.g. 'Host: localhost'.");
    CHECK(status_for(std::make_error_code(std::errc::invalid_argument)) == Status::bad_request);
}

TEST_CASE("request line limit: exactly N accepted, N+1 refused", "[http][parser]") {
    const std::string line = "GET /models/iris HTTP/1.1"; // 25 bytes
    const std::string input = line + "\r\nHost: a\r\n\r\n";
    const auto ok = parse_whole(input, limits_with(&Limits::request_line, line.size()));
    CHECK(ok.status == ParseStatus::complete);

    // One byte short: the line ends up too long in the version, after the target.
    const auto long_line = parse_whole(input, limits_with(&Limits::request_line, line.size() - 1));
    CHECK(long_line.error == ParseError::target_too_long);
    CHECK(status_for(long_line.error) == Status::uri_too_long);
    // Too long already inside the target.
    const auto long_target = parse_in_two_pieces(input, 7, limits_with(&Limits::request_line, 8));
    CHECK(long_target.error == ParseError::target_too_long);
    CHECK(long_target.events == std::vector<std::string>{"error 414 at 8"});
    // Too long inside the method: a 400, since no URI is at fault.
    CHECK(parse_whole(input, limits_with(&Limits::request_line, 3)).error == ParseError::method_too_long);
    CHECK(parse_whole(input, limits_with(&Limits::request_line, 4)).error == ParseError::target_too_long);
}

TEST_CASE("header section limit: exactly N bytes accepted, N+1 refused", "[http][parser]") {
    const std::string section = "Host: a\r\nX-Long: yz\r\n\r\n"; // 23 bytes, line ends included
    const std::string input = "GET / HTTP/1.1\r\n" + section;
    const auto split = GENERATE_COPY(range(std::size_t{0}, input.size() + 1));
    CHECK(parse_in_two_pieces(input, split, limits_with(&Limits::header_bytes, section.size())).status ==
          ParseStatus::complete);
    const auto out =
        parse_in_two_pieces(input, split, limits_with(&Limits::header_bytes, section.size() - 1));
    CHECK(out.error == ParseError::header_section_too_large);
    CHECK(status_for(out.error) == Status::request_header_fields_too_large);
}

TEST_CASE("header section limit covers the chunked trailer section", "[http][parser]") {
    const std::string section = "Host: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string trailer = "T: 1\r\n\r\n";
    const std::string input = "POST / HTTP/1.1\r\n" + section + "1\r\nx\r\n0\r\n" + trailer;
    const auto budget = section.size() + trailer.size();
    CHECK(parse_whole(input, limits_with(&Limits::header_bytes, budget)).status == ParseStatus::complete);
    CHECK(parse_whole(input, limits_with(&Limits::header_bytes, budget - 1)).error ==
          ParseError::header_section_too_large);
}

TEST_CASE("field count limit: exactly N fields accepted, N+1 refused", "[http][parser]") {
    const std::string input = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n";
    CHECK(parse_whole(input, limits_with(&Limits::field_count, 3)).status == ParseStatus::complete);
    const auto out = parse_whole(input, limits_with(&Limits::field_count, 2));
    CHECK(out.error == ParseError::too_many_fields);
    CHECK(status_for(out.error) == Status::request_header_fields_too_large);

    // Trailer fields count too.
    const std::string chunked =
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: 1\r\n\r\n";
    CHECK(parse_whole(chunked, limits_with(&Limits::field_count, 3)).status == ParseStatus::complete);
    CHECK(parse_whole(chunked, limits_with(&Limits::field_count, 2)).error == ParseError::too_many_fields);
}

TEST_CASE("body limit with Content-Length: refused from the head alone", "[http][parser]") {
    const std::string head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
    CHECK(parse_whole(head + "hello", limits_with(&Limits::body_bytes, 5)).status == ParseStatus::complete);
    // No body byte has been sent, yet the answer is already known.
    const auto out = parse_whole(head, limits_with(&Limits::body_bytes, 4));
    CHECK(out.error == ParseError::body_too_large);
    CHECK(status_for(out.error) == Status::content_too_large);
    CHECK_FALSE(out.head_complete);
}

TEST_CASE("body limit with chunked coding counts decoded bytes", "[http][parser]") {
    const std::string input = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
                              "chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n";
    const auto split = GENERATE_COPY(range(std::size_t{0}, input.size() + 1));
    const auto ok = parse_in_two_pieces(input, split, limits_with(&Limits::body_bytes, 12));
    CHECK(ok.status == ParseStatus::complete);
    CHECK(ok.request.body == "hello, world");
    const auto out = parse_in_two_pieces(input, split, limits_with(&Limits::body_bytes, 11));
    CHECK(out.error == ParseError::body_too_large);
}
