// tests/main.cpp: the Catch2 v2 entry point for glassbox_tests.
// Each test file mirrors a file under src/ (tests/http/request_parser_test.cpp, ...).
// Run one group: ./glassbox_tests '[parser]'; list them: ./glassbox_tests --list-tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
