// tests/fuzz/onnx_import_fuzz.cpp: libFuzzer target for exchange::from_onnx.
// Course topic: an ONNX file is input like any other: the protobuf decoder trusts nothing.
// Any bytes: onnx_listing() and from_onnx() must return lines or a model, or a sentence,
// never crash or hang. A model from_onnx() accepts must predict on a few rows and export.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include "exchange/onnx_listing.hpp"
#include "exchange/onnx_reader.hpp"
#include "exchange/onnx_writer.hpp"

namespace {

/// Rows predicted on each model the importer accepts.
constexpr std::size_t rows = 3;

/// Largest feature count predicted on; bigger models are still imported, only not run.
constexpr std::size_t max_predict_features = 1024;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string error;
    // 'glassbox inspect FILE.onnx' walks the same bytes with the same reader.
    (void)glassbox::exchange::onnx_listing(std::span(data, size), 3, error);
    const auto model = glassbox::exchange::from_onnx(std::span(data, size), "", error);
    if (!error.empty()) return 0;
    if (model.n_features() == 0) std::abort(); // accepted, yet empty: a refusal without a sentence
    if (model.n_features() <= max_predict_features) {
        std::vector<double> x(rows * model.n_features(), 0.5), values(rows), p(rows * model.n_classes());
        model.predict(x, rows, values, p);
    }
    (void)glassbox::exchange::to_onnx(model);
    return 0;
}
