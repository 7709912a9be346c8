// tests/http/request_parser_test.cpp: the request parser, fed in every possible split.
// Course topic: HTTP message anatomy; how a push parser is tested (Beast's parsegrind,
// llhttp's event logs): the events must not depend on how TCP cut the bytes.
// Limits and rejections are in request_parser_reject_test.cpp.
#include <catch2/catch.hpp>

#include "http/parse_log.hpp"

using namespace glassbox::http;
using glassbox::http::test::Outcome;
using glassbox::http::test::parse_byte_by_byte;
using glassbox::http::test::parse_in_two_pieces;
using glassbox::http::test::parse_whole;
using Lines = std::vector<std::string>;

namespace {

const std::string post_with_length = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
const Lines post_with_length_events{
    "request-line POST /x HTTP/1.1", "field Host: a", "field Content-Length: 3",
    "framing content-length 3",      "body 3 bytes",  "complete"};

const std::string post_chunked = "POST /models/iris/predictions HTTP/1.1\r\n"
                                 "Host: localhost:8000\r\n"
                                 "Transfer-Encoding: chunked\r\n"
                                 "\r\n"
                                 "5;name=value\r\nhello\r\n"
                                 "7 ; q=\"a \\\"b\\\"\"\r\n, world\r\n"
                                 "0;last\r\n"
                                 "Checksum: 1f2e\r\n"
                                 "\r\n";
const Lines post_chunked_events{"request-line POST /models/iris/predictions HTTP/1.1",
                                "field Host: localhost:8000",
                                "field Transfer-Encoding: chunked",
                                "framing chunked",
                                "chunk 5",
                                "body 5 bytes",
                                "chunk 7",
                                "body 7 bytes",
                                "chunk 0",
                                "trailer Checksum: 1f2e",
                                "complete"};

const std::string get_with_fields = "GET /models/iris?verbose=1 HTTP/1.1\r\n"
                                    "Host: 127.0.0.1:8000\r\n"
                                    "User-Agent: curl/7.88.1\r\n"
                                    "Accept:   */*  \r\n"
                                    "X-Empty:\r\n"
                                    "X-Latin: caf\xc3\xa9\tau lait\r\n"
                                    "\r\n";
const Lines get_with_fields_events{"request-line GET /models/iris?verbose=1 HTTP/1.1",
                                   "field Host: 127.0.0.1:8000",
                                   "field User-Agent: curl/7.88.1",
                                   "field Accept: */*",
                                   "field X-Empty: ",
                                   "field X-Latin: caf\xc3\xa9\tau lait",
                                   "framing none",
                                   "complete"};

/// The parse ended cleanly with every byte used.
void check_complete(const Outcome& out) {
    CHECK(out.status == ParseStatus::complete);
    CHECK_FALSE(out.error);
    CHECK(out.leftover.empty());
}

} // namespace

TEST_CASE("Content-Length body survives any split", "[http][parser]") {
    const auto split = GENERATE_COPY(range(std::size_t{0}, post_with_length.size() + 1));
    const auto out = parse_in_two_pieces(post_with_length, split);
    CHECK(out.events == post_with_length_events);
    check_complete(out);
    CHECK(out.request.method == Method::post);
    CHECK(out.request.body == "abc");
}

TEST_CASE("chunked body with extensions and trailers survives any split", "[http][parser]") {
    const auto split = GENERATE_COPY(range(std::size_t{0}, post_chunked.size() + 1));
    const auto out = parse_in_two_pieces(post_chunked, split);
    CHECK(out.events == post_chunked_events);
    check_complete(out);
    CHECK(out.request.body == "hello, world");
    // RFC 9110 §6.5.1: the trailer is kept apart from the header section, never merged into it.
    CHECK(out.request.fields.size() == 2);
    CHECK(out.request.fields.find("Checksum") == nullptr);
    REQUIRE(out.request.trailers.size() == 1);
    CHECK(out.request.trailers.items()[0].name == "Checksum");
    CHECK(out.request.trailers.items()[0].value == "1f2e");
}

TEST_CASE("GET with several fields survives any split", "[http][parser]") {
    const auto split = GENERATE_COPY(range(std::size_t{0}, get_with_fields.size() + 1));
    const auto out = parse_in_two_pieces(get_with_fields, split);
    CHECK(out.events == get_with_fields_events);
    check_complete(out);
    CHECK(out.request.target == "/models/iris?verbose=1");
    CHECK(*out.request.fields.find("accept") == "*/*");
    CHECK(out.request.body.empty());
}

TEST_CASE("requests fed one byte at a time", "[http][parser]") {
    CHECK(parse_byte_by_byte(post_with_length).events == post_with_length_events);
    CHECK(parse_byte_by_byte(post_chunked).events == post_chunked_events);
    CHECK(parse_byte_by_byte(get_with_fields).events == get_with_fields_events);
    check_complete(parse_byte_by_byte(post_chunked));
}

TEST_CASE("pipelined requests in one buffer all survive", "[http][parser]") {
    const auto count = GENERATE(2, 3);
    std::string buffer = post_with_length + post_chunked;
    if (count == 3) buffer += get_with_fields;
    const std::vector<std::size_t> sizes{post_with_length.size(), post_chunked.size(),
                                         get_with_fields.size()};
    const std::vector<std::string> bodies{"abc", "hello, world", ""};

    RequestParser parser;
    std::string_view rest = buffer;
    for (int i = 0; i < count; ++i) {
        const auto result = parser.feed(rest);
        REQUIRE(result.status == ParseStatus::complete);
        CHECK(result.consumed == sizes[static_cast<std::size_t>(i)]);
        CHECK(parser.take_request().body == bodies[static_cast<std::size_t>(i)]);
        rest.remove_prefix(result.consumed);
        parser.reset();
    }
    CHECK(rest.empty());
}

TEST_CASE("the parser never reads past the end of its message", "[http][parser]") {
    RequestParser parser;
    const std::string two = post_with_length + "GET / HTTP/1.1\r\n";
    const auto result = parser.feed(two);
    CHECK(result.status == ParseStatus::complete);
    CHECK(result.consumed == post_with_length.size());
    // Until reset(), a complete parser takes nothing more.
    const auto again = parser.feed("GET / HTTP/1.1\r\n");
    CHECK(again.status == ParseStatus::complete);
    CHECK(again.consumed == 0);
}

TEST_CASE("empty lines before the request line are ignored", "[http][parser]") {
    const auto prefix = GENERATE(as<std::string>{}, "\r\n", "\n", "\r\n\r\n");
    const auto out = parse_whole(prefix + "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    check_complete(out);
    CHECK(out.events == Lines{"request-line GET / HTTP/1.1", "field Host: a", "framing none", "complete"});
}

TEST_CASE("bare LF ends lines, for nc users", "[http][parser]") {
    const std::string input = "POST /x HTTP/1.1\nHost: a\r\nContent-Length: 2\n\nhi";
    const auto split = GENERATE_COPY(range(std::size_t{0}, input.size() + 1));
    const auto out = parse_in_two_pieces(input, split);
    check_complete(out);
    CHECK(out.events == Lines{"request-line POST /x HTTP/1.1", "field Host: a", "field Content-Length: 2",
                              "framing content-length 2", "body 2 bytes", "complete"});
}

TEST_CASE("request-target forms", "[http][parser]") {
    SECTION("absolute-form") {
        const auto out =
            parse_whole("GET http://example.com:8000/models?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        check_complete(out);
        CHECK(out.request.target == "http://example.com:8000/models?x=1");
    }
    SECTION("asterisk-form for OPTIONS") {
        const auto out = parse_whole("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
        check_complete(out);
        CHECK(out.request.method == Method::options);
        CHECK(out.request.target == "*");
    }
    SECTION("an unknown method is still a request; the router answers it") {
        const auto out = parse_whole("BREW /pot HTTP/1.1\r\nHost: a\r\n\r\n");
        check_complete(out);
        CHECK(out.request.method == Method::unknown);
        CHECK(out.request.method_text == "BREW");
    }
}

TEST_CASE("HTTP/1.0 needs no Host and has no body without Content-Length", "[http][parser]") {
    const auto out = parse_whole("GET / HTTP/1.0\r\n\r\n");
    check_complete(out);
    CHECK(out.request.version == 10);
    CHECK(out.events == Lines{"request-line GET / HTTP/1.0", "framing none", "complete"});

    const auto with_body = parse_whole("POST /p HTTP/1.0\r\nContent-Length: 4\r\n\r\nbody");
    check_complete(with_body);
    CHECK(with_body.request.body == "body");
}

TEST_CASE("repeated identical Content-Length values are one length", "[http][parser]") {
    const auto value = GENERATE(as<std::string>{}, "3, 3", "3,3,");
    const auto out = parse_whole("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: " + value +
                                 "\r\nContent-Length: 3\r\n\r\nabc");
    check_complete(out);
    CHECK(out.request.body == "abc");
}

TEST_CASE("Content-Length: 0 completes with the head", "[http][parser]") {
    const auto out = parse_whole("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\nGET");
    CHECK(out.status == ParseStatus::complete);
    CHECK(out.leftover == "GET"); // the start of the next request, untouched
    CHECK(out.events == Lines{"request-line POST /x HTTP/1.1", "field Host: a", "field Content-Length: 0",
                              "framing content-length 0", "complete"});
}

TEST_CASE("the head is complete before any body byte arrives", "[http][parser]") {
    const std::string head =
        "PUT /models/m HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
    RequestParser parser;
    const auto partial = parser.feed(head.substr(0, head.size() - 1));
    CHECK(partial.status == ParseStatus::need_more);
    CHECK_FALSE(parser.head_complete());
    CHECK_FALSE(parser.expects_continue());

    const auto result = parser.feed(head.substr(head.size() - 1));
    CHECK(result.status == ParseStatus::need_more);
    CHECK(result.consumed == 1);
    CHECK(parser.head_complete());
    CHECK(parser.expects_continue()); // now the server sends "HTTP/1.1 100 Continue"

    CHECK(parser.feed("da").status == ParseStatus::need_more);
    CHECK(parser.feed("ta").status == ParseStatus::complete);
    CHECK_FALSE(parser.expects_continue()); // nothing left to wait for
    CHECK(parser.take_request().body == "data");
}

TEST_CASE("100-continue is ignored without a body or in HTTP/1.0", "[http][parser]") {
    RequestParser chunked;
    chunked.feed("POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
    CHECK(chunked.expects_continue());

    RequestParser old;
    old.feed("POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
    CHECK(old.head_complete());
    CHECK_FALSE(old.expects_continue());

    RequestParser bodiless;
    CHECK(bodiless.feed("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n").status ==
          ParseStatus::complete);
    CHECK_FALSE(bodiless.expects_continue());
}

TEST_CASE("reset() makes the parser ready for the next request, also after an error", "[http][parser]") {
    test::EventLog log;
    RequestParser parser({}, &log);
    CHECK(parser.feed("GET /bad\x01target HTTP/1.1\r\n\r\n").status == ParseStatus::error);
    CHECK(parser.error() == ParseError::bad_request_target);
    CHECK(parser.feed("GET / HTTP/1.1\r\n").status == ParseStatus::error); // stays failed until reset

    parser.reset();
    CHECK_FALSE(parser.error());
    CHECK_FALSE(parser.head_complete());
    log.lines.clear();
    CHECK(parser.feed(post_with_length).status == ParseStatus::complete);
    CHECK(log.lines == post_with_length_events);
    CHECK(parser.take_request().body == "abc");

    parser.reset();
    log.lines.clear();
    CHECK(parser.feed(post_chunked).status == ParseStatus::complete);
    CHECK(log.lines == post_chunked_events);
    Request request = parser.take_request();
    CHECK(request.body == "hello, world");
    CHECK(request.fields.size() == 2);
    CHECK(request.trailers.size() == 1);

    // A request lent back for reuse keeps none of its trailers.
    parser.reset(std::move(request));
    CHECK(parser.feed(post_with_length).status == ParseStatus::complete);
    const Request next = parser.take_request();
    CHECK(next.fields.size() == 2);
    CHECK(next.trailers.empty());
}

TEST_CASE("an observer can be attached later, or not at all", "[http][parser]") {
    RequestParser parser;
    CHECK(parser.feed(post_chunked).status == ParseStatus::complete);
    parser.reset();
    test::EventLog log;
    parser.set_observer(&log);
    CHECK(parser.feed(post_with_length).status == ParseStatus::complete);
    CHECK(log.lines == post_with_length_events);
}

TEST_CASE("reset(spent) reuses the last request's buffers and keeps nothing else of it", "[http][parser]") {
    RequestParser parser;
    REQUIRE(parser.feed(post_chunked).status == ParseStatus::complete); // 3 fields, a body, a long target
    Request spent = parser.take_request();
    const char* target_buffer = spent.target.data();
    const std::size_t field_capacity = spent.fields.items().capacity();
    parser.reset(std::move(spent));

    // A smaller request: nothing of the last one may show through.
    REQUIRE(parser.feed("GET /h HTTP/1.0\r\n\r\n").status == ParseStatus::complete);
    Request next = parser.take_request();
    CHECK(next.method == Method::get);
    CHECK(next.method_text == "GET");
    CHECK(next.target == "/h");
    CHECK(next.version == 10);
    CHECK(next.fields.size() == 0);
    CHECK(next.body.empty());
    // ...and it sits in the last one's memory.
    CHECK(next.target.data() == target_buffer);
    CHECK(next.fields.items().capacity() == field_capacity);

    // Reused again for a request with a body: parsed exactly as by a fresh parser.
    parser.reset(std::move(next));
    REQUIRE(parser.feed(post_with_length).status == ParseStatus::complete);
    const Request third = parser.take_request();
    CHECK(third.method == Method::post);
    CHECK(third.target == "/x");
    CHECK(third.version == 11);
    CHECK(third.fields.size() == 2);
    CHECK(third.body == "abc");
}

TEST_CASE("Request::clear gives back a body buffer over kept_buffer_bytes", "[http][parser]") {
    Request small;
    small.body.assign(1000, 'x');
    const std::size_t small_capacity = small.body.capacity();
    small.clear();
    CHECK(small.body.empty());
    CHECK(small.body.capacity() == small_capacity);

    Request large;
    large.body.assign(kept_buffer_bytes + 1, 'x');
    large.clear();
    CHECK(large.body.empty());
    CHECK(large.body.capacity() <= kept_buffer_bytes);
}
