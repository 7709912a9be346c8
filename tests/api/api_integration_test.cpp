// tests/api/api_integration_test.cpp: the model resources over loopback, with raw bytes and curl.
// Course topic: deploying a model, checked end to end: predictions equal `glassbox predict`,
// a bad upload changes nothing, a replacement under load loses no request, drift moves.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "model/file.hpp"
#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::TestServer;
using namespace std::chrono_literals;

namespace {

const std::string two_rows = R"({"features": [[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]})";

std::string model_path() { return glassbox::test::source_dir() + "/model.bin"; }

void load_iris(TestServer& server) {
    glassbox::model::Diagnostic d;
    server.service().load("iris", model_path(), d);
    REQUIRE_FALSE(d);
}

/// A status code and a body, from one exchange.
struct Reply {
    int status = 0;
    std::string head;
    std::string body;
};

Reply split(const std::string& raw) {
    Reply r;
    const auto end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || end == std::string::npos) return r;
    r.status = std::stoi(raw.substr(9, 3));
    r.head = raw.substr(0, end);
    r.body = raw.substr(end + 4);
    return r;
}

std::string request_bytes(const std::string& method, const std::string& target, const std::string& body,
                          const std::string& fields) {
    return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n" + fields +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

/// One request on a fresh connection that closes after it.
Reply exchange(std::uint16_t port, const std::string& method, const std::string& target,
               const std::string& body = "",
               const std::string& fields = "Content-Type: application/json\r\n") {
    RawClient client(port);
    client.send(request_bytes(method, target, body, fields + "Connection: close\r\n"));
    return split(client.read_until_close());
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A second valid model with the same features and classes: a logistic regression.
std::string logistic_bytes(const std::string& name = "iris") {
    glassbox::model::Diagnostic d;
    const auto iris = glassbox::model::load_file(model_path(), d);
    glassbox::model::Metadata metadata = iris.metadata();
    metadata.name = name;
    glassbox::model::Linear linear;
    linear.n_outputs = 3;
    linear.link = glassbox::model::Link::softmax;
    linear.coef = {0, 0, -2, 0, 0, 0, 0, 0, 0, 0, 2, 0};
    linear.intercept = {4, 0, -4};
    const glassbox::model::Model model(glassbox::model::Kind::logistic_regression, metadata, linear);
    const auto bytes = glassbox::model::save(model);
    return std::string(bytes.begin(), bytes.end());
}

std::string temp_dir() {
    char path[] = "/tmp/glassbox-api-test-XXXXXX";
    REQUIRE(::mkdtemp(path) != nullptr);
    return path;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

} // namespace

TEST_CASE("curl --json: setosa and virginica, probabilities summing to 1", "[api][integration][curl]") {
    TestServer server;
    load_iris(server);
    const auto result = run_command("curl -s --max-time 10 --json '" + two_rows + "' http://127.0.0.1:" +
                                    std::to_string(server.port()) + "/models/iris/predictions");
    REQUIRE(result.exit_status == 0);
    const auto body = nlohmann::json::parse(result.output);
    CHECK(body["predictions"] == nlohmann::json({"setosa", "virginica"}));
    REQUIRE(body["probabilities"].size() == 2);
    for (const auto& row : body["probabilities"]) {
        double sum = 0;
        for (double p : row) sum += p;
        CHECK(sum == Approx(1.0).margin(1e-9));
    }
}

TEST_CASE("server predictions equal `glassbox predict` for the same rows", "[api][integration]") {
    TestServer server;
    load_iris(server);
    const auto offline = run_command("printf '5.1,3.5,1.4,0.2\\n6.7,3.0,5.2,2.3\\n6.0,2.7,4.1,1.1\\n' | " +
                                     glassbox::test::glassbox_binary() + " predict " + model_path());
    REQUIRE(offline.exit_status == 0);
    const Reply online = exchange(server.port(), "POST", "/models/iris/predictions",
                                  R"({"features": [[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3],[6.0,2.7,4.1,1.1]]})");
    REQUIRE(online.status == 200);
    const auto body = nlohmann::json::parse(online.body);
    std::istringstream lines(offline.output);
    std::string line;
    std::getline(lines, line); // the header
    for (std::size_t r = 0; r < 3; ++r) {
        REQUIRE(std::getline(lines, line));
        std::istringstream cells(line);
        std::string cell;
        std::getline(cells, cell, ',');
        CHECK(body["predictions"][r] == cell);
        for (std::size_t k = 0; k < 3; ++k) {
            std::getline(cells, cell, ',');
            CHECK(body["probabilities"][r][k].get<double>() == Approx(std::stod(cell)).margin(1e-9));
        }
    }
}

TEST_CASE("every error status over raw bytes, with problem+json bodies", "[api][integration]") {
    glassbox::api::ServiceOptions options;
    options.max_rows = 2;
    TestServer server({}, options);
    load_iris(server);
    const auto port = server.port();
    Reply r = exchange(port, "POST", "/models/iris/predictions", two_rows, "Content-Type: text/plain\r\n");
    CHECK(r.status == 415);
    CHECK(r.head.find("Content-Type: application/problem+json") != std::string::npos);
    CHECK(r.body.find("curl --json") != std::string::npos);
    r = exchange(port, "POST", "/models/iris/predictions", R"({"features": [[1,2,3,4]})");
    CHECK(r.status == 400);
    CHECK(r.body.find(R"("type":"/problems/malformed-json")") != std::string::npos);
    r = exchange(port, "POST", "/models/iris/predictions", R"({"features": [[1,2,3,4],[1,2,3]]})");
    CHECK(r.status == 422);
    CHECK(r.body.find(R"("row":1,"expected":4,"got":3)") != std::string::npos);
    r = exchange(port, "POST", "/models/iris/predictions", R"({"features": [[1,2,3,4],[1,2,null,4]]})");
    CHECK(r.status == 422);
    CHECK(r.body.find(R"("row":1,"column":2)") != std::string::npos);
    r = exchange(port, "POST", "/models/iris/predictions", R"({"features": [[1,2,3,-1e999]]})");
    CHECK(r.status == 422);
    CHECK(r.body.find(R"("type":"/problems/not-finite")") != std::string::npos);
    r = exchange(port, "POST", "/models/iris/predictions",
                 R"({"features": [[1,2,3,4],[1,2,3,4],[1,2,3,4]]})");
    CHECK(r.status == 413);
    r = exchange(port, "POST", "/models/nope/predictions", two_rows);
    CHECK(r.status == 404);
    CHECK(r.body.find(R"("type":"/problems/unknown-model")") != std::string::npos);
    r = exchange(port, "GET", "/models/a%2Fb");
    CHECK(r.status == 400);
    CHECK(r.body.find(R"("type":"/problems/bad-model-name")") != std::string::npos);
    CHECK(exchange(port, "DELETE", "/models/nope").status == 404);
    CHECK(exchange(port, "PATCH", "/models/iris").status == 405);
}

TEST_CASE("a corrupted or random PUT is refused and the old model keeps answering",
          "[api][integration][curl]") {
    TestServer server;
    load_iris(server);
    const std::string dir = temp_dir();
    std::string flipped = file_bytes(model_path());
    flipped[200] ^= 0x10;
    write_file(dir + "/flipped.bin", flipped);
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/models/iris";
    auto result = run_command("curl -s -o /dev/null -w '%{http_code}' -X PUT --data-binary @" + dir +
                              "/flipped.bin " + url);
    CHECK(result.output == "422");
    result = run_command("head -c 4096 /dev/urandom | curl -s -X PUT --data-binary @- " + url);
    CHECK(result.output.find(R"("status":422)") != std::string::npos);
    CHECK(result.output.find("The model served before (if any) is unchanged.") != std::string::npos);
    const Reply r = exchange(server.port(), "POST", "/models/iris/predictions", two_rows);
    CHECK(r.status == 200);
    CHECK(r.body.find(R"("predictions":["setosa","virginica"])") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("PUT racing 8 predicting clients: no request fails", "[api][integration][race]") {
    TestServer server;
    load_iris(server);
    const std::string forest = file_bytes(model_path());
    const std::string logistic = logistic_bytes();
    std::atomic<int> failures{0};
    std::atomic<int> answered{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 8; ++t) {
        clients.emplace_back([&] {
            RawClient client(server.port());
            const std::string request = request_bytes("POST", "/models/iris/predictions", two_rows,
                                                      "Content-Type: application/json\r\n");
            for (int i = 0; i < 200; ++i) {
                client.send(request);
                const Reply r = split(client.read_responses(1));
                if (r.status == 200 &&
                    r.body.find(R"("predictions":["setosa","virginica"])") != std::string::npos)
                    ++answered;
                else
                    ++failures;
            }
        });
    }
    int replaced = 0;
    for (int i = 0; i < 20; ++i) {
        const Reply r = exchange(server.port(), "PUT", "/models/iris", i % 2 ? forest : logistic,
                                 "Content-Type: application/octet-stream\r\n");
        if (r.status == 200) ++replaced;
    }
    for (auto& c : clients) c.join();
    CHECK(failures == 0);
    CHECK(answered == 1600);
    CHECK(replaced == 20);
}

TEST_CASE("drift: training rows give PSI 0, shifted rows move it, a PUT resets it",
          "[api][integration][drift]") {
    TestServer server;
    load_iris(server);
    std::ifstream csv(glassbox::test::source_dir() + "/examples/data/iris.csv");
    std::string line;
    std::getline(csv, line);
    std::string rows, shifted;
    while (std::getline(csv, line)) {
        const std::string cells = line.substr(0, line.rfind(','));
        rows += (rows.empty() ? "[" : ",[") + cells + "]";
        std::istringstream in(cells);
        std::string cell, row;
        while (std::getline(in, cell, ','))
            row += (row.empty() ? "" : ",") + std::to_string(std::stod(cell) + 3.0);
        shifted += (shifted.empty() ? "[" : ",[") + row + "]";
    }
    const auto port = server.port();
    REQUIRE(exchange(port, "POST", "/models/iris/predictions", R"({"features": [)" + rows + "]}").status ==
            200);
    auto drift = nlohmann::json::parse(exchange(port, "GET", "/models/iris/drift").body);
    CHECK(drift["rows"] == 150);
    for (const auto& f : drift["features"]) {
        CHECK(f["psi"].get<double>() == Approx(0.0).margin(1e-12));
        CHECK(f["mean_shift"].get<double>() == Approx(0.0).margin(1e-9));
    }
    REQUIRE(exchange(port, "POST", "/models/iris/predictions", R"({"features": [)" + shifted + "]}").status ==
            200);
    drift = nlohmann::json::parse(exchange(port, "GET", "/models/iris/drift").body);
    CHECK(drift["rows"] == 300);
    for (const auto& f : drift["features"]) {
        CHECK(f["psi"].get<double>() > 0.25);
        CHECK(f["mean_shift"].get<double>() > 0.5);
        CHECK(f["live_mean"].get<double>() == Approx(f["training_mean"].get<double>() + 1.5));
    }
    const std::string metrics = exchange(port, "GET", "/metrics").body;
    CHECK(metrics.find("glassbox_drift_rows{model=\"iris\"} 300\n") != std::string::npos);
    REQUIRE(exchange(port, "PUT", "/models/iris", file_bytes(model_path()), "").status == 200);
    drift = nlohmann::json::parse(exchange(port, "GET", "/models/iris/drift").body);
    CHECK(drift["rows"] == 0);
    CHECK(drift["features"][0]["psi"].is_null());
}

TEST_CASE("/metrics over the network counts bytes and open connections", "[api][integration][metrics]") {
    TestServer server;
    load_iris(server);
    RawClient held(server.port());
    held.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    held.read_responses(1);
    const std::string text = exchange(server.port(), "GET", "/metrics").body;
    CHECK(text.find("glassbox_http_open_connections 2\n") != std::string::npos);
    CHECK(text.find("glassbox_http_received_bytes_total 0\n") == std::string::npos);
    CHECK(text.find("glassbox_http_sent_bytes_total ") != std::string::npos);
}
