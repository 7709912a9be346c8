// tests/model/fast/labels_test.cpp: every file of the performance layer says so, and where its reference is.
// Each file under src/model/fast/ opens with "Performance layer: skip on first reading; the
// reference is FILE:LINE." and that line of FILE must define the textbook code it stands
// in for (Forest::accumulate or Model::predict_forest_reference): a pointer that drifts
// when the reference moves fails here, not in a reader's hands.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

/// The lines of a text file, without their newlines.
std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

} // namespace

TEST_CASE("each file of src/model/fast opens with its label and reference line", "[model][fast]") {
    const std::filesystem::path source(GLASSBOX_SOURCE_DIR);
    const std::regex label(
        R"(// Performance layer: skip on first reading; the reference is (src/[a-z_/]+\.[hc]pp):([0-9]+)\.)");
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(source / "src/model/fast")) {
        const std::vector<std::string> lines = lines_of(entry.path());
        INFO(entry.path().string());
        REQUIRE(!lines.empty());
        std::smatch match;
        REQUIRE(std::regex_match(lines[0], match, label));
        const std::vector<std::string> reference = lines_of(source / match[1].str());
        const std::size_t line = std::stoul(match[2].str());
        REQUIRE(line >= 1);
        REQUIRE(line <= reference.size());
        const std::string& target = reference[line - 1];
        INFO(match[1].str() << ":" << line << " is: " << target);
        CHECK((target.find("void Forest::accumulate(") == 0 ||
               target.find("void Model::predict_forest_reference(") == 0));
        ++files;
    }
    CHECK(files >= 6); // float_rounding, forest_masks (three files), packed_forest (two)
}
