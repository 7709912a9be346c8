// tests/docs/docs_test.cpp: docs that cannot lie. Every transcript in docs/*.md is run
// against a live `glassbox serve` and its output and trace compared with the page.
// A page that no longer matches the program fails here until the page is updated;
// GLASSBOX_DOCS_UPDATE=1 rewrites the pages with what the program printed (then read the diff).
// Run: ./glassbox_tests '[docs]'
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "docs/transcript.hpp"
#include "support/process.hpp"

using namespace glassbox::test;
using namespace std::chrono_literals;

namespace {

/// The pages with transcripts, each checked by its own test case below.
constexpr std::string_view checked_pages[] = {
    "01-saving-the-model.md", "02-ip-and-tcp.md",        "03-http-by-hand.md", "04-rest.md",
    "05-serving-predict.md",  "06-production.md",        "trace-format.md",    "README.md",
    "09-in-the-browser.md",   "appendix-performance.md", "model-format.md",    "08-operating.md",
    "07-deploying.md",
};

std::size_t count(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// Waits (at most 5 s) until every traced connection has printed its closing line and the
/// trace has not grown for 100 ms, so that a connection's last lines are printed before the
/// next command opens another, however loaded the machine.
void settle(ServerProcess& server) {
    std::string text = server.stderr_text();
    int quiet = 0;
    for (auto deadline = std::chrono::steady_clock::now() + 5s;
         std::chrono::steady_clock::now() < deadline;) {
        std::this_thread::sleep_for(50ms);
        std::string now = server.stderr_text();
        quiet = (now.size() == text.size()) ? quiet + 1 : 0;
        text = std::move(now);
        const bool all_closed =
            count(text, " TCP   accepted a connection") == count(text, " TCP   closed by");
        if (quiet >= 2 && all_closed) return;
    }
}

std::string directory_of(const std::string& path) {
    return std::filesystem::path(path).parent_path().string();
}

void check_page(std::string_view name) {
    const std::filesystem::path path = std::filesystem::path(source_dir()) / "docs" / name;
    REQUIRE(std::filesystem::exists(path));
    const DocPage page = parse_page(read_file(path));
    REQUIRE_FALSE(page.transcripts.empty());

    std::uint16_t port = 8000;
    std::unique_ptr<ServerProcess> server;
    const auto start_server = [&](const std::vector<std::string>& serve_args) {
        server.reset(); // the one before, if any, stops and frees the port
        std::vector<std::string> args{"--port", std::to_string(port)};
        args.insert(args.end(), serve_args.begin(), serve_args.end());
        server = std::make_unique<ServerProcess>(args);
    };
    if (page.needs_server) {
        port = free_four_digit_port();
        start_server(page.serve_args);
    }
    const bool update = std::getenv("GLASSBOX_DOCS_UPDATE") != nullptr;
    const std::string prefix = "cd '" + source_dir() + "' && PATH='" + directory_of(glassbox_binary()) +
                               "':\"$PATH\" && export PATH && {\n";
    std::vector<std::string> outputs, traces;
    for (const DocTranscript& t : page.transcripts) {
        if (t.restart_args && page.needs_server) start_server(*t.restart_args);
        const std::size_t trace_start = server ? server->stderr_text().size() : 0;
        for (const DocCommand& c : t.commands) {
            const CommandResult result = run_command(prefix + with_port(c.command, port) + "\n} 2>&1", 20s);
            if (server) settle(*server);
            const std::string actual = normalise_output(result.output, port);
            INFO("docs/" << name << ":" << c.line << ": $ " << c.command);
            CHECK(result.exit_status != -1); // -1: killed after the timeout
            if (!update) CHECK(mask(actual) == mask(c.expected));
            // Updating keeps what only differs under the masks, so the diff shows real changes.
            outputs.push_back(mask(actual) == mask(c.expected) ? c.expected : actual);
        }
        if (t.has_trace) {
            REQUIRE(server);
            const std::string actual = normalise_output(server->stderr_text().substr(trace_start), port);
            INFO("docs/" << name << ":" << t.trace_begin << ": the trace of the block above");
            if (!update) CHECK(mask(actual) == mask(t.trace));
            traces.push_back(mask(actual) == mask(t.trace) ? t.trace : actual);
        }
    }
    if (update) std::ofstream(path, std::ios::binary) << rewrite_page(page, outputs, traces);
}

} // namespace

TEST_CASE("transcripts: $ lines are commands, the lines after them their output", "[docs][transcript]") {
    const DocPage page = parse_page("<!-- docs-test: serve --trace=wire -->\n"
                                    "text\n```console\n$ echo a \\\n  b\na b\n$ true\n```\n"
                                    "```trace\n#1 TCP   x\n```\n```sh\n$ not a command\n```\n");
    CHECK(page.serve_args == std::vector<std::string>{"--trace=wire"});
    REQUIRE(page.transcripts.size() == 1);
    const DocTranscript& t = page.transcripts[0];
    REQUIRE(t.commands.size() == 2);
    CHECK(t.commands[0].command == "echo a \\\n  b");
    CHECK(t.commands[0].expected == "a b\n");
    CHECK(t.commands[1].expected.empty());
    CHECK(t.has_trace);
    CHECK(t.trace == "#1 TCP   x\n");
    CHECK_FALSE(t.restart_args);
    CHECK(
        rewrite_page(page, {"A B\n", "yes\n"}, {"#1 TCP   y\n"}) ==
        "<!-- docs-test: serve --trace=wire -->\ntext\n```console\n$ echo a \\\n  b\nA B\n$ true\nyes\n```\n"
        "```trace\n#1 TCP   y\n```\n```sh\n$ not a command\n```\n");
}

TEST_CASE("transcripts: a serve directive after a block restarts the server for the next",
          "[docs][transcript]") {
    const DocPage page = parse_page("<!-- docs-test: serve --trace -->\n```console\n$ a\n```\n"
                                    "<!-- docs-test: serve --trace --engine reference -->\n"
                                    "```console\n$ b\n```\n```console\n$ c\n```\n");
    CHECK(page.serve_args == std::vector<std::string>{"--trace"});
    REQUIRE(page.transcripts.size() == 3);
    CHECK_FALSE(page.transcripts[0].restart_args);
    REQUIRE(page.transcripts[1].restart_args);
    CHECK(*page.transcripts[1].restart_args == std::vector<std::string>{"--trace", "--engine", "reference"});
    CHECK_FALSE(page.transcripts[2].restart_args); // the restarted server keeps serving
}

TEST_CASE("transcripts: masks hide dates, client ports and times, nothing else", "[docs][transcript]") {
    CHECK(mask("Date: Tue, 24 Nov 2026 22:16:25 GMT") == "Date: <date>");
    CHECK(mask("from client port 34734 on server port 8000") ==
          "from client port <port> on server port 8000");
    CHECK(mask("peer 127.0.0.1:51234 → local 127.0.0.1:8000") ==
          "peer 127.0.0.1:<port> → local 127.0.0.1:8000");
    CHECK(mask("predicted in 17 µs, 3.5 ms, 163us") == "predicted in <time>, <time>, <time>");
    CHECK(mask(R"("loaded_at":"2026-11-24T22:37:36Z")") == R"("loaded_at":"<datetime>")");
    CHECK(mask("HTTP/1.1 200 OK") != mask("HTTP/1.1 404 Not Found"));
    CHECK(mask("read 84 bytes") != mask("read 85 bytes"));
    CHECK(with_port("curl http://127.0.0.1:8000/x; nc 127.0.0.1 8000; echo 18000", 8123) ==
          "curl http://127.0.0.1:8123/x; nc 127.0.0.1 8123; echo 18000");
    CHECK(normalise_output("Host: 127.0.0.1:8123\r\nserver port 8123\r\n81234", 8123) ==
          "Host: 127.0.0.1:8000\nserver port 8000\n81234\n");
}

TEST_CASE("every docs page with a transcript is checked", "[docs]") {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::filesystem::path(source_dir()) / "docs")) {
        if (entry.path().extension() != ".md") continue;
        const std::string name = entry.path().filename().string();
        const bool has_transcripts = !parse_page(read_file(entry.path())).transcripts.empty();
        const bool listed =
            std::find(std::begin(checked_pages), std::end(checked_pages), name) != std::end(checked_pages);
        INFO("docs/" << name << " has transcripts; add it to checked_pages and a TEST_CASE in docs_test.cpp");
        CHECK((listed || !has_transcripts));
    }
}

TEST_CASE("docs/README.md transcripts hold", "[docs][page]") { check_page("README.md"); }
TEST_CASE("docs/09-in-the-browser.md transcripts hold", "[docs][page]") {
    check_page("09-in-the-browser.md");
}
TEST_CASE("docs/01-saving-the-model.md transcripts hold", "[docs][page]") {
    check_page("01-saving-the-model.md");
}
TEST_CASE("docs/02-ip-and-tcp.md transcripts hold", "[docs][page]") { check_page("02-ip-and-tcp.md"); }
TEST_CASE("docs/03-http-by-hand.md transcripts hold", "[docs][page]") { check_page("03-http-by-hand.md"); }
TEST_CASE("docs/04-rest.md transcripts hold", "[docs][page]") { check_page("04-rest.md"); }
TEST_CASE("docs/05-serving-predict.md transcripts hold", "[docs][page]") {
    check_page("05-serving-predict.md");
}
TEST_CASE("docs/06-production.md transcripts hold", "[docs][page]") { check_page("06-production.md"); }
TEST_CASE("docs/07-deploying.md transcripts hold", "[docs][page]") { check_page("07-deploying.md"); }
TEST_CASE("docs/trace-format.md transcripts hold", "[docs][page]") { check_page("trace-format.md"); }
TEST_CASE("docs/appendix-performance.md transcripts hold", "[docs][page]") {
    check_page("appendix-performance.md");
}
TEST_CASE("docs/model-format.md transcripts hold", "[docs][page]") { check_page("model-format.md"); }
TEST_CASE("docs/08-operating.md transcripts hold", "[docs][page]") { check_page("08-operating.md"); }
