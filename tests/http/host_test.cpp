// tests/http/host_test.cpp: the Host field's syntax and the one-Authorization rule, in any split.
// Course topic: HTTP message anatomy; a server that reads a field it cannot parse, or one of
// two copies of it, decides on something the sender did not mean.
// Spec: RFC 9112 §3.2 (Host), RFC 9110 §7.2 and RFC 3986 §3.2.2-3.2.3 (uri-host [":" port]).
#include <catch2/catch.hpp>

#include "http/parse_log.hpp"

using namespace glassbox::http;
using glassbox::http::test::parse_in_two_pieces;
using glassbox::http::test::parse_whole;

namespace {

std::string get_with_host(const std::string& host) { return "GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n"; }

/// Parses `input` whole and in every two-piece split; all must end the same way.
ParseStatus parse_everywhere(const std::string& input, std::error_code& error) {
    const auto whole = parse_whole(input);
    for (std::size_t split = 0; split <= input.size(); ++split) {
        CAPTURE(split);
        const auto out = parse_in_two_pieces(input, split);
        CHECK(out.events == whole.events);
    }
    error = whole.error;
    return whole.status;
}

} // namespace

TEST_CASE("a Host that is not uri-host [\":\" port] is 400", "[http][parser][host]") {
    for (const std::string host : {"a b",
                                   "a, b",
                                   "a,b",
                                   "[::1",
                                   "::1",
                                   "[::1]x",
                                   "[::1]]",
                                   "x:99999",
                                   "x:65536",
                                   "x:-1",
                                   "x:8o",
                                   "x:1:2",
                                   "user@localhost",
                                   "a/b",
                                   "a?b",
                                   "a#b",
                                   "[]",
                                   "[::1::2]",
                                   "[1:2:3:4:5:6:7:8:9]",
                                   "[12345::]",
                                   "[1.2.3.4]",
                                   "[::1.2.3]",
                                   "[::256.0.0.1]",
                                   "[fe80::1%25eth0]",
                                   "a%zz",
                                   "a%4",
                                   "\"a\"",
                                   "a\\b",
                                   "x:000000000000000000080"}) {
        INFO("Host: " << host);
        std::error_code error;
        CHECK(parse_everywhere(get_with_host(host), error) == ParseStatus::error);
        CHECK(status_for(error) == Status::bad_request);
    }
}

TEST_CASE("names, IPv4 and [IPv6] hosts with a port from 0 to 65535 are accepted", "[http][parser][host]") {
    for (const std::string host : {"",
                                   "localhost",
                                   "localhost:8000",
                                   "LOCALHOST:0",
                                   "x:65535",
                                   "x:",
                                   "127.0.0.1",
                                   "127.0.0.1:8000",
                                   "192.168.1.254:443",
                                   "999.1.1.1",
                                   "[::1]",
                                   "[::1]:8000",
                                   "[::1]:",
                                   "[::]",
                                   "[1:2:3:4:5:6:7:8]",
                                   "[1:2:3:4:5:6:1.2.3.4]",
                                   "[::ffff:127.0.0.1]:80",
                                   "[fe80::1]",
                                   "[2001:DB8::ab:1]:65535",
                                   "[v1.fe80::a+en1]",
                                   "models.example.com",
                                   "my_host-1.local",
                                   "a%41b",
                                   "x:08000"}) {
        INFO("Host: " << host);
        std::error_code error;
        CHECK(parse_everywhere(get_with_host(host), error) == ParseStatus::complete);
        CHECK_FALSE(error);
    }
}

TEST_CASE("a repeated Authorization field is 400, with a sentence saying why", "[http][parser][access]") {
    for (const std::string fields : {"Authorization: Bearer a\r\nAuthorization: Bearer b\r\n",
                                     "Authorization: Bearer a\r\nauthorization: Bearer a\r\n",
                                     "Authorization: Bearer a\r\nX: 1\r\nAUTHORIZATION: Basic eDp5\r\n"}) {
        INFO(fields);
        std::error_code error;
        CHECK(parse_everywhere("DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\n" + fields + "\r\n",
                               error) == ParseStatus::error);
        CHECK(status_for(error) == Status::bad_request);
        CHECK(error.message().find("Authorization") != std::string::npos);
    }
    std::error_code error;
    CHECK(
        parse_everywhere("DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer a\r\n\r\n",
                         error) == ParseStatus::complete);
}
