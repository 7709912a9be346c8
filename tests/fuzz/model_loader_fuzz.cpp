// tests/fuzz/model_loader_fuzz.cpp: libFuzzer target for model::load.
// Course topic: a model file is input like any other: the loader must trust nothing.
// Any bytes: load() must return a model or a diagnostic, never crash. A model it accepts
// must predict on a few rows, and survive a save/load round trip.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "model/file.hpp"

namespace {

using glassbox::model::Diagnostic;

/// Rows predicted on each model the loader accepts.
constexpr std::size_t rows = 3;

/// Largest feature count predicted on; bigger models are still loaded, only not run.
constexpr std::size_t max_predict_features = 1024;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Diagnostic diagnostic;
    const auto model = glassbox::model::load(std::span(data, size), diagnostic);
    if (diagnostic) {
        if (diagnostic.message.empty()) std::abort(); // every refusal explains itself
        return 0;
    }
    const std::size_t n = model.n_features();
    if (n == 0 || n > max_predict_features) return 0;
    std::vector<double> X(rows * n);
    for (std::size_t i = 0; i < X.size(); ++i) X[i] = (i % 7 == 0) ? -1e9 : static_cast<double>(i % 5) - 1.5;
    std::vector<double> values(rows);
    std::vector<double> probabilities(model.is_classifier() ? rows * model.n_classes() : 0);
    model.predict(X, rows, values, probabilities);
    if (model.is_classifier()) {
        for (double v : values) {
            if (!(v >= 0 && v < static_cast<double>(model.n_classes()))) std::abort(); // a class index
        }
    }
    Diagnostic again;
    const auto bytes = glassbox::model::save(model);
    glassbox::model::load(bytes, again);
    if (again) std::abort(); // what we save we must be able to load
    return 0;
}
