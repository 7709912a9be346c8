// tests/fuzz/predictions_json_fuzz.cpp: libFuzzer target for the predictions request body.
// Course topic: a JSON body from a client is hostile input: {"features": [[f1, ..., fn], ...]}.
// nlohmann::json parses it (no exceptions); the features are then checked the way the
// REST contract says (rows of n numbers, all finite, a flat row is one row) and predicted.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

/// Features per row of the iris model.
constexpr std::size_t n_features = 4;

/// The rows of a valid body, row-major; empty when the body is refused.
std::vector<double> decode_features(const nlohmann::json& body) {
    if (!body.is_object()) return {};
    const auto it = body.find("features");
    if (it == body.end() || !it->is_array() || it->empty()) return {};
    const bool flat = !(*it)[0].is_array();
    std::vector<double> X;
    const auto add_row = [&X](const nlohmann::json& row) {
        if (!row.is_array() || row.size() != n_features) return false;
        for (const auto& cell : row) {
            if (!cell.is_number()) return false;
            const double value = cell.get<double>();
            if (!std::isfinite(value)) return false;
            X.push_back(value);
        }
        return true;
    };
    if (flat) return add_row(*it) ? X : std::vector<double>{};
    for (const auto& row : *it) {
        if (!add_row(row)) return {};
    }
    return X;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto body = nlohmann::json::parse(data, data + size, nullptr, false);
    if (body.is_discarded()) return 0;
    const auto X = decode_features(body);
    if (X.size() % n_features != 0) std::abort();
    return 0;
}
