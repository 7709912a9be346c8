// tests/examples/examples_test.cpp: every example in examples/ is built and run here.
// users_server is walked through its CRUD with curl; raw_client, client.py and curl.sh run
// against a live `glassbox serve` and are compared with their golden output in
// examples/golden/ (masks as for docs/, see tests/docs/transcript.hpp); the requests of
// examples/nc-session.txt are sent with nc and must get the answers written there.
// Run: ./glassbox_tests '[examples]'  (GLASSBOX_DOCS_UPDATE=1 rewrites the golden files)
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "docs/transcript.hpp"
#include "support/process.hpp"

using namespace glassbox::test;
using namespace std::chrono_literals;

namespace {

/// A glassbox server on a four-digit port, so golden byte counts hold (see docs_test.cpp).
struct GoldenServer {
    std::uint16_t port = free_four_digit_port();
    ServerProcess process{std::vector<std::string>{"--port", std::to_string(port)}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

/// Runs `command` in the repository root with glassbox on PATH; stderr merged.
CommandResult run_in_root(const std::string& command) {
    const std::string bin = std::filesystem::path(glassbox_binary()).parent_path().string();
    return run_command("cd '" + source_dir() + "' && PATH='" + bin + "':\"$PATH\" && export PATH && {\n" +
                           command + "\n} 2>&1",
                       30s);
}

/// Compares `output` with examples/golden/`name` (masked), or rewrites it when updating.
void check_golden(const std::string& name, const std::string& output) {
    const std::filesystem::path path = std::filesystem::path(source_dir()) / "examples" / "golden" / name;
    if (std::getenv("GLASSBOX_DOCS_UPDATE") != nullptr && mask(output) != mask(read_file(path))) {
        std::ofstream(path, std::ios::binary) << output;
    }
    INFO("examples/golden/" << name << " (GLASSBOX_DOCS_UPDATE=1 rewrites it)");
    CHECK(mask(output) == mask(read_file(path)));
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

TEST_CASE("users_server: the /rest/users CRUD walk", "[examples][users]") {
    ServerProcess server(GLASSBOX_USERS_SERVER, {"--port", "0"});
    const std::string users = "http://127.0.0.1:" + std::to_string(server.port()) + "/rest/users";
    const auto curl = [&](const std::string& args) {
        return run_command("curl -s -w ' %{http_code}' " + args, 10s).output;
    };
    CHECK(curl(users) == "[] 200");
    CHECK(curl("--json '{\"name\":\"Ada\",\"email\":\"ada@example.org\"}' " + users) ==
          R"({"email":"ada@example.org","id":1,"name":"Ada"} 201)");
    CHECK(curl("--json '{\"name\":\"Alan\",\"email\":\"alan@example.org\"}' " + users) ==
          R"({"email":"alan@example.org","id":2,"name":"Alan"} 201)");
    CHECK(curl("-o /dev/null -D - " + users + " --json '{\"name\":\"Grace\",\"email\":\"g@example.org\"}'")
              .find("Location: /rest/users/3\r\n") != std::string::npos);
    CHECK(curl(users + "/1") == R"({"email":"ada@example.org","id":1,"name":"Ada"} 200)");
    CHECK(curl("-X PUT --json '{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\"}' " + users + "/1") ==
          R"({"email":"ada@example.org","id":1,"name":"Ada Lovelace"} 200)");
    CHECK(curl("-X DELETE " + users + "/2") == " 204");
    CHECK(curl(users + "/2").ends_with(" 404"));
    CHECK(curl(users) == R"([{"email":"ada@example.org","id":1,"name":"Ada Lovelace"},)"
                         R"({"email":"g@example.org","id":3,"name":"Grace"}] 200)");
    // The router's own answers, unchanged from glassbox: 405 with Allow, 415, 422.
    CHECK(curl("-X PATCH " + users + "/1").ends_with(" 405"));
    CHECK(curl("-d x " + users).ends_with(" 415"));
    CHECK(curl("--json '{\"name\":1}' " + users).ends_with(" 422"));
}

TEST_CASE("raw_client: the client side of TCP and HTTP", "[examples][raw_client]") {
    GoldenServer server;
    const auto result = run_command(std::string(GLASSBOX_RAW_CLIENT) + " 127.0.0.1 " +
                                        std::to_string(server.port) + " GET /health 2>&1",
                                    10s);
    CHECK(result.exit_status == 0);
    check_golden("raw_client.txt", normalise_output(result.output, server.port));

    const auto post =
        run_command(std::string(GLASSBOX_RAW_CLIENT) + " 127.0.0.1 " + std::to_string(server.port) +
                        " POST /models/iris/predictions '{\"features\":[[6.7,3.0,5.2,2.3]]}' 2>&1",
                    10s);
    CHECK(post.output.find("<- HTTP/1.1 200 OK\\r\\n") != std::string::npos);
    CHECK(post.output.find("\"predictions\":[\"virginica\"]") != std::string::npos);
}

TEST_CASE("client.py: the Python standard-library client", "[examples][python]") {
    GoldenServer server;
    const auto result = run_in_root("python3 examples/client.py " + server.url());
    CHECK(result.exit_status == 0);
    check_golden("client.py.txt", normalise_output(result.output, server.port));
}

TEST_CASE("curl.sh: the whole API with curl", "[examples][curl]") {
    GoldenServer server;
    const auto result = run_in_root("sh examples/curl.sh " + server.url());
    CHECK(result.exit_status == 0);
    check_golden("curl.sh.txt", normalise_output(result.output, server.port));
}

TEST_CASE("nc-session.txt: each typed request gets the answer written there", "[examples][nc]") {
    GoldenServer server;
    const std::string session =
        read_file(std::filesystem::path(source_dir()) / "examples" / "nc-session.txt");
    // Sections: "you type:" lines up to "server answers:", then the answer up to "---".
    std::size_t at = 0, checked = 0;
    while ((at = session.find("you type:\n", at)) != std::string::npos) {
        at += 10;
        const std::size_t answer_at = session.find("server answers:\n", at);
        REQUIRE(answer_at != std::string::npos);
        const std::string typed = session.substr(at, answer_at - at);
        const std::size_t end = std::min(session.find("\n---", answer_at), session.size());
        std::string expected = session.substr(answer_at + 16, end - answer_at - 16);
        while (!expected.empty() && expected.back() == '\n') expected.pop_back();
        // nc sends what was typed, LF line endings and all, as a user at the keyboard would.
        std::string reply = run_command("printf '%s' " + shell_quote(typed) + " | nc -N -w 5 127.0.0.1 " +
                                            std::to_string(server.port),
                                        10s)
                                .output;
        reply = normalise_output(reply, server.port);
        while (!reply.empty() && reply.back() == '\n') reply.pop_back();
        INFO("examples/nc-session.txt, the request:\n" << typed);
        CHECK(mask(reply) == mask(expected));
        ++checked;
    }
    CHECK(checked == 4);
}
