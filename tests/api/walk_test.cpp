// tests/api/walk_test.cpp: one prediction, followed from net/connection.cpp, runs through at
// most a dozen source files under --engine reference (issue 14).
// Course topic: simple first. A reader stepping through POST /models/iris/predictions should
// meet a handful of files, in the order docs/05-serving-predict.md lists them; the count is
// taken by tools/reference_walk.sh under valgrind's callgrind, so it is what ran, not what a
// comment claims. A helper moved into a new file on that road fails here.
// Run: ./glassbox_tests '[walk]'
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

#if !defined(__SANITIZE_ADDRESS__)
// valgrind cannot run a binary built with AddressSanitizer: the normal build counts the walk.
TEST_CASE("one prediction under --engine reference runs through a dozen files", "[api][walk]") {
    const auto result = glassbox::test::run_command(
        "cd '" + glassbox::test::source_dir() + "' && sh tools/reference_walk.sh '" +
            glassbox::test::glassbox_binary() + "' reference 2>&1",
        std::chrono::seconds(120));
    INFO(result.output);
    REQUIRE(result.exit_status == 0);
    std::istringstream lines(result.output);
    std::string first;
    std::getline(lines, first);
    REQUIRE(first.find(" files under src/ ran code for one POST /models/iris/predictions") !=
            std::string::npos);
    const unsigned long count = std::stoul(first);
    std::vector<std::string> files;
    for (std::string line; std::getline(lines, line);) files.push_back(line);
    CHECK(files.size() == count);
    CHECK(count <= 12);
    // The road's two ends and its middle must be on the list, or the count measured nothing.
    for (const char* file : {"src/net/connection.cpp", "src/http/request_parser.cpp", "src/rest/router.cpp",
                             "src/api/predictions.cpp", "src/model/model.cpp"}) {
        INFO(file);
        CHECK(std::find(files.begin(), files.end(), file) != files.end());
    }
    // Nothing of the performance layer runs under the reference engine.
    for (const std::string& file : files) {
        INFO(file);
        CHECK(file.find("/fast/") == std::string::npos);
    }
}
#endif
