// tests/docs/diagram_test.cpp: the diagrams in docs/ are what their scripts draw (issue 17).
// A diagram drawn by a script cannot drift from the script; this test makes sure the
// committed file was regenerated after the script changed.
// Run: ./glassbox_tests '[docs][diagram]'
#include <catch2/catch.hpp>

#include "support/process.hpp"

TEST_CASE("docs/layers.svg is what tools/layers_svg.py draws", "[docs][diagram]") {
    const auto result = glassbox::test::run_command("cd '" + glassbox::test::source_dir() +
                                                    "' && python3 tools/layers_svg.py --check 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(result.output == "docs/layers.svg is up to date\n");
}

TEST_CASE("docs/tree0.svg is what tools/tree_svg.sh draws", "[docs][diagram]") {
    const auto result =
        glassbox::test::run_command("cd '" + glassbox::test::source_dir() +
                                    "' && sh tools/tree_svg.sh '" GLASSBOX_BINARY "' --check 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(result.output == "docs/tree0.svg is up to date\n");
}

TEST_CASE("docs/model-bin-map.svg is what tools/bytemap_svg.py draws", "[docs][diagram]") {
    const auto result =
        glassbox::test::run_command("cd '" + glassbox::test::source_dir() +
                                    "' && python3 tools/bytemap_svg.py '" GLASSBOX_BINARY "' --check 2>&1");
    INFO(result.output);
    CHECK(result.exit_status == 0);
    CHECK(result.output == "docs/model-bin-map.svg is up to date\n");
}
