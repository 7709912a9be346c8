// tests/api/engine_suite_test.cpp: every API test, run a second time under --engine reference.
// Course topic: simple first, fast second, and proven equal. engines_test compares the two
// engines' bytes; this runs the whole [api] suite again with GLASSBOX_TEST_ENGINE=reference,
// so each server those tests start (TestServer, iris_service, ServerProcess) runs the textbook
// path and must pass every assertion the shipped one does (issue 14).
// Run: ./glassbox_tests '[suite]'
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/process.hpp"
#include "support/test_engine.hpp"

TEST_CASE("GLASSBOX_TEST_ENGINE=reference makes the tests' servers run it", "[api][engine][suite]") {
    REQUIRE(::setenv("GLASSBOX_TEST_ENGINE", "reference", 1) == 0);
    CHECK(glassbox::test::with_test_engine().engine == glassbox::model::Engine::reference);
    std::string command_line;
    {
        glassbox::test::ServerProcess server({"--threads", "1"});
        std::ifstream in("/proc/" + std::to_string(server.pid()) + "/cmdline");
        std::getline(in, command_line, '\n'); // NUL-separated arguments, no newline
    }
    REQUIRE(::unsetenv("GLASSBOX_TEST_ENGINE") == 0);
    std::replace(command_line.begin(), command_line.end(), '\0', ' ');
    INFO(command_line);
    CHECK(command_line.find(" serve --port 0 --threads 1 --engine reference ") != std::string::npos);
    CHECK(glassbox::test::with_test_engine().engine == glassbox::model::Engine::fast);
}

TEST_CASE("every [api] test passes again under --engine reference", "[api][engine][suite]") {
    // The engine tests themselves are left out: they pick their engines, and this one would
    // start itself again.
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const auto result = glassbox::test::run_command("cd '" + glassbox::test::source_dir() +
                                                        "' && GLASSBOX_TEST_ENGINE=reference '" + self +
                                                        "' '[api]~[engine]' --order lex 2>&1",
                                                    std::chrono::seconds(280));
    INFO(result.output.substr(result.output.size() > 4000 ? result.output.size() - 4000 : 0));
    CHECK(result.exit_status == 0);
    CHECK(result.output.find("All tests passed") != std::string::npos);
}
