// tests/api/hostile_model_test.cpp: crafted model files through every door of the server.
// Course topic: loading a model you do not trust. A forest whose "tree" shares nodes once
// loaded, then overflowed the heap (PUT /models/x, --model, SIGHUP, predict, inspect). Now
// each door answers with the loader's sentence, and the server keeps serving. Run under ASan.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "model/format.hpp"
#include "support/forest_bytes.hpp"
#include "support/process.hpp"
#include "support/raw_client.hpp"
#include "support/test_server.hpp"

using glassbox::model::test::RawTree;
using glassbox::test::RawClient;
using glassbox::test::TestServer;

namespace {

/// 33 splits whose two children are both the next node, then one leaf: 2^33 paths.
std::string shared_children_file() {
    RawTree t;
    for (std::uint32_t i = 0; i < 34; ++i) {
        const bool leaf = i == 33;
        t.feature.push_back(leaf ? glassbox::model::format::leaf : 0);
        t.threshold.push_back(leaf ? 0.0 : 0.5);
        t.left.push_back(leaf ? 0 : i + 1);
        t.right.push_back(leaf ? 0 : i + 1);
        t.value.insert(t.value.end(), {leaf ? 1.0 : 0.0, 0.0});
    }
    const auto bytes = glassbox::model::test::forest_file(4, {"a", "b"}, {t});
    return std::string(bytes.begin(), bytes.end());
}

/// One exchange on a fresh connection: the status code and the whole answer.
std::pair<int, std::string> exchange(std::uint16_t port, const std::string& method, const std::string& target,
                                     const std::string& body = "") {
    RawClient client(port);
    client.send(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
                "Content-Type: application/octet-stream\r\nContent-Length: " + std::to_string(body.size()) +
                "\r\n\r\n" + body);
    const std::string answer = client.read_until_close();
    return {answer.size() >= 12 ? std::stoi(answer.substr(9, 3)) : 0, answer};
}

std::string temp_file(const std::string& bytes) {
    char path[] = "/tmp/glassbox-hostile-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

} // namespace

TEST_CASE("PUT of a forest with shared children is 422, and the server serves on",
          "[api][hostile][tree-shape]") {
    TestServer server;
    glassbox::model::Diagnostic d;
    server.service().load("iris", glassbox::test::source_dir() + "/model.bin", d);
    REQUIRE_FALSE(d);
    const auto [status, answer] = exchange(server.port(), "PUT", "/models/x", shared_children_file());
    CHECK(status == 422);
    CHECK(answer.find("on both sides") != std::string::npos);
    CHECK(exchange(server.port(), "GET", "/models/x").first == 404); // nothing was stored
    CHECK(exchange(server.port(), "GET", "/health").first == 200);
    CHECK(exchange(server.port(), "DELETE", "/models/iris").first == 204);
}

TEST_CASE("glassbox inspect, predict and serve --model refuse a forest with shared children",
          "[api][hostile][tree-shape][cli]") {
    const std::string path = temp_file(shared_children_file());
    const std::string binary = "'" + glassbox::test::glassbox_binary() + "'";
    for (const std::string& command : {binary + " inspect " + path, binary + " predict " + path + " 1 2 3 4",
                                       binary + " serve --port 0 --model x=" + path}) {
        const auto result = glassbox::test::run_command(command + " 2>&1", std::chrono::seconds(20));
        INFO(command << "\n" << result.output);
        CHECK(result.exit_status != 0);
        CHECK(result.exit_status != -1); // refused at once, not killed after the timeout
        CHECK(result.output.find("node 0 has child 1 on both sides") != std::string::npos);
    }
    std::filesystem::remove(path);
}
