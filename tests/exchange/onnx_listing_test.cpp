// tests/exchange/onnx_listing_test.cpp: 'glassbox inspect FILE.onnx' names every field.
#include <catch2/catch.hpp>

#include "exchange/onnx_listing.hpp"
#include "exchange/onnx_writer.hpp"
#include "model/model_test_support.hpp"

using namespace glassbox;

TEST_CASE("an ONNX file listed field by field with offsets and onnx.proto names", "[exchange][inspect]") {
    const std::vector<std::uint8_t> onnx = exchange::to_onnx(model::test::small_linear());
    std::string error;
    const std::vector<std::string> lines = exchange::onnx_listing(onnx, 3, error);
    CHECK(error.empty());
    REQUIRE(lines.size() > 10);
    CHECK(lines[0] == "0x000000  field  1 varint     ir_version = 8");
    std::string all;
    for (const auto& line : lines) all += line + "\n";
    CHECK(all.find("field  7 len") != std::string::npos);
    CHECK(all.find("graph.node[0].op_type = \"LinearRegressor\"") != std::string::npos);
    CHECK(all.find("graph.node[0].attribute 'coefficients' = [2, -3]") != std::string::npos);
    CHECK(all.find("graph.input[0] = \"features\"") != std::string::npos);
    CHECK(all.find("opset_import: domain \"ai.onnx.ml\", version 3") != std::string::npos);
    // Every line's offset is where its field's key is: the key byte holds the field number.
    for (const auto& line : lines) {
        INFO(line);
        const std::size_t offset = std::stoul(line.substr(2, 6), nullptr, 16);
        const unsigned field = static_cast<unsigned>(std::stoul(line.substr(16, 2)));
        REQUIRE(offset < onnx.size());
        CHECK(onnx[offset] >> 3 == field);
    }
    // A cut file: the lines up to the fault, then a sentence with the offset.
    (void)exchange::onnx_listing(std::span(onnx).first(onnx.size() / 2), 3, error);
    CHECK(error.starts_with("at byte "));
}
