// tests/http/negotiation_test.cpp: the Accept field read by its rules (RFC 9110 §12.5.1):
// quality values, specificity, ties, elements that do not parse, and no field at all.
#include <catch2/catch.hpp>

#include <array>

#include "http/negotiation.hpp"

namespace http = glassbox::http;

namespace {

constexpr std::array<std::string_view, 2> offered = {"application/json", "text/html"};

/// The type negotiate() picks for `accept` among `offered`.
std::string_view pick(const std::string& accept) { return offered[http::negotiate(&accept, offered).chosen]; }

} // namespace

TEST_CASE("qvalues are read as thousandths", "[http][negotiation]") {
    CHECK(http::accept_quality("text/html", "text/html") == 1000);
    CHECK(http::accept_quality("text/html;q=0.8", "text/html") == 800);
    CHECK(http::accept_quality("text/html; Q=0.125", "text/html") == 125);
    CHECK(http::accept_quality("text/html;q=1.000", "text/html") == 1000);
    CHECK(http::accept_quality("text/html;q=0", "text/html") == 0);
    // Not qvalues (§12.4.2): the element is skipped, so the type is not accepted by it.
    CHECK(http::accept_quality("text/html;q=1.5", "text/html") == 0);
    CHECK(http::accept_quality("text/html;q=0.1234", "text/html") == 0);
    CHECK(http::accept_quality("text/html;q=.5", "text/html") == 0);
    CHECK(http::quality_text(1000) == "q=1");
    CHECK(http::quality_text(800) == "q=0.8");
    CHECK(http::quality_text(125) == "q=0.125");
    CHECK(http::quality_text(0) == "q=0");
}

TEST_CASE("the most specific media range decides", "[http][negotiation]") {
    CHECK(http::accept_quality("*/*;q=0.1, text/*;q=0.5, text/html;q=0.9", "text/html") == 900);
    CHECK(http::accept_quality("*/*;q=0.1, text/*;q=0.5", "text/plain") == 500);
    CHECK(http::accept_quality("*/*;q=0.1, text/*;q=0.5", "application/json") == 100);
    // A more specific range overrides a broader one, also downwards.
    CHECK(http::accept_quality("*/*, text/html;q=0", "text/html") == 0);
    CHECK(http::accept_quality("TEXT/HTML", "text/html") == 1000); // §8.3.1: case-insensitive
    CHECK(http::accept_quality("application/json", "text/html") == 0);
}

TEST_CASE("the index's types are chosen by quality, ties by the server", "[http][negotiation]") {
    // Chromium's and Firefox's navigation Accept fields.
    CHECK(pick("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
               "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7") == "text/html");
    CHECK(pick("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "text/html");
    CHECK(pick("*/*") == "application/json"); // curl: a tie, the server's first choice
    CHECK(pick("text/html;q=0.5, application/json") == "application/json");
    CHECK(pick("application/json;q=0.9, text/*") == "text/html");
    CHECK(pick("text/html, application/json") == "application/json"); // tie
    CHECK(pick("*/*, application/json;q=0.2") == "text/html");
    const std::string none = "image/png";
    const http::Negotiation refused = http::negotiate(&none, offered);
    CHECK_FALSE(refused.acceptable);
    CHECK(refused.chosen == 0);
    const http::Negotiation absent = http::negotiate(nullptr, offered);
    CHECK(absent.acceptable);
    CHECK(absent.chosen == 0);
    CHECK(absent.qualities == std::vector<http::Quality>{1000, 1000});
}

TEST_CASE("an element that does not parse is skipped, not the field", "[http][negotiation]") {
    CHECK(pick("text/html, bogus, application/json;q=0.1") == "text/html");
    CHECK(pick("*/html, application/json") == "application/json");
    CHECK(pick(R"(text/html;foo="a,b;q=0";q=0.9, application/json;q=0.5)") == "text/html");
    CHECK(http::accept_quality(R"(text/html;foo="a,b";q=0.3)", "text/html") == 300);
    CHECK(http::accept_quality(R"(text/html;foo="unterminated)", "text/html") == 0);
    CHECK(http::accept_quality(",, text/html ;  q=0.7 ,", "text/html") == 700);
    CHECK(http::accept_quality("", "text/html") == 0);
    CHECK(http::accept_quality("text/html;;level=1", "text/html") == 1000);
}
