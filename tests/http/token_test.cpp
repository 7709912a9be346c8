// tests/http/token_test.cpp: the shared field-value helpers of http/token.hpp, each at its
// edges: OWS trimming, the #rule list walk and its sender side, hex digits both ways, decimal.
// Every layer reads lists and trims OWS through these, so a wrong one shows up here first.
// Run: ./glassbox_tests '[http][token]'
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "http/token.hpp"

namespace http = glassbox::http;

namespace {

/// The elements for_each_list_element hands out, in order.
std::vector<std::string> elements(std::string_view list) {
    std::vector<std::string> out;
    http::for_each_list_element(list, [&](std::string_view element) { out.emplace_back(element); });
    return out;
}

using List = std::vector<std::string>;

} // namespace

TEST_CASE("trim_ows removes SP and HTAB at both ends, nothing else", "[http][token]") {
    CHECK(http::trim_ows("") == "");
    CHECK(http::trim_ows(" ") == "");
    CHECK(http::trim_ows(" \t \t") == "");
    CHECK(http::trim_ows("\tclose ") == "close");
    CHECK(http::trim_ows("  a b\t c  ") == "a b\t c"); // whitespace inside stays
    // RFC 9110 §5.6.3: OWS is SP and HTAB only; CR, LF, VT and NUL are not trimmed.
    CHECK(http::trim_ows("\ra\n") == "\ra\n");
    CHECK(http::trim_ows("\va\f") == "\va\f");
    CHECK(http::trim_ows(std::string_view("\0a\0", 3)) == std::string_view("\0a\0", 3));
    static_assert(http::trim_ows(" x ") == "x"); // usable in constant expressions
}

TEST_CASE("for_each_list_element skips empty elements and trims OWS", "[http][token]") {
    CHECK(elements("") == List{});
    CHECK(elements(" ") == List{});
    CHECK(elements("\t") == List{});
    CHECK(elements(",") == List{});
    CHECK(elements(" , ,\t,  ") == List{});
    CHECK(elements("chunked") == List{"chunked"});
    CHECK(elements("gzip, chunked") == List{"gzip", "chunked"});
    // RFC 9110 §5.6.1.2's own example of a list a recipient must accept: ",foo , ,bar,"
    CHECK(elements(",foo , ,bar,") == List{"foo", "bar"});
    CHECK(elements("\ta\t,\t\tb\t") == List{"a", "b"});
    CHECK(elements("a b , c\td") == List{"a b", "c\td"}); // OWS inside an element stays
    CHECK(elements("a,,,,b") == List{"a", "b"});
    CHECK(elements("a,") == List{"a"});
    CHECK(elements(",a") == List{"a"});
    // It splits at every comma, quotes or not: for lists of tokens, numbers and addresses.
    CHECK(elements(R"(a;q="x,y")") == List{R"(a;q="x)", R"(y")"});
}

TEST_CASE("join_list writes a list that reads back the same", "[http][token]") {
    CHECK(http::join_list({}) == "");
    CHECK(http::join_list({"a"}) == "a");
    CHECK(http::join_list({"sepal_length", "sepal_width", "petal_length"}) ==
          "sepal_length, sepal_width, petal_length");
    // Each element is written, even an empty one: two names show as two.
    CHECK(http::join_list({"", "x"}) == ", x");
    const List names{"GET", "HEAD", "OPTIONS"};
    CHECK(elements(http::join_list(names)) == names);
}

TEST_CASE("hex digits: hex_value reads each, append_hex_byte writes two", "[http][token]") {
    const std::string_view digits = "0123456789abcdef";
    for (unsigned v = 0; v < 16; ++v) {
        CHECK(http::is_hexdig(digits[v]));
        CHECK(http::hex_value(digits[v]) == v);
        const char upper = v < 10 ? digits[v] : static_cast<char>(digits[v] - 'a' + 'A');
        CHECK(http::is_hexdig(upper));
        CHECK(http::hex_value(upper) == v);
    }
    // The neighbours of each range are not digits: '/' ':' '@' 'G' '`' 'g'.
    for (const char c : std::string_view("/:@G`g x\0", 9)) CHECK_FALSE(http::is_hexdig(c));
    std::string out = "\\x";
    http::append_hex_byte(out, 0x0a);
    http::append_hex_byte(out, 0x00);
    http::append_hex_byte(out, 0xff);
    http::append_hex_byte(out, 0x1f);
    http::append_hex_byte(out, 0xa0);
    CHECK(out == "\\x0a00ff1fa0");
}

TEST_CASE("append_number appends every uint64 in decimal", "[http][token]") {
    std::string out = "Content-Length: ";
    http::append_number(out, 0);
    CHECK(out == "Content-Length: 0");
    out.clear();
    http::append_number(out, 413);
    out += ' ';
    http::append_number(out, 1000000);
    out += ' ';
    http::append_number(out, std::numeric_limits<std::uint64_t>::max());
    CHECK(out == "413 1000000 18446744073709551615");
}
