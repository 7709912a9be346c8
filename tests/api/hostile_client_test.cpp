// tests/api/hostile_client_test.cpp: `glassbox serve` against a hostile client, end to end.
// Course topic: deploying safely: the loopback rule (DNS rebinding), trailers, the model cap
// and the trace, each checked on the real binary over 127.0.0.1 with curl and raw bytes.
// Every server is started on port 0 and stopped by its destructor; every read is bounded.
#include <catch2/catch.hpp>

#include <filesystem>
#include <thread>

#include "support/process.hpp"
#include "support/raw_client.hpp"

using glassbox::test::RawClient;
using glassbox::test::run_command;
using glassbox::test::ServerProcess;
using namespace std::chrono_literals;

namespace {

std::string url(const ServerProcess& server, const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server.port()) + path;
}

/// curl's status code and body for one request; `options` go before the URL.
std::string curl(const std::string& options, const std::string& target) {
    return run_command("curl -s -m 5 -w ' %{http_code}' " + options + " " + target, 10s).output;
}

std::string model_file() { return glassbox::test::source_dir() + "/model.bin"; }

} // namespace

TEST_CASE("serve without a token: a rebinding PUT or DELETE is 403, curl on this machine is not",
          "[api][integration][rebinding][curl]") {
    ServerProcess server;
    std::string out = curl("-X DELETE -H 'Host: rebind.attacker.example'", url(server, "/models/iris"));
    CHECK(out.ends_with(" 403"));
    CHECK(out.find(R"("type":"/problems/host-not-local")") != std::string::npos);
    CHECK(out.find("--token-file") != std::string::npos);
    out = curl("-X PUT --data-binary @" + model_file() + " -H 'Origin: http://attacker.example'",
               url(server, "/models/copy"));
    CHECK(out.ends_with(" 403"));
    CHECK(out.find(R"("type":"/problems/cross-origin")") != std::string::npos);
    // curl sends "Host: 127.0.0.1:PORT" and no Origin.
    CHECK(curl("-o /dev/null -X PUT --data-binary @" + model_file(), url(server, "/models/copy")) == " 201");
    CHECK(curl("-o /dev/null -X DELETE", url(server, "/models/copy")) == " 204");
    CHECK(curl("-o /dev/null -X DELETE -H 'Host: localhost:1'", url(server, "/models/iris")) == " 204");
}

TEST_CASE("serve: an invalid Host and a repeated Authorization are 400 over the wire",
          "[api][integration][host]") {
    ServerProcess server;
    for (const std::string fields :
         {"Host: a b\r\n", "Host: x:99999\r\n",
          "Host: localhost\r\nAuthorization: Bearer a\r\nAuthorization: Bearer b\r\n"}) {
        INFO(fields);
        RawClient client(server.port());
        client.send("GET /health HTTP/1.1\r\n" + fields + "\r\n");
        const std::string reply = client.read_until_close(3s);
        CHECK(reply.starts_with("HTTP/1.1 400 Bad Request\r\n"));
        CHECK(reply.find("application/problem+json") != std::string::npos);
    }
}

TEST_CASE("serve --token-file: a token sent only in a chunked trailer is 401",
          "[api][integration][trailer]") {
    char dir[] = "/tmp/glassbox-hostile-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string token_file = std::string(dir) + "/token";
    REQUIRE(run_command("printf 's3cret\\n' > " + token_file).exit_status == 0);
    ServerProcess server({"--token-file", token_file});
    RawClient client(server.port());
    client.send("DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                "Connection: close\r\n\r\n0\r\nAuthorization: Bearer s3cret\r\n\r\n");
    CHECK(client.read_until_close(3s).starts_with("HTTP/1.1 401 Unauthorized\r\n"));
    CHECK(curl("-o /dev/null", url(server, "/models/iris")) == " 200");
    std::filesystem::remove_all(dir);
}

TEST_CASE("serve --max-models 1: a second name is 409, replacing the first is 200",
          "[api][integration][max-models]") {
    const auto help = run_command(glassbox::test::glassbox_binary() + " serve --help");
    CHECK(help.output.find("--max-models N") != std::string::npos);
    const auto zero = run_command(glassbox::test::glassbox_binary() + " serve --max-models 0 2>&1");
    CHECK(zero.exit_status == 2);
    CHECK(zero.output.find("'0' is not a valid value for --max-models") != std::string::npos);

    ServerProcess server({"--max-models", "1"});
    const std::string out = curl("-X PUT --data-binary @" + model_file(), url(server, "/models/second"));
    CHECK(out.ends_with(" 409"));
    CHECK(out.find(R"("type":"/problems/too-many-models")") != std::string::npos);
    CHECK(curl("-o /dev/null -X PUT --data-binary @" + model_file(), url(server, "/models/iris")) == " 200");
    CHECK(curl("-o /dev/null", url(server, "/models/second")) == " 404");
}

TEST_CASE("serve --trace: escape sequences in a path parameter are printed escaped",
          "[api][integration][escape]") {
    ServerProcess server({"--trace"});
    {
        RawClient client(server.port());
        client.send(
            "GET /models/%1b%5b2J%1b%5d0;owned%07/drift HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        CHECK(client.read_until_close(3s).starts_with("HTTP/1.1 400 Bad Request\r\n"));
    }
    std::string trace;
    for (int i = 0; i < 50 && trace.find("TCP   closed") == std::string::npos; ++i) {
        std::this_thread::sleep_for(20ms);
        trace = server.stderr_text();
    }
    INFO(trace);
    CHECK(trace.find("REST  route GET /models/{name}/drift matched, name=\\x1b[2J\\x1b]0;owned\\x07\n") !=
          std::string::npos);
    CHECK(trace.find('\x1b') == std::string::npos);
    CHECK(trace.find('\x07') == std::string::npos);
}
