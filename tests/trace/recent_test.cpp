// tests/trace/recent_test.cpp: the ring behind GET /traces keeps to its limits: block count,
// total bytes, bytes per block (cut at a line's end, with a line saying so).
// Run: ./glassbox_tests '[trace][recent]'
#include <catch2/catch.hpp>

#include "trace/recent.hpp"

using namespace glassbox;

TEST_CASE("the ring keeps the newest blocks within count and bytes", "[trace][recent]") {
    trace::Recent recent(false, {3, 1000, 500});
    for (int i = 1; i <= 5; ++i) recent.add(i, "#" + std::to_string(i) + " TCP   x\n", {});
    auto kept = recent.latest(10);
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].connection == 3);
    CHECK(kept[2].connection == 5);
    CHECK(kept[2].id == 5);
    CHECK(recent.of_connection(1).empty());
    // 400 + 400 + 400 bytes > 1000: the oldest goes.
    const std::string line(399, 'a');
    for (int i = 6; i <= 8; ++i) recent.add(i, line + "\n", {});
    kept = recent.latest(10);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].connection == 7);
}

TEST_CASE("a block over its budget is cut at a line's end", "[trace][recent]") {
    trace::Recent recent(false, {10, 10000, 100});
    std::string block;
    for (int i = 0; i < 20; ++i) block += "#4 WIRE  line\n"; // 14 bytes a line
    recent.add(4, block, {"id-1"});
    const auto kept = recent.with_request_id("id-1");
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].text.substr(0, 98) == block.substr(0, 98)); // 7 whole lines of 14 bytes
    CHECK(kept[0].text.find("#4 TRACE 182 more bytes of this block are not kept") != std::string::npos);
    CHECK(kept[0].text.size() < 200);
    CHECK(recent.with_request_id("id-2").empty());
}
