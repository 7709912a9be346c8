// tests/docs/diagram_test.cpp: the diagrams in docs/ are what their scripts draw (issue 17).
// A diagram drawn by a script cannot drift from the script; this test makes sure the
// committed file was regenerated after the script changed.
// Run: ./glassbox_tests '[docs][diagram]'
#include <catch2/catch.hpp>

#include <string>

#include "support/process.hpp"

namespace {

/// Runs `check` (a script's --check mode) in the source directory: it must succeed and print `said`.
void check_drawn(const std::string& check, const std::string& said) {
    const auto result =
        glassbox::test::run_command("cd '" + glassbox::test::source_dir() + "' && " + check + " 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(result.output == said + "\n");
}

} // namespace

TEST_CASE("docs/layers.svg is what tools/layers_svg.py draws", "[docs][diagram]") {
    check_drawn("python3 tools/layers_svg.py --check", "docs/layers.svg is up to date");
}

TEST_CASE("docs/tree0.svg is what tools/tree_svg.sh draws", "[docs][diagram]") {
    check_drawn("sh tools/tree_svg.sh '" GLASSBOX_BINARY "' --check", "docs/tree0.svg is up to date");
}

TEST_CASE("docs/model-bin-map.svg is what tools/bytemap_svg.py draws", "[docs][diagram]") {
    check_drawn("python3 tools/bytemap_svg.py '" GLASSBOX_BINARY "' --check",
                "docs/model-bin-map.svg is up to date");
}

TEST_CASE("docs/sequence-*.svg are what tools/sequence_svg.py draws", "[docs][diagram]") {
    // The script runs glassbox serve --trace on a free port and draws from its trace.
    check_drawn("python3 tools/sequence_svg.py '" GLASSBOX_BINARY "' --check",
                "docs/sequence-keepalive.svg and docs/sequence-pipelined.svg are up to date");
}
