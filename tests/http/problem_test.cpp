// tests/http/problem_test.cpp: RFC 9457 problem bodies and JSON string escaping.
// Every body is checked by parsing it with nlohmann::json (allowed in tests only), so
// "valid JSON" means what a real client would accept, not what we think we wrote.
// Run: ./glassbox_tests '[problem]'
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "http/problem.hpp"

using glassbox::http::json_escape;
using glassbox::http::json_string;

namespace {

/// The string a JSON parser reads back from json_string(text).
std::string round_trip(std::string_view text) {
    return nlohmann::json::parse(json_string(text)).get<std::string>();
}

} // namespace

TEST_CASE("json_escape escapes quotes, backslashes and control characters", "[http][problem]") {
    CHECK(json_escape("plain") == "plain");
    CHECK(json_escape("say \"hi\"") == "say \\\"hi\\\"");
    CHECK(json_escape("a\\b") == "a\\\\b");
    CHECK(json_escape("\n\r\t\b\f") == "\\n\\r\\t\\b\\f");
    CHECK(json_escape(std::string("\x00\x01\x1f", 3)) == "\\u0000\\u0001\\u001f");
    CHECK(json_escape("\x7f") == "\x7f"); // DEL is not a JSON control character
    CHECK(json_string("x") == "\"x\"");
}

TEST_CASE("json_string round-trips every ASCII byte", "[http][problem]") {
    std::string all;
    for (int c = 0; c < 0x80; ++c) all += static_cast<char>(c);
    CHECK(round_trip(all) == all);
}

TEST_CASE("json_escape passes valid UTF-8 through unchanged", "[http][problem]") {
    const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8c\xb8 \xef\xbf\xbf \xf4\x8f\xbf\xbf";
    CHECK(json_escape(text) == text);
    CHECK(round_trip(text) == text);
}

TEST_CASE("json_escape turns ill-formed UTF-8 into U+FFFD and stays valid JSON", "[http][problem]") {
    const std::string fffd = "\xef\xbf\xbd";
    struct Case {
        std::string input;
        std::string decoded;
    };
    const auto c = GENERATE_COPY(values<Case>({
        {"\x80", fffd},                                  // lone continuation byte
        {"\xc0\xaf", fffd + fffd},                       // overlong '/', C0 never starts a sequence
        {"\xe0\x80\xaf", fffd + fffd + fffd},            // overlong 3-byte form
        {"\xed\xa0\x80", fffd + fffd + fffd},            // UTF-16 surrogate D800
        {"\xf4\x90\x80\x80", fffd + fffd + fffd + fffd}, // above U+10FFFF
        {"\xf5\x80", fffd + fffd},                       // F5 never starts a sequence
        {"\xff", fffd},                                  //
        {"a\xe2\x82", "a" + fffd},                       // truncated at the end: one maximal subpart
        {"\xe2\x82"
         "b",
         fffd + "b"},                        // truncated before ASCII
        {"\xf0\x9f\x8c\"", fffd + "\""},     // truncated before a quote
        {"\xc3\xa9\xc3", "\xc3\xa9" + fffd}, // valid then truncated
    }));
    CAPTURE(c.input);
    CHECK(json_escape(c.input).find("\\ufffd") != std::string::npos);
    CHECK(round_trip(c.input) == c.decoded);
}

TEST_CASE("problem body has type, title, status and detail", "[http][problem]") {
    using namespace glassbox::http;
    const Response r = problem(Status::not_found, "No resource at /nope.");
    CHECK(r.status == Status::not_found);
    REQUIRE(r.fields.find("Content-Type") != nullptr);
    CHECK(*r.fields.find("Content-Type") == "application/problem+json");
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["type"] == "about:blank");
    CHECK(body["title"] == "Not Found");
    CHECK(body["status"] == 404);
    CHECK(body["detail"] == "No resource at /nope.");
    CHECK(body.size() == 4);
}

TEST_CASE("problem body carries a custom type and extension members in order", "[http][problem]") {
    using namespace glassbox::http;
    const Problem p{Status::unprocessable_content,
                    "Row 1, column 2 is not a finite number.",
                    "/problems/bad-features",
                    {ProblemMember{"row", "1"}, ProblemMember{"column", "2"},
                     ProblemMember{"allow", R"(["GET","HEAD"])"}}};
    const Response r = problem(p);
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["type"] == "/problems/bad-features");
    CHECK(body["title"] == "Unprocessable Content");
    CHECK(body["status"] == 422);
    CHECK(body["row"] == 1);
    CHECK(body["column"] == 2);
    CHECK(body["allow"] == nlohmann::json::array({"GET", "HEAD"}));
    CHECK(r.body.find("\"detail\"") < r.body.find("\"row\""));
}

TEST_CASE("problem detail with hostile bytes is still valid JSON", "[http][problem]") {
    using namespace glassbox::http;
    const std::string detail = "No resource at /\"\\\x01\xff\xc3.";
    const auto body = nlohmann::json::parse(problem(Status::not_found, detail).body);
    CHECK(body["detail"] == "No resource at /\"\\\x01\xef\xbf\xbd\xef\xbf\xbd.");
}
