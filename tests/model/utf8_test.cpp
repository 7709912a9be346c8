// tests/model/utf8_test.cpp: every string in a model file must be well-formed UTF-8.
// Course topic: loading a model you do not trust. A label that is not UTF-8 cannot become a
// JSON string (RFC 8259 §8.1), so the loader refuses it with the byte offset, and train
// refuses such a CSV before it writes anything.
#include <catch2/catch.hpp>

#include "model/utf8.hpp"
#include "model_test_support.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

/// Byte sequences RFC 3629 §4 forbids, and where (from 0) the first bad byte is.
struct BadText {
    std::string text;
    std::size_t at;
};

const std::vector<BadText> bad_texts = {
    {"\xff", 0},                 // never a UTF-8 byte
    {"ab\xc3", 2},               // a lead byte with no continuation
    {"\x80x", 0},                // a continuation byte with no lead
    {"x\xc0\xaf", 1},            // overlong '/' (two bytes for an ASCII character)
    {"\xe0\x80\xaf", 0},         // overlong '/' in three bytes
    {"\xf0\x80\x80\xaf", 0},     // overlong '/' in four bytes
    {"\xed\xa0\x80", 0},         // U+D800, a UTF-16 surrogate
    {"ok\xed\xbf\xbf", 2},       // U+DFFF, a surrogate
    {"\xf4\x90\x80\x80", 0},     // U+110000, past the last code point
    {"\xf5\x80\x80\x80", 0},     // a lead byte no code point uses
    {"caf\xc3\xa9\xe9t\xc3", 5}, // latin-1 'é' after a UTF-8 one
};

} // namespace

TEST_CASE("utf8_error finds the first byte that breaks RFC 3629", "[model][utf8]") {
    for (const BadText& b : bad_texts) {
        INFO(b.at);
        CHECK(utf8_error(b.text) == b.at);
    }
    for (const std::string_view good : std::vector<std::string_view>{
             "", "iris", "caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x8c\xb8", "\xef\xbf\xbf",
             "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80", std::string_view("a\0b", 3)})
        CHECK(utf8_error(good) == std::string::npos);
}

TEST_CASE("a model name, feature name or class label that is not UTF-8 is refused at its byte",
          "[model][utf8][corruption]") {
    for (const BadText& b : bad_texts) {
        for (int where = 0; where < 3; ++where) {
            const std::string field = where == 0   ? "the model name"
                                      : where == 1 ? "the name of feature 1"
                                                   : "the label of class 1";
            const auto file_with = [&](const std::string& text) {
                Metadata m = metadata(2, {"no", "yes"});
                (where == 0 ? m.name : where == 1 ? m.feature_names[1] : m.class_labels[1]) = text;
                Forest f;
                f.value_width = 2;
                f.add_tree(std::vector<std::int32_t>{format::leaf}, std::vector<double>{0},
                           std::vector<std::uint32_t>{0}, std::vector<std::uint32_t>{0},
                           std::vector<double>{0.5, 0.5});
                return save(Model(Kind::forest_classifier, m, std::move(f)));
            };
            // Where the string's bytes begin: after its u32 length, in the same file with ASCII in it.
            FieldLog log;
            Diagnostic ascii;
            load(file_with(std::string(b.text.size(), 'a')), ascii, &log);
            REQUIRE_FALSE(ascii);
            const std::size_t text_at = log.offset_of(field) + 4;
            Diagnostic d;
            load(file_with(b.text), d);
            INFO(field << ": " << d.message);
            REQUIRE(d);
            CHECK(d.code == FormatError::bad_text);
            CHECK(d.message.rfind("at byte " + hex_offset(text_at + b.at) + ": " + field, 0) == 0);
            CHECK(d.message.find("UTF-8") != std::string::npos);
        }
    }
}

TEST_CASE("well-formed UTF-8 in every string loads and saves back to the same bytes", "[model][utf8]") {
    Metadata m = metadata(2, {"n\xc3\xa4", "\xf0\x9f\x8c\xb8"});
    m.name = "\xe2\x82\xac-model";
    m.feature_names[0] = "l\xc3\xa4nge";
    const Model model(Kind::logistic_regression, m, Linear{1, Link::sigmoid, {1, -1}, {0}});
    const std::vector<std::uint8_t> file = save(model);
    Diagnostic d;
    const Model back = load(file, d);
    INFO(d.message);
    REQUIRE_FALSE(d);
    CHECK(save(back) == file);
}
