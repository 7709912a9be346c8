// tests/exchange/onnx_import_test.cpp: ONNX files back into models, and bad files refused.
// Course topic: importing what another tool wrote. export then import predicts the same
// labels (probabilities to float32's rounding: ONNX keeps float weights), exports to the
// same bytes again, and saves as a model.bin load() accepts. Damaged files, every prefix
// of a file and unsupported operators get a sentence, never a crash.
#include <catch2/catch.hpp>
#include <cmath>

#include "exchange/onnx_models.hpp"
#include "exchange/onnx_reader.hpp"
#include "exchange/onnx_writer.hpp"
#include "model/file.hpp"

using namespace glassbox;
using namespace glassbox::exchange::test;

namespace {

/// `bytes` with every `from` replaced by `to` (the same length: no protobuf length changes).
std::vector<std::uint8_t> replaced(std::vector<std::uint8_t> bytes, std::string_view from,
                                   std::string_view to) {
    REQUIRE(from.size() == to.size());
    std::string text(bytes.begin(), bytes.end());
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + 1))
        text.replace(at, to.size(), to);
    return {text.begin(), text.end()};
}

} // namespace

TEST_CASE("export then import predicts the same labels and exports the same bytes", "[exchange][import]") {
    for (const Case& c : all_cases()) {
        INFO(c.name);
        const std::vector<std::uint8_t> onnx = exchange::to_onnx(c.model);
        std::string error;
        const model::Model back = exchange::from_onnx(onnx, "", error);
        REQUIRE(error.empty());
        CHECK(back.kind() == c.model.kind());
        CHECK(back.name() == c.model.name());
        CHECK(back.feature_names() == c.model.feature_names());
        CHECK(back.class_labels() == c.model.class_labels());
        CHECK((exchange::to_onnx(back) == onnx)); // (( )): no byte dump on failure
        model::Diagnostic d;
        CHECK_FALSE(model::save(back, d).empty());
        CHECK(d.message.empty());
        std::vector<double> v1(c.rows), v2(c.rows), p1(c.rows * c.model.n_classes()), p2(p1.size());
        c.model.predict(c.x, c.rows, v1, p1);
        back.predict(c.x, c.rows, v2, p2);
        double worst = 0.0;
        for (std::size_t r = 0; r < c.rows; ++r) {
            if (c.model.is_classifier())
                CHECK(v1[r] == v2[r]);
            else
                worst = std::max(worst, std::abs(v1[r] - v2[r]) / std::max(1.0, std::abs(v1[r])));
        }
        for (std::size_t i = 0; i < p1.size(); ++i) worst = std::max(worst, std::abs(p1[i] - p2[i]));
        CHECK(worst <= 1e-6);
    }
}

TEST_CASE("import refuses what it does not support with a sentence", "[exchange][import]") {
    const auto cases = all_cases();
    const std::vector<std::uint8_t> forest = exchange::to_onnx(cases[1].model); // iris-tree
    const std::vector<std::uint8_t> linear = exchange::to_onnx(cases[6].model); // synthetic-linear
    std::string error;
    (void)exchange::from_onnx(replaced(linear, "LinearRegressor", "LinearRegresso2"), "", error);
    CHECK(error ==
          "the operator 'LinearRegresso2' is not supported; glassbox imports TreeEnsembleClassifier, "
          "TreeEnsembleRegressor, LinearClassifier and LinearRegressor (ai.onnx.ml).");
    (void)exchange::from_onnx(replaced(forest, "BRANCH_LEQ", "BRANCH_NEQ"), "", error);
    CHECK(error ==
          "tree 0 uses the split mode 'BRANCH_NEQ'; glassbox reads BRANCH_LEQ, BRANCH_LT, BRANCH_GT, "
          "BRANCH_GTE and LEAF.");
    (void)exchange::from_onnx(std::vector<std::uint8_t>{'h', 'e', 'l', 'l', 'o'}, "", error);
    CHECK(error == "at byte 2: field 13 has wire type 4, which is a group (3, 4: deprecated) or undefined.");
}

TEST_CASE("import survives every prefix and every flipped byte of a file", "[exchange][import]") {
    const model::Model m = model::test::small_forest();
    const std::vector<std::uint8_t> onnx = exchange::to_onnx(m);
    std::string error;
    for (std::size_t n = 0; n < onnx.size(); ++n) {
        const model::Model part = exchange::from_onnx(std::span(onnx).first(n), "", error);
        INFO("prefix of " << n << " bytes");
        CHECK((!error.empty() || part.n_features() > 0));
    }
    for (std::size_t i = 0; i < onnx.size(); ++i) {
        std::vector<std::uint8_t> bad = onnx;
        bad[i] ^= 0xff;
        const model::Model flipped = exchange::from_onnx(bad, "", error);
        if (error.empty()) CHECK(flipped.n_features() > 0);
    }
}
