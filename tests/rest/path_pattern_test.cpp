// tests/rest/path_pattern_test.cpp: path patterns, percent-decoding and request-target splitting.
// No sockets: strings in, matches out.
// Run: ./glassbox_tests '[path_pattern]' or '[request_target]'
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "http/request_target.hpp"
#include "rest/router.hpp"

using glassbox::rest::PathParams;
using glassbox::rest::PathPattern;

namespace {

/// "name=value;…" for the params of a match, or "no match".
std::string match_text(const PathPattern& pattern, std::string_view path) {
    PathParams params;
    if (!pattern.match(path, params)) {
        CHECK(params.empty());
        return "no match";
    }
    std::string out;
    for (const auto& p : params) out += std::string(p.name) + "=" + p.value + ";";
    return out;
}

} // namespace

TEST_CASE("literal patterns match exactly their path", "[rest][path_pattern]") {
    const PathPattern health("/health");
    CHECK(match_text(health, "/health") == "");
    CHECK(match_text(health, "/healthz") == "no match");
    CHECK(match_text(health, "/health/") == "no match"); // trailing slash is significant
    CHECK(match_text(health, "/") == "no match");
    CHECK(match_text(health, "") == "no match");
    CHECK(match_text(health, "health") == "no match");
    CHECK(match_text(health, "/Health") == "no match"); // paths are case-sensitive

    const PathPattern root("/");
    CHECK(match_text(root, "/") == "");
    CHECK(match_text(root, "//") == "no match");
    CHECK(match_text(root, "/x") == "no match");
}

TEST_CASE("parameters capture one non-empty segment", "[rest][path_pattern]") {
    const PathPattern p("/models/{name}/predictions");
    CHECK(match_text(p, "/models/iris/predictions") == "name=iris;");
    CHECK(match_text(p, "/models/iris") == "no match");
    CHECK(match_text(p, "/models") == "no match");
    CHECK(match_text(p, "/models//predictions") == "no match");
    CHECK(match_text(p, "/models/iris/predictions/") == "no match");
    CHECK(match_text(p, "/models/iris/predictions/x") == "no match");
    CHECK(match_text(p, "/models/iris/prediction") == "no match");

    const PathPattern two("/users/{user}/posts/{post_id}");
    CHECK(match_text(two, "/users/ada/posts/42") == "user=ada;post_id=42;");
    CHECK(match_text(two, "/users/ada/posts/") == "no match");
}

TEST_CASE("segments are percent-decoded after splitting", "[rest][path_pattern]") {
    const PathPattern p("/models/{name}");
    CHECK(match_text(p, "/models/iris%20v2") == "name=iris v2;");
    CHECK(match_text(p, "/models/a%2Fb") == "name=a/b;"); // %2F stays inside the parameter
    CHECK(match_text(p, "/models/a%2fb") == "name=a/b;");
    CHECK(match_text(p, "/models/a+b") == "name=a+b;"); // '+' is not a space in a path
    CHECK(match_text(p, "/models/caf%C3%A9") == "name=caf\xc3\xa9;");
    CHECK(match_text(p, "/models/caf\xc3\xa9") == "name=caf\xc3\xa9;");
    CHECK(match_text(p, "/%6Dodels/iris") == "name=iris;"); // RFC 3986 §6.2.2.2
    CHECK(match_text(p, "/models%2Firis") == "no match");   // an encoded '/' is not a separator
    CHECK(match_text(p, "/models/%zz") == "no match");
    CHECK(match_text(p, "/models/%4") == "no match");
    CHECK(match_text(p, "/models/iris%") == "no match");
    CHECK(match_text(p, "/mod%zzels/iris") == "no match");
}

TEST_CASE("a failed match leaves earlier params alone", "[rest][path_pattern]") {
    const PathPattern p("/a/{x}/b");
    PathParams params;
    params.push_back({"kept", "1"});
    CHECK_FALSE(p.match("/a/1/c", params));
    REQUIRE(params.size() == 1);
    CHECK(params[0].value == "1");
    CHECK(p.match("/a/2/b", params));
    REQUIRE(params.size() == 2);
    CHECK(params[1].value == "2");
}

TEST_CASE("bad patterns are refused at startup", "[rest][path_pattern]") {
    const auto bad = GENERATE(as<std::string>{}, "", "models", "/models/", "//", "/a//b", "/{}", "/{a-b}",
                              "/x{a}", "/{a}x", "/{a}/{a}", "/a%20b", "/a?b", "/{a");
    CAPTURE(bad);
    CHECK_THROWS_AS(PathPattern(bad), std::invalid_argument);
}

TEST_CASE("shape and order of patterns", "[rest][path_pattern]") {
    CHECK(PathPattern("/m/{a}").same_shape(PathPattern("/m/{b}")));
    CHECK_FALSE(PathPattern("/m/{a}").same_shape(PathPattern("/m/x")));
    CHECK_FALSE(PathPattern("/m/{a}").same_shape(PathPattern("/m/{a}/x")));
    CHECK(PathPattern("/m/latest").tried_before(PathPattern("/m/{name}")));
    CHECK_FALSE(PathPattern("/m/{name}").tried_before(PathPattern("/m/latest")));
    CHECK(PathPattern("/{x}/b").tried_before(PathPattern("/{x}/{y}")));
}

TEST_CASE("request-target forms are split into scheme, path and query", "[rest][request_target]") {
    using glassbox::http::split_request_target;
    using glassbox::http::TargetForm;
    struct Case {
        std::string target;
        TargetForm form;
        std::string path;
        std::string query;
        std::string scheme;
    };
    const auto c = GENERATE(values<Case>({
        {"/models/iris", TargetForm::origin, "/models/iris", "", ""},
        {"/models?verbose=1&x", TargetForm::origin, "/models", "verbose=1&x", ""},
        {"/?", TargetForm::origin, "/", "", ""},
        {"/a?b?c", TargetForm::origin, "/a", "b?c", ""},
        {"http://example.com:8000/models/iris?x=1", TargetForm::absolute, "/models/iris", "x=1", "http"},
        {"http://example.com", TargetForm::absolute, "/", "", "http"},
        {"HTTPS://example.com?q", TargetForm::absolute, "/", "q", "HTTPS"},
        {"*", TargetForm::asterisk, "*", "", ""},
        {"example.com:443", TargetForm::authority, "example.com:443", "", ""},
        {"localhost:", TargetForm::authority, "localhost:", "", ""},
        {"models", TargetForm::authority, "models", "", ""},
        // An absolute URI with no "//" authority: a URN names a thing, not a place (RFC 8141).
        {"urn:isbn:0451450523", TargetForm::absolute, "isbn:0451450523", "", "urn"},
        {"mailto:a@example.com?subject=x", TargetForm::absolute, "a@example.com", "subject=x", "mailto"},
    }));
    CAPTURE(c.target);
    const auto t = split_request_target(c.target);
    CHECK(t.form == c.form);
    CHECK(t.path == c.path);
    CHECK(t.query == c.query);
    CHECK(t.scheme == c.scheme);
}

TEST_CASE("query strings are parsed into ordered, decoded pairs", "[rest][request_target]") {
    using glassbox::http::parse_query;
    std::string text;
    for (const auto& q : parse_query("a=1&b=x%20y&c&&d=p+q&a=2&e=%zz%4&=v&f=a=b&g=%C3%A9"))
        text += q.name + ":" + q.value + "|";
    CHECK(text == "a:1|b:x y|c:|d:p q|a:2|e:%zz%4|:v|f:a=b|g:\xc3\xa9|");
    CHECK(parse_query("").empty());
    CHECK(parse_query("&&").empty());
}

TEST_CASE("percent helpers", "[rest][request_target]") {
    using namespace glassbox::http;
    CHECK(find_bad_percent_escape("/a%20b") == std::string_view::npos);
    CHECK(find_bad_percent_escape("/a%2") == 2);
    CHECK(find_bad_percent_escape("/a%20%g0") == 5);
    CHECK(find_bad_percent_escape("%") == 0);
    CHECK(percent_decoded_equals("%6dodels", "models"));
    CHECK_FALSE(percent_decoded_equals("model", "models"));
    CHECK_FALSE(percent_decoded_equals("models", "model"));
    CHECK_FALSE(percent_decoded_equals("%6", "6"));
    std::string out;
    CHECK(percent_decode("%00x%41", out));
    CHECK(out == std::string("\0xA", 3));
}
