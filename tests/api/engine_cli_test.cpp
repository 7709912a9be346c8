// tests/api/engine_cli_test.cpp: --engine on the command line, and the fast layer's labels.
// Course topic: simple first, fast second. `glassbox predict --engine reference` prints the
// same CSV as the default; `--help` tells the option, a bad value is one sentence; each file
// of src/api/fast/ names the reference a first reading should open instead.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/quick_options.hpp"
#include "support/temp_directory.hpp"
#include "support/trained_models.hpp"

using glassbox::test::run_command;
using glassbox::test::source_dir;

namespace {

std::size_t occurrences(const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST_CASE("glassbox predict prints the same CSV under both engines", "[api][engine][cli]") {
    glassbox::test::TempDirectory directory("glassbox-engines");
    const auto trained = glassbox::test::trained_models();
    std::vector<std::string> files = {source_dir() + "/model.bin"};
    for (const auto& [name, bytes] : trained) {
        files.push_back(directory.path() + "/" + name + ".bin");
        std::ofstream(files.back(), std::ios::binary) << bytes;
    }
    const std::string binary = glassbox::test::glassbox_binary();
    const std::string data = source_dir() + "/examples/data/iris.csv";
    for (const std::string& file : files) {
        INFO(file);
        const auto fast = run_command(binary + " predict " + file + " < " + data + " 2>&1");
        const auto reference =
            run_command(binary + " predict --engine reference " + file + " < " + data + " 2>&1");
        CHECK(fast.exit_status == 0);
        CHECK(reference.exit_status == 0);
        CHECK(occurrences(fast.output, "\n") == 151); // a header and 150 rows
        CHECK(reference.output == fast.output);
    }
    // One row on the command line, the option after the file this time.
    const std::string iris = source_dir() + "/model.bin";
    const auto fast = run_command(binary + " predict " + iris + " 6.7 3.0 5.2 2.3 --engine fast");
    const auto reference = run_command(binary + " predict " + iris + " 6.7 3.0 5.2 2.3 --engine reference");
    CHECK(fast.exit_status == 0);
    CHECK(fast.output.starts_with("virginica\n"));
    CHECK(reference.output == fast.output);
}

TEST_CASE("the engine option: --help tells it, a bad value is one sentence, exit 2", "[api][engine][cli]") {
    const std::string binary = glassbox::test::glassbox_binary();
    for (const char* command : {" serve --help", " predict --help"}) {
        const auto help = run_command(binary + command);
        CHECK(help.exit_status == 0);
        CHECK(glassbox::test::has(help.output, "--engine"));
        CHECK(glassbox::test::has(help.output, "reference"));
    }
    const auto serve = run_command(binary + " serve --engine turbo 2>&1");
    CHECK(serve.exit_status == 2);
    CHECK(glassbox::test::has(serve.output,
                              "'turbo' is not a valid value for --engine. Use reference or fast."));
    const auto predict = run_command(binary + " predict --engine turbo model.bin 1 2 3 4 2>&1");
    CHECK(predict.exit_status == 2);
    CHECK(glassbox::test::has(predict.output,
                              "'turbo' is not a valid value for --engine. Use reference or fast."));
    const auto missing = run_command(binary + " predict model.bin --engine 2>&1");
    CHECK(missing.exit_status == 2);
    CHECK(glassbox::test::has(missing.output, "'--engine' needs a value: reference or fast."));
}

TEST_CASE("glassbox serve --engine reference says so at start-up", "[api][engine][cli]") {
    // SIGINT after a second: the server stops by itself, having printed its start-up lines.
    const auto started =
        run_command("cd '" + source_dir() + "' && timeout -s INT 1 " + glassbox::test::glassbox_binary() +
                    " serve --engine reference --port 0 --quiet");
    CHECK(
        glassbox::test::has(started.output, "glassbox: engine reference: predictions by the textbook code"));
    CHECK(glassbox::test::has(started.output, "glassbox: serving on http://127.0.0.1:"));
    const auto fast = run_command("cd '" + source_dir() + "' && timeout -s INT 1 " +
                                  glassbox::test::glassbox_binary() + " serve --port 0 --quiet");
    CHECK(glassbox::test::has(fast.output, "glassbox: serving on http://127.0.0.1:"));
    CHECK_FALSE(glassbox::test::has(fast.output, "engine"));
}

TEST_CASE("every file in src/api/fast/ opens by naming its reference, a line that exists",
          "[api][engine][layers]") {
    // "Performance layer: skip on first reading; the reference is FILE:LINE": a reader who
    // follows the pointer must land on code, so a move or an edit above that line fails here.
    constexpr std::string_view label = "// Performance layer: skip on first reading; the reference is ";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() + "/src/api/fast")) {
        INFO(entry.path().string());
        ++files;
        std::ifstream in(entry.path());
        std::string first;
        std::getline(in, first);
        REQUIRE(first.starts_with(label));
        const std::string pointer = first.substr(label.size());
        const std::size_t colon = pointer.rfind(':');
        REQUIRE(colon != std::string::npos);
        std::ifstream reference(source_dir() + "/" + pointer.substr(0, colon));
        REQUIRE(reference.good());
        std::string line;
        for (unsigned long n = std::stoul(pointer.substr(colon + 1)); n > 0; --n)
            std::getline(reference, line);
        INFO(pointer << ": " << line);
        // The line defines a function: a return type, a name and "(", not a comment or a blank.
        CHECK(line.find('(') != std::string::npos);
        CHECK_FALSE(line.starts_with("//"));
        CHECK_FALSE(line.starts_with(" "));
    }
    CHECK(files == 4); // feature_scanner and prediction_json, .hpp and .cpp
}
