// bench/micro.cpp: Google Benchmark micro-benchmarks of glassbox's hot paths.
// Course topic: measuring one layer at a time: HTTP parsing (MB/s over a realistic mix of
// requests), decoding the features JSON (api/prediction_json.cpp; nlohmann's DOM for comparison),
// writing the predictions JSON (api/fast/prediction_json.cpp), the forest's predict per row, on
// the 10,000 iris rows sklearn_predict.py times, and the drift statistics of a request's rows.
// Env: BENCH_MODEL (default model.bin), BENCH_DATA (default examples/data/iris.csv; for the
// predict benchmarks, any CSV whose first columns are the model's features: bench/scaling.sh).
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "api/fast/prediction_json.hpp"
#include "api/monitoring.hpp"
#include "api/prediction_json.hpp"
#include "http/request_parser.hpp"
#include "model/file.hpp"

namespace {

using glassbox::http::ParseStatus;
using glassbox::http::RequestParser;

/// Rows in the predict benchmark, as in sklearn_predict.py.
constexpr std::size_t predict_rows = 10000;

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : fallback;
}

/// The first `columns` columns of BENCH_DATA (iris's 4 features unless a model has more),
/// row-major, repeated to `rows` rows.
std::vector<double> data_rows(std::size_t rows, std::size_t columns = 4) {
    std::ifstream in(env_or("BENCH_DATA", "examples/data/iris.csv"));
    std::string line;
    std::getline(in, line); // header
    std::vector<std::vector<double>> data;
    while (std::getline(in, line)) {
        std::istringstream cells(line);
        std::vector<double> row;
        std::string cell;
        for (std::size_t i = 0; i < columns && std::getline(cells, cell, ','); ++i)
            row.push_back(std::stod(cell));
        if (row.size() == columns) data.push_back(row);
    }
    if (data.empty()) throw std::runtime_error("micro: no rows of the model's width in BENCH_DATA");
    std::vector<double> X;
    for (std::size_t r = 0; r < rows; ++r)
        X.insert(X.end(), data[r % data.size()].begin(), data[r % data.size()].end());
    return X;
}

/// {"features":[[...],...]} with `rows` iris rows, as a client sends it.
std::string features_body(std::size_t rows) {
    const std::vector<double> X = data_rows(rows);
    nlohmann::json features = nlohmann::json::array();
    for (std::size_t r = 0; r < rows; ++r)
        features.push_back({X[4 * r], X[4 * r + 1], X[4 * r + 2], X[4 * r + 3]});
    return nlohmann::json{{"features", features}}.dump();
}

/// A mix of what glassbox receives: curl's health check, browser-ish GETs, predictions.
std::string request_mix() {
    const std::string one = features_body(1);
    const std::string hundred = features_body(100);
    std::string mix;
    mix += "GET /health HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n";
    mix +=
        "GET /models/iris HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\r\nAccept: text/html,application/"
        "xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: "
        "gzip, deflate, br\r\nConnection: keep-alive\r\nCache-Control: max-age=0\r\n\r\n";
    for (const std::string* body : {&one, &hundred}) {
        mix +=
            "POST /models/iris/predictions HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: python-requests/"
            "2.28.1\r\nAccept: */*\r\nContent-Type: application/json\r\nContent-Length: " +
            std::to_string(body->size()) + "\r\n\r\n" + *body;
    }
    return mix;
}

void parser_request_mix(benchmark::State& state) {
    const std::string mix = request_mix();
    RequestParser parser;
    std::size_t requests = 0;
    for (auto _ : state) {
        std::string_view rest = mix;
        while (!rest.empty()) {
            const auto result = parser.feed(rest);
            if (result.status != ParseStatus::complete) {
                state.SkipWithError("the request mix did not parse");
                return;
            }
            benchmark::DoNotOptimize(parser.take_request());
            parser.reset();
            rest.remove_prefix(result.consumed);
            ++requests;
        }
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * mix.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(requests));
}
BENCHMARK(parser_request_mix);

/// api::decode_features, glassbox's one-pass SAX decoder of the predictions body.
void json_decode_features(benchmark::State& state) {
    const std::size_t rows = static_cast<std::size_t>(state.range(0));
    const std::string body = features_body(rows);
    for (auto _ : state) {
        glassbox::api::FeatureDiagnostic diagnostic;
        const auto decoded = glassbox::api::decode_features(body, 4, rows, diagnostic);
        if (diagnostic) state.SkipWithError(diagnostic.message.c_str());
        benchmark::DoNotOptimize(decoded.values.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(json_decode_features)->Arg(1)->Arg(100)->Arg(10000);

/// For comparison: nlohmann::json's DOM parse, then the rows copied out (the httplib peer's way).
void json_dom_decode_features(benchmark::State& state) {
    const std::size_t rows = static_cast<std::size_t>(state.range(0));
    const std::string body = features_body(rows);
    for (auto _ : state) {
        const auto json = nlohmann::json::parse(body, nullptr, false);
        std::vector<double> X;
        X.reserve(rows * 4);
        for (const auto& row : json["features"]) {
            for (const auto& cell : row) {
                const double value = cell.get<double>();
                if (!std::isfinite(value)) state.SkipWithError("not finite");
                X.push_back(value);
            }
        }
        benchmark::DoNotOptimize(X.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(json_dom_decode_features)->Arg(1)->Arg(100)->Arg(10000);

/// What the predict benchmarks share: the model BENCH_MODEL names (default model.bin), `rows`
/// iris rows, and room for its outputs.
struct PredictInputs {
    glassbox::model::Model model;
    std::vector<double> X;
    std::vector<double> values;
    std::vector<double> probabilities;
};

/// The inputs for `rows` rows, or nothing after skipping the benchmark with the loader's reason.
std::optional<PredictInputs> predict_inputs(benchmark::State& state, std::size_t rows) {
    glassbox::model::Diagnostic diagnostic;
    auto model = glassbox::model::load_file(env_or("BENCH_MODEL", "model.bin"), diagnostic);
    if (diagnostic) {
        state.SkipWithError(diagnostic.message.c_str());
        return std::nullopt;
    }
    const std::size_t classes = model.n_classes();
    const std::size_t features = model.n_features();
    return PredictInputs{std::move(model), data_rows(rows, features), std::vector<double>(rows),
                         std::vector<double>(rows * classes)};
}

/// api::prediction_json, the 200 body, for the forest's real outputs on `rows` iris rows.
void json_write_predictions(benchmark::State& state) {
    const std::size_t rows = static_cast<std::size_t>(state.range(0));
    std::optional<PredictInputs> in = predict_inputs(state, rows);
    if (!in) return;
    auto& [model, X, values, probabilities] = *in;
    model.predict(X, rows, values, probabilities);
    std::vector<std::string> labels;
    for (const auto& label : model.class_labels()) labels.push_back('"' + label + '"');
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string body = glassbox::api::prediction_json(R"("iris")", labels, values, probabilities);
        bytes += body.size();
        benchmark::DoNotOptimize(body.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(json_write_predictions)->Arg(1)->Arg(100)->Arg(10000);

/// Model::predict on 10,000 rows (or one, the server's usual request) with probabilities;
/// items = rows, so time/item is per row.
void forest_predict(benchmark::State& state) {
    const std::size_t rows = static_cast<std::size_t>(state.range(0));
    std::optional<PredictInputs> in = predict_inputs(state, rows);
    if (!in) return;
    auto& [model, X, values, probabilities] = *in;
    for (auto _ : state) {
        model.predict(X, rows, values, probabilities);
        benchmark::DoNotOptimize(values.data());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(forest_predict)->Arg(1)->Arg(predict_rows);

/// api::DriftMonitor::record, what every predictions request adds to the drift figures, for
/// 100 rows (the benchmark's middle request); items = rows.
void drift_record(benchmark::State& state) {
    const std::size_t rows = static_cast<std::size_t>(state.range(0));
    std::optional<PredictInputs> in = predict_inputs(state, rows);
    if (!in) return;
    glassbox::api::DriftMonitor monitor(in->model);
    for (auto _ : state) monitor.record(in->X, rows);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(drift_record)->Arg(100);

} // namespace

BENCHMARK_MAIN();
