// tests/fuzz/predictions_json_fuzz.cpp: libFuzzer target for api::decode_features.
// Course topic: a JSON body from a client is hostile input: {"features": [[f1, ..., fn], ...]}.
// The first byte picks the column count (1-8; '{' gives 4, iris). The decoder must never
// crash, must explain every refusal, and whatever it accepts nlohmann::json's DOM parser
// must read as the same numbers (two parsers, one answer); whatever the fast path
// (feature_scanner) accepts, the SAX decoder alone must read to the same bits.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/fast/feature_scanner.hpp"
#include "api/prediction_json.hpp"

namespace {

/// Rows the decoder may accept from one body.
constexpr std::size_t max_rows = 1000;

/// The numbers of an accepted body, read again through the DOM; false if they differ.
bool same_as_dom(std::string_view body, const glassbox::api::FeatureRows& rows) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("features")) return false;
    const auto& features = json["features"];
    std::size_t i = 0;
    const auto check = [&](const nlohmann::json& cell) {
        return cell.is_number() && i < rows.values.size() && cell.get<double>() == rows.values[i++];
    };
    for (const auto& item : features) {
        if (item.is_array()) {
            for (const auto& cell : item) {
                if (!check(cell)) return false;
            }
        } else if (!check(item)) {
            return false;
        }
    }
    return i == rows.values.size();
}

/// True when the fast path refuses `body`, or reads it to exactly the SAX decoder's bits.
bool fast_path_agrees(std::string_view body, std::size_t columns) {
    glassbox::api::FeatureRows fast;
    const bool accepted = glassbox::api::scan_features(body, columns, max_rows, fast);
    // D5: the matrix never holds more numbers than the body has room for (2 bytes a number).
    if (fast.values.capacity() > body.size() / 2 + columns) std::abort();
    if (!accepted) return true;
    glassbox::api::FeatureDiagnostic diagnostic;
    const auto slow = glassbox::api::decode_features_sax(body, columns, max_rows, diagnostic);
    return !diagnostic && slow.rows == fast.rows && slow.values.size() == fast.values.size() &&
           std::memcmp(slow.values.data(), fast.values.data(), fast.values.size() * sizeof(double)) == 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t columns = data[0] % 8 + 1;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    glassbox::api::FeatureDiagnostic diagnostic;
    if (!fast_path_agrees(body, columns)) std::abort();
    const auto rows = glassbox::api::decode_features(body, columns, max_rows, diagnostic);
    if (diagnostic) {
        if (diagnostic.message.empty() || !rows.values.empty()) std::abort();
        return 0;
    }
    if (rows.rows == 0 || rows.rows > max_rows || rows.values.size() != rows.rows * columns) std::abort();
    for (const double v : rows.values) {
        if (!std::isfinite(v)) std::abort();
    }
    if (!same_as_dom(body, rows)) std::abort();
    return 0;
}
