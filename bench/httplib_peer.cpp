// bench/httplib_peer.cpp: the cpp-httplib + nlohmann/json peer for bench/run.sh.
// Course topic: what a C++ engineer would write instead of glassbox: a popular one-header
// HTTP library, nlohmann/json both ways, and glassbox's own model code for predict(), so
// the benchmark compares only the HTTP and JSON layers. Same routes and JSON contract.
// Try: ./build/bench/httplib_peer model.bin 8003, then curl http://127.0.0.1:8003/health
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "model/file.hpp"

namespace {

using glassbox::model::Model;
using nlohmann::json;

/// An RFC 9457 problem answer, as glassbox gives.
void problem(httplib::Response& res, int status, const char* title, const std::string& detail) {
    res.status = status;
    const json body = {{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
    res.set_content(body.dump(), "application/problem+json");
}

/// {"features": [[...], ...]} (or one flat row) → row-major values; false if the shape is wrong.
bool decode_features(const json& body, std::size_t n_features, std::vector<double>& X) {
    if (!body.is_object() || !body.contains("features") || !body["features"].is_array()) return false;
    const json& features = body["features"];
    const auto add_row = [&](const json& row) {
        if (!row.is_array() || row.size() != n_features) return false;
        for (const json& cell : row) {
            if (!cell.is_number() || !std::isfinite(cell.get<double>())) return false;
            X.push_back(cell.get<double>());
        }
        return true;
    };
    if (!features.empty() && !features[0].is_array()) return add_row(features);
    for (const json& row : features) {
        if (!add_row(row)) return false;
    }
    return !X.empty();
}

/// POST /models/{name}/predictions.
void predictions(const Model& model, const httplib::Request& req, httplib::Response& res) {
    if (req.matches[1] != model.name()) {
        problem(res, 404, "Not Found", "There is no model named '" + std::string(req.matches[1]) + "'.");
        return;
    }
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return problem(res, 400, "Bad Request", "The body is not valid JSON.");
    std::vector<double> X;
    if (!decode_features(body, model.n_features(), X)) {
        return problem(res, 422, "Unprocessable Content",
                       "Each row must hold finite numbers, one per feature.");
    }
    const std::size_t rows = X.size() / model.n_features();
    std::vector<double> values(rows);
    std::vector<double> probabilities(rows * model.n_classes());
    model.predict(X, rows, values, probabilities);
    json labels = json::array();
    json probs = json::array();
    for (std::size_t r = 0; r < rows; ++r) {
        labels.push_back(model.class_labels()[static_cast<std::size_t>(values[r])]);
        probs.push_back(json(std::vector<double>(probabilities.begin() + r * model.n_classes(),
                                                 probabilities.begin() + (r + 1) * model.n_classes())));
    }
    const json answer = {{"model", model.name()}, {"predictions", labels}, {"probabilities", probs}};
    res.set_content(answer.dump(), "application/json");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: httplib_peer MODEL.bin PORT [THREADS]\n");
        return 2;
    }
    glassbox::model::Diagnostic diagnostic;
    const Model model = glassbox::model::load_file(argv[1], diagnostic);
    if (diagnostic) {
        std::fprintf(stderr, "httplib_peer: %s\n", diagnostic.message.c_str());
        return 1;
    }
    // cpp-httplib's defaults would make this a straw man: Nagle's algorithm on (its two writes per
    // answer then wait 40 ms for a delayed ACK), 5 requests per connection, and 8 threads, each
    // held by one kept-alive connection. A C++ engineer who load-tests tunes these three.
    const int threads = argc == 4 ? std::atoi(argv[3]) : 64;
    httplib::Server server;
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1'000'000);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"({"status":"ok"})", "application/json");
    });
    server.Post(
        R"(/models/([^/]+)/predictions)",
        [&model](const httplib::Request& req, httplib::Response& res) { predictions(model, req, res); });
    if (!server.listen("127.0.0.1", std::atoi(argv[2]))) {
        std::fprintf(stderr, "httplib_peer: cannot listen on 127.0.0.1:%s\n", argv[2]);
        return 1;
    }
    return 0;
}
