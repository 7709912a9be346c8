// tests/api/serve_models_test.cpp: `glassbox serve` with models, as a user runs it: start-up
// loading, SIGHUP reload, tokens and non-loopback refusal, the access log.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "model/file.hpp"
#include "support/process.hpp"
#include "support/raw_client.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::ServerProcess;
using namespace std::chrono_literals;

namespace {

std::string binary() { return glassbox::test::glassbox_binary(); }
std::string model_path() { return glassbox::test::source_dir() + "/model.bin"; }

std::string get(std::uint16_t port, const std::string& target, const std::string& method = "GET",
                const std::string& fields = "") {
    RawClient client(port);
    client.send(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + fields + "\r\n");
    return client.read_until_close();
}

std::string temp_dir() {
    char path[] = "/tmp/glassbox-serve-test-XXXXXX";
    REQUIRE(::mkdtemp(path) != nullptr);
    return path;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

/// iris' metadata with a logistic regression payload: a second valid model of the same shape.
void save_logistic(const std::string& path) {
    glassbox::model::Diagnostic d;
    const auto iris = glassbox::model::load_file(model_path(), d);
    glassbox::model::Linear linear;
    linear.n_outputs = 3;
    linear.link = glassbox::model::Link::softmax;
    linear.coef.assign(12, 0.0);
    linear.intercept = {1, 0, -1};
    std::error_code ec;
    glassbox::model::save_file(
        glassbox::model::Model(glassbox::model::Kind::logistic_regression, iris.metadata(), linear), path,
        ec);
    REQUIRE_FALSE(ec);
}

} // namespace

TEST_CASE("serve --help tells the model options", "[api][cli][serve]") {
    const auto result = run_command(binary() + " serve --help");
    CHECK(result.exit_status == 0);
    for (const char* option :
         {"--model NAME=PATH", "--max-rows", "--token-file", "--quiet", "SIGHUP", "model.bin"})
        CHECK(result.output.find(option) != std::string::npos);
}

TEST_CASE("serve with the default ./model.bin serves it as iris", "[api][cli][serve]") {
    ServerProcess server;
    CHECK(get(server.port(), "/models/iris").starts_with("HTTP/1.1 200 OK"));
}

TEST_CASE("a model that fails to load stops start-up with the loader's sentence", "[api][cli][serve]") {
    const std::string dir = temp_dir();
    write_file(dir + "/bad.bin", "GLASSBOX but not really");
    auto result = run_command(binary() + " serve --port 0 --model x=" + dir + "/bad.bin 2>&1");
    CHECK(result.exit_status == 1);
    CHECK(result.output.find("glassbox serve: cannot serve " + dir + "/bad.bin: at byte") !=
          std::string::npos);
    result = run_command(binary() + " serve --port 0 --model x=" + dir + "/missing.bin 2>&1");
    CHECK(result.exit_status == 1);
    result = run_command(binary() + " serve --port 0 --model 'a/b=" + model_path() + "' 2>&1");
    CHECK(result.exit_status == 2);
    std::filesystem::remove_all(dir);
}

TEST_CASE("SIGHUP reloads models from their files, a bad file keeps the old one",
          "[api][cli][serve][sighup]") {
    const std::string dir = temp_dir();
    std::filesystem::copy_file(model_path(), dir + "/m.bin");
    ServerProcess server({"--model", "m=" + dir + "/m.bin"});
    CHECK(get(server.port(), "/models/m").find("random forest classifier") != std::string::npos);
    save_logistic(dir + "/m.bin");
    ::kill(server.pid(), SIGHUP);
    std::string reply;
    for (int i = 0; i < 100 && reply.find("logistic regression") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        reply = get(server.port(), "/models/m");
    }
    CHECK(reply.find("logistic regression") != std::string::npos);
    write_file(dir + "/m.bin", "garbage");
    ::kill(server.pid(), SIGHUP);
    std::string log;
    for (int i = 0; i < 100 && log.find("model 'm' kept") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        log = server.stderr_text();
    }
    CHECK(log.find("glassbox: model 'm' reloaded from " + dir + "/m.bin") != std::string::npos);
    CHECK(log.find("glassbox: model 'm' kept: " + dir + "/m.bin: at byte") != std::string::npos);
    CHECK(get(server.port(), "/models/m").find("logistic regression") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a token file: DELETE needs the bearer token", "[api][cli][serve][access]") {
    const std::string dir = temp_dir();
    write_file(dir + "/token", "  t0ken-123 \n");
    ServerProcess server({"--token-file", dir + "/token"});
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/models/iris";
    auto result = run_command("curl -s -i -X DELETE " + url);
    CHECK(result.output.starts_with("HTTP/1.1 401 Unauthorized"));
    CHECK(result.output.find("WWW-Authenticate: Bearer realm=\"glassbox\"") != std::string::npos);
    result = run_command(
        "curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer t0ken-123' -X DELETE " + url);
    CHECK(result.output == "204");
    std::filesystem::remove_all(dir);
}

TEST_CASE("a non-loopback address without a token: warning, and 403 for PUT/DELETE",
          "[api][cli][serve][access]") {
    ServerProcess server({"--host", "0.0.0.0"});
    CHECK(server.stderr_text().find("warning: listening on 0.0.0.0") != std::string::npos);
    CHECK(get(server.port(), "/models/iris", "DELETE").starts_with("HTTP/1.1 403 Forbidden"));
    CHECK(get(server.port(), "/models/iris").starts_with("HTTP/1.1 200 OK"));
}

TEST_CASE("one access-log line per request on stderr, none with --quiet", "[api][cli][serve]") {
    {
        ServerProcess server;
        get(server.port(), "/models/nope");
        std::string log;
        for (int i = 0; i < 50 && log.find("GET /models/nope 404 ") == std::string::npos; ++i) {
            std::this_thread::sleep_for(20ms);
            log = server.stderr_text();
        }
        CHECK(log.find("GET /models/nope 404 ") != std::string::npos);
        CHECK(log.find("us\n") != std::string::npos);
    }
    ServerProcess quiet({"--quiet"});
    get(quiet.port(), "/models/nope");
    std::this_thread::sleep_for(100ms);
    CHECK(quiet.stderr_text().find("GET /models/nope") == std::string::npos);
}
