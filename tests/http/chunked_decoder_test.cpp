// tests/http/chunked_decoder_test.cpp: the chunked transfer coding on its own.
// Course topic: HTTP message anatomy: "5\r\nhello\r\n0\r\n" and the ways it can go wrong.
// Spec: RFC 9112 §7.1. The trailer section after the last chunk belongs to the request
// parser and is tested in request_parser_test.cpp.
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "http/chunked_decoder.hpp"
#include "http/error.hpp"

using namespace glassbox::http;

namespace {

/// What decoding an input produced.
struct Decoded {
    std::string body;
    std::vector<std::uint64_t> sizes; ///< each chunk-size line, in order
    std::error_code error;
    std::size_t consumed = 0; ///< bytes used in all
    bool done = false;
};

/// Decodes `input` in pieces of at most `piece` bytes, carrying unused bytes over.
Decoded decode(std::string_view input, std::size_t piece = std::numeric_limits<std::size_t>::max(),
               std::size_t body_limit = 1024) {
    ChunkedDecoder decoder;
    Decoded out;
    std::size_t fed = 0;
    while (out.consumed < input.size() && !out.error && !decoder.done()) {
        fed = std::min(input.size(), std::max(fed, out.consumed + std::min(piece, input.size())));
        const auto available = input.substr(out.consumed, fed - out.consumed);
        const auto result = decoder.decode(available, out.body, body_limit, out.error);
        out.consumed += result.consumed;
        if (result.chunk_size_read) out.sizes.push_back(decoder.chunk_size());
        if (!result.chunk_size_read && result.consumed < available.size()) break; // stopped short: error
        if (fed == input.size() && result.consumed == 0 && !result.chunk_size_read) break;
    }
    out.done = decoder.done();
    return out;
}

} // namespace

TEST_CASE("chunks decode to their data, in pieces of any size", "[http][chunked]") {
    const std::string input =
        "5\r\nhello\r\n1;a=b;c\r\n,\r\nA ; x = \"q\\\"t\"\r\n world!!!!\r\n000\r\nafter";
    const auto piece =
        GENERATE(std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{100});
    const auto out = decode(input, piece);
    CHECK_FALSE(out.error);
    CHECK(out.done);
    CHECK(out.body == "hello, world!!!!");
    CHECK(out.sizes == std::vector<std::uint64_t>{5, 1, 10, 0});
    CHECK(input.substr(out.consumed) == "after"); // the trailer section is left to the parser
}

TEST_CASE("decode() returns after each chunk-size line", "[http][chunked]") {
    ChunkedDecoder decoder;
    std::string body;
    std::error_code ec;
    const std::string input = "3\r\nabc\r\n0\r\n\r\n";
    auto result = decoder.decode(input, body, 100, ec);
    CHECK(result.chunk_size_read);
    CHECK(result.consumed == 3);
    CHECK(decoder.chunk_size() == 3);
    CHECK(body.empty());

    result = decoder.decode(std::string_view(input).substr(3), body, 100, ec);
    CHECK(result.chunk_size_read);
    CHECK(result.consumed == 8);
    CHECK(body == "abc");
    CHECK(decoder.done());

    // Once done, nothing more is consumed: "\r\n" ends the (empty) trailer section.
    CHECK(decoder.decode(std::string_view(input).substr(11), body, 100, ec).consumed == 0);
    CHECK_FALSE(ec);

    decoder.reset();
    CHECK_FALSE(decoder.done());
    CHECK(decoder.decode("0\r\n", body, 100, ec).chunk_size_read);
    CHECK(decoder.done());
}

TEST_CASE("hex chunk sizes, in either case, up to 64 bits", "[http][chunked]") {
    CHECK(decode("fF\r\n").sizes == std::vector<std::uint64_t>{255});
    CHECK(decode("0000000000000000000010\r\n").sizes == std::vector<std::uint64_t>{16});
    // 16 hex digits fit; the size is then refused only by the body budget.
    CHECK(decode("ffffffffffffffff\r\n").error == ParseError::body_too_large);
    // A 17th significant digit would overflow 64 bits.
    CHECK(decode("10000000000000000\r\n").error == ParseError::bad_chunk_size);
}

TEST_CASE("malformed chunked bodies are refused", "[http][chunked]") {
    struct Case {
        std::string input;
        ParseError error;
    };
    const std::vector<Case> cases{
        {"\r\n", ParseError::bad_chunk_size},
        {"g\r\n", ParseError::bad_chunk_size},
        {"-5\r\n", ParseError::bad_chunk_size},
        {"5 5\r\n", ParseError::bad_chunk_extension},
        {"5\n", ParseError::bad_chunk_line_end},
        {"5\rx", ParseError::bad_chunk_line_end},
        {"5;a\n", ParseError::bad_chunk_line_end},
        {"5\r\nhelloX\r\n", ParseError::bad_chunk_line_end},
        {"5\r\nhello\n0\r\n", ParseError::bad_chunk_line_end},
        {"5\r\nhello\rX", ParseError::bad_chunk_line_end},
        {"5;\r\n", ParseError::bad_chunk_extension},
        {"5;=v\r\n", ParseError::bad_chunk_extension},
        {"5;a=\r\n", ParseError::bad_chunk_extension},
        {"5;a=\"unterminated\r\n", ParseError::bad_chunk_extension},
        {"5;a=b c\r\n", ParseError::bad_chunk_extension},
        {"5;a(b)\r\n", ParseError::bad_chunk_extension},
        {"5x\r\n", ParseError::bad_chunk_extension},
    };
    for (const auto& c : cases) {
        CAPTURE(c.input);
        CHECK(decode(c.input).error == c.error);
        CHECK(decode(c.input, 1).error == c.error);
    }
}

TEST_CASE("chunk-size line limit: exactly max_chunk_line accepted, one more refused", "[http][chunked]") {
    const std::string ext = ";" + std::string(max_chunk_line - 2, 'e'); // "1" + ";eee..." = max_chunk_line
    const auto ok = decode("1" + ext + "\r\nx\r\n0\r\n");
    CHECK_FALSE(ok.error);
    CHECK(ok.body == "x");
    CHECK(decode("1" + ext + "e\r\nx\r\n0\r\n").error == ParseError::chunk_line_too_long);
    CHECK(decode("1" + ext + "e\r\nx\r\n0\r\n", 64).error == ParseError::chunk_line_too_long);
}

TEST_CASE("body limit: exactly N decoded bytes accepted, N+1 refused at the size line", "[http][chunked]") {
    const std::string input = "4\r\nabcd\r\n2\r\nef\r\n0\r\n";
    const auto ok = decode(input, 100, 6);
    CHECK_FALSE(ok.error);
    CHECK(ok.body == "abcdef");
    const auto refused = decode(input, 100, 5);
    CHECK(refused.error == ParseError::body_too_large);
    CHECK(refused.body == "abcd"); // the second chunk was refused before any of it was kept
    CHECK(refused.consumed == 11); // the error is at the LF ending "2\r\n"
}
