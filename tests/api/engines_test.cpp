// tests/api/engines_test.cpp: the API under both engines, answer for answer, trace line for trace line.
// Course topic: simple first, fast second. `glassbox serve --engine reference` (SAX decoder,
// each tree walked from its root, plain JSON writer) and the default fast engine get the same
// requests over loopback; every response and every trace line must be the same bytes, with
// only dates, ports and timings masked. The command line's --engine: engine_cli_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "docs/transcript.hpp"
#include "support/feature_bodies.hpp"
#include "support/process.hpp"
#include "support/quick_options.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/trace_file.hpp"
#include "support/trained_models.hpp"

namespace model = glassbox::model;
using glassbox::test::source_dir;
using namespace std::chrono_literals;

namespace {

/// Rows one request may carry on both servers: the whole of examples/data/iris.csv.
constexpr std::size_t max_rows = 150;

/// One server of the pair, tracing into a file of its own (made first, destroyed last).
struct EngineServer {
    glassbox::test::TraceFile trace;
    glassbox::test::TestServer server;

    explicit EngineServer(model::Engine engine) : server(server_options(trace), service_options(engine)) {
        model::Diagnostic d;
        server.service().load("iris", source_dir() + "/model.bin", d);
        REQUIRE_FALSE(d);
    }

    static glassbox::net::ServerOptions server_options(glassbox::test::TraceFile& trace) {
        glassbox::net::ServerOptions options = glassbox::test::quick_options();
        options.trace = &trace.sink;
        return options;
    }
    static glassbox::api::ServiceOptions service_options(model::Engine engine) {
        glassbox::api::ServiceOptions options;
        options.engine = engine;
        options.max_rows = max_rows;
        return options;
    }
};

/// One request, sent on a connection of its own.
struct Call {
    std::string method;
    std::string target;
    std::string content_type; ///< "" sends no Content-Type
    std::string body;
};

std::string request_bytes(const Call& call) {
    std::string out =
        call.method + " " + call.target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
    if (!call.content_type.empty()) out += "Content-Type: " + call.content_type + "\r\n";
    return out + "Content-Length: " + std::to_string(call.body.size()) + "\r\n\r\n" + call.body;
}

/// `text` with the digits that follow each `after` replaced by `mask`.
std::string replace_digits_after(std::string text, std::string_view after, std::string_view mask) {
    for (std::size_t at = text.find(after); at != std::string::npos; at = text.find(after, at + 1)) {
        const std::size_t begin = at + after.size();
        std::size_t end = begin;
        while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) ++end;
        text.replace(begin, end - begin, mask);
    }
    return text;
}

/// The response's bytes, from the status line to the end of the body, dates masked.
std::string answer(std::uint16_t port, const Call& call) {
    glassbox::test::RawClient client(port);
    client.send(request_bytes(call));
    std::string response = client.read_until_close();
    // The Date field is masked here; only a body with a datetime needs the docs' regexes.
    const std::size_t date = response.find("\r\nDate: ");
    if (date != std::string::npos)
        response.replace(date + 8, response.find('\r', date + 2) - date - 8, "<date>");
    // GET /models and GET /models/NAME tell when each model was loaded: the docs' masks hide it.
    return glassbox::test::has(response, "loaded_at") ? glassbox::test::mask(response) : response;
}

/// The trace's lines grouped by connection ("#7 MODEL ..." goes under 7), with the MODEL
/// line's time and the client's port masked, and this server's port written as <port>.
std::map<std::size_t, std::string> trace_by_connection(const std::string& trace, std::uint16_t port) {
    std::map<std::size_t, std::string> out;
    std::size_t start = 0;
    while (start < trace.size()) {
        std::size_t end = trace.find('\n', start);
        if (end == std::string::npos) end = trace.size();
        std::string line = trace.substr(start, end - start);
        start = end + 1;
        if (line.size() < 2 || line[0] != '#') continue;
        const std::size_t connection = std::stoul(line.substr(1));
        const std::string server_port = "server port " + std::to_string(port);
        if (const auto at = line.find(server_port); at != std::string::npos)
            line.replace(at, server_port.size(), "server port <port>");
        // The client's port changes with every connection, the MODEL line's time with every run.
        line = replace_digits_after(std::move(line), "client port ", "<port>");
        line = replace_digits_after(std::move(line), ") in ", "<time>");
        out[connection] += line + "\n";
    }
    return out;
}

std::size_t occurrences(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// `{"features": [[...], ...]}` from the first `columns` cells of `rows`.
std::string features_body(const std::vector<std::vector<std::string>>& rows, std::size_t columns) {
    std::string body = R"({"features": [)";
    for (std::size_t r = 0; r < rows.size(); ++r) {
        body += r ? ",[" : "[";
        for (std::size_t c = 0; c < columns; ++c) body += (c ? "," : "") + rows[r][c];
        body += "]";
    }
    return body + "]}";
}

/// Every body the predictions decoders are tested with (tests/fuzz/corpus/predictions_json,
/// tests/support/feature_bodies.hpp), iris's rows one by one, nested and flat, all at once
/// and one past --max-rows, random rows, and numbers that overflow a linear model.
std::vector<std::string> prediction_bodies(const model::Table& table, std::size_t columns) {
    std::vector<std::string> bodies;
    std::vector<std::filesystem::path> corpus;
    for (const auto& file :
         std::filesystem::directory_iterator(source_dir() + "/tests/fuzz/corpus/predictions_json"))
        corpus.push_back(file.path());
    std::sort(corpus.begin(), corpus.end());
    REQUIRE(corpus.size() >= 5);
    for (const auto& path : corpus) {
        std::ifstream in(path, std::ios::binary);
        bodies.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    bodies.insert(bodies.end(), std::begin(glassbox::test::rare_bodies_2),
                  std::end(glassbox::test::rare_bodies_2));
    bodies.insert(bodies.end(), std::begin(glassbox::test::error_bodies_4),
                  std::end(glassbox::test::error_bodies_4));
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        bodies.push_back(features_body({table.rows[r]}, columns));
        if (r % 10 == 0) { // flat: one row without the inner brackets
            std::string flat = R"({"features": [)";
            for (std::size_t c = 0; c < columns; ++c) flat += (c ? ", " : "") + table.rows[r][c];
            bodies.push_back(flat + "]}");
        }
    }
    bodies.push_back(features_body(table.rows, columns)); // exactly max_rows: 200
    auto too_many = table.rows;
    too_many.push_back(table.rows[0]);
    bodies.push_back(features_body(too_many, columns)); // one past max_rows: 413
    std::mt19937_64 random(14);
    std::uniform_real_distribution<double> value(-1.0, 9.0);
    for (int request = 0; request < 25; ++request) {
        std::vector<std::vector<std::string>> rows(1 + static_cast<std::size_t>(request % 20));
        for (auto& row : rows) {
            for (std::size_t c = 0; c < columns; ++c) {
                char text[32];
                std::snprintf(text, sizeof text, request % 2 ? "%.17g" : "%.2f", value(random));
                row.push_back(text);
            }
        }
        bodies.push_back(features_body(rows, columns));
    }
    bodies.push_back(features_body({std::vector<std::string>(columns, "1e308")}, columns));
    bodies.push_back(features_body({std::vector<std::string>(columns, "-1.7976931348623157e308")}, columns));
    bodies.push_back(features_body({std::vector<std::string>(columns, "0")}, columns));
    bodies.push_back(features_body({std::vector<std::string>(columns, "-0.0")}, columns));
    return bodies;
}

/// The whole API: every resource once, then every predictions body for every model, then
/// the drift it made, a DELETE and what follows it.
std::vector<Call> all_calls() {
    const model::Table table = glassbox::test::iris_table();
    const auto trained = glassbox::test::trained_models();
    std::vector<Call> calls = {
        {"GET", "/", "", ""},
        {"GET", "/health", "", ""},
        {"GET", "/health/ready", "", ""},
        {"GET", "/models", "", ""},
        {"GET", "/models/iris", "", ""},
        {"HEAD", "/models/iris", "", ""},
        {"GET", "/openapi.json", "", ""},
        {"GET", "/traces", "", ""},
        {"OPTIONS", "/models/iris/predictions", "", ""},
        {"PATCH", "/models/iris", "", ""},
        {"GET", "/models/a%2Fb", "", ""},
        {"GET", "/nope", "", ""},
        {"POST", "/models/nope/predictions", "application/json", R"({"features": [[1,2,3,4]]})"},
        {"POST", "/models/iris/predictions", "", R"({"features": [[1,2,3,4]]})"},
        {"POST", "/models/iris/predictions", "text/plain", R"({"features": [[1,2,3,4]]})"},
        {"POST", "/models/iris/predictions", "application/problem+json; charset=utf-8",
         R"({"features": [[1,2,3,4]]})"},
    };
    for (const auto& [name, bytes] : trained)
        calls.push_back({"PUT", "/models/" + name, "application/octet-stream", bytes});
    calls.push_back({"GET", "/models", "", ""});
    const std::pair<std::string, std::size_t> models[] = {
        {"iris", 4}, {"logit", 4}, {"width", 3}, {"petal", 2}};
    for (const auto& [name, columns] : models) {
        for (std::string& body : prediction_bodies(table, columns))
            calls.push_back(
                {"POST", "/models/" + name + "/predictions", "application/json", std::move(body)});
        calls.push_back({"GET", "/models/" + name + "/drift", "", ""});
    }
    calls.push_back({"DELETE", "/models/logit", "", ""});
    calls.push_back(
        {"POST", "/models/logit/predictions", "application/json", R"({"features": [[1,2,3,4]]})"});
    return calls;
}

std::string described(const Call& call) {
    return call.method + " " + call.target + " " + call.body.substr(0, 200);
}

} // namespace

TEST_CASE("every API answer and trace line is the same under both engines", "[api][engine][integration]") {
    const std::vector<Call> calls = all_calls();
    EngineServer reference(model::Engine::reference);
    EngineServer fast(model::Engine::fast);
    std::size_t predicted = 0;
    for (const Call& call : calls) {
        const std::string expected = answer(fast.server.port(), call);
        const std::string actual = answer(reference.server.port(), call);
        INFO(described(call));
        REQUIRE(expected.starts_with("HTTP/1.1 "));
        CHECK(actual == expected);
        if (call.target.ends_with("/predictions") && expected.starts_with("HTTP/1.1 200 ")) ++predicted;
    }
    // Most bodies are answered: the comparison is of predictions, not only of refusals.
    CHECK(predicted > 500);
    for (EngineServer* server : {&reference, &fast}) {
        for (auto deadline = std::chrono::steady_clock::now() + 5s;
             occurrences(server->trace.text(), " TCP   closed by") < calls.size() &&
             std::chrono::steady_clock::now() < deadline;)
            std::this_thread::sleep_for(10ms);
    }
    const auto reference_trace = trace_by_connection(reference.trace.text(), reference.server.port());
    const auto fast_trace = trace_by_connection(fast.trace.text(), fast.server.port());
    REQUIRE(fast_trace.size() == calls.size());
    REQUIRE(reference_trace.size() == calls.size());
    std::size_t model_lines = 0;
    for (const auto& [connection, lines] : fast_trace) {
        INFO(described(calls.at(connection - 1)));
        CHECK(reference_trace.at(connection) == lines);
        model_lines += occurrences(lines, " MODEL ");
    }
    CHECK(model_lines >= predicted);
}
