// tests/exchange/onnx_runtime_test.cpp: ONNX Runtime predicts what glassbox predicts.
// Course topic: the same model in another format, run by the course's runtime. Every model
// kind (onnx_models.hpp) is exported with to_onnx(), run by onnxruntime-node (npm, installed
// by scripts/install-deps.sh test) through onnx_predict.js, and compared with Model::predict,
// the function 'glassbox predict' calls: the same label on every row, probabilities within
// 1e-6, regressions within 1e-6 relative. Skipped, with one line, only when node is missing.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "exchange/onnx_models.hpp"
#include "exchange/onnx_writer.hpp"
#include "support/process.hpp"

using namespace glassbox;
using namespace glassbox::exchange::test;

namespace {

std::string npm_dir() {
    if (const char* dir = std::getenv("GLASSBOX_NPM_DIR")) return dir;
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + "/.cache/glassbox/npm";
}

std::filesystem::path scratch_dir(const std::string& what) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("glassbox-" + what + "-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

void write_bytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

} // namespace

TEST_CASE("threshold_below is the largest float not above the threshold", "[exchange][onnx]") {
    CHECK(exchange::threshold_below(0.5) == 0.5f);
    // 0.1 rounds up to the float 0.100000001490116...: the float below it is the answer.
    CHECK(static_cast<double>(static_cast<float>(0.1)) > 0.1);
    CHECK(exchange::threshold_below(0.1) == std::nextafter(static_cast<float>(0.1), 0.0f));
    CHECK(static_cast<double>(exchange::threshold_below(0.1)) <= 0.1);
    CHECK(exchange::threshold_below(-0.1) == static_cast<float>(-0.1)); // -0.1f is below -0.1
    CHECK(exchange::threshold_below(1e300) == std::numeric_limits<float>::max());
    CHECK(exchange::threshold_below(-1e300) == -std::numeric_limits<float>::infinity());
    // Every float x: x <= threshold_below(t) exactly when (double)x <= t, around t = 0.1.
    const float t32 = exchange::threshold_below(0.1);
    for (float x = 0.0999999f; x < 0.1000001f; x = std::nextafter(x, 1.0f))
        CHECK((x <= t32) == (static_cast<double>(x) <= 0.1));
}

TEST_CASE("onnxruntime-node predicts every exported model as glassbox does", "[exchange][onnx][ort]") {
    if (test::run_command("command -v node >/dev/null").exit_status != 0) {
        WARN("skipped: node is not installed ('sh scripts/install-deps.sh test' installs it)");
        return;
    }
    const std::string ort = npm_dir() + "/node_modules/onnxruntime-node";
    INFO("onnxruntime-node is missing from " << ort << ": run 'sh scripts/install-deps.sh test'");
    REQUIRE(std::filesystem::exists(ort));

    const auto dir = scratch_dir("onnx-ort");
    const std::vector<Case> cases = all_cases();
    nlohmann::json manifest = nlohmann::json::array();
    for (const Case& c : cases) {
        const auto file = dir / (c.name + ".onnx");
        write_bytes(file, exchange::to_onnx(c.model));
        manifest.push_back({{"file", file.string()}, {"rows", c.rows}, {"x", c.x}});
    }
    std::ofstream(dir / "manifest.json") << manifest.dump();
    const auto result = test::run_command("GLASSBOX_NPM_DIR='" + npm_dir() + "' node '" + test::source_dir() +
                                              "/tests/exchange/onnx_predict.js' '" +
                                              (dir / "manifest.json").string() + "' 2>&1",
                                          std::chrono::seconds(60));
    INFO(result.output.substr(0, 2000));
    REQUIRE(result.exit_status == 0);
    const nlohmann::json answers = nlohmann::json::parse(result.output);
    REQUIRE(answers.size() == cases.size());

    std::size_t rows = 0;
    double worst_probability = 0.0, worst_relative = 0.0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const nlohmann::json& got = answers[i];
        std::vector<double> values(c.rows), p(c.rows * c.model.n_classes());
        c.model.predict(c.x, c.rows, values, p);
        rows += c.rows;
        for (std::size_t r = 0; r < c.rows; ++r) {
            INFO(c.name << ", row " << r);
            if (!c.model.is_classifier()) {
                const double v = got.at("variable").at(r).get<double>();
                const double relative = std::abs(v - values[r]) / std::max(1.0, std::abs(values[r]));
                worst_relative = std::max(worst_relative, relative);
                CHECK(relative <= 1e-6);
                continue;
            }
            CHECK(got.at("label").at(r).get<std::string>() ==
                  c.model.class_labels()[static_cast<std::size_t>(values[r])]);
            for (std::size_t k = 0; k < c.model.n_classes(); ++k) {
                const double q = got.at("probabilities").at(r * c.model.n_classes() + k).get<double>();
                worst_probability = std::max(worst_probability, std::abs(q - p[r * c.model.n_classes() + k]));
            }
        }
    }
    if (std::getenv("GLASSBOX_PARITY_FIGURES"))
        WARN(rows << " rows in " << cases.size() << " models; largest probability difference "
                  << worst_probability << ", largest relative regression difference " << worst_relative);
    CHECK(worst_probability <= 1e-6);
    std::filesystem::remove_all(dir);
}

TEST_CASE("every exported ONNX file passes onnx.checker.check_model", "[exchange][onnx]") {
    const auto dir = scratch_dir("onnx-checker");
    std::string files;
    for (const Case& c : all_cases()) {
        const auto file = dir / (c.name + ".onnx");
        write_bytes(file, exchange::to_onnx(c.model));
        files += " '" + file.string() + "'";
    }
    // Debian's python3-onnx (1.12) under /usr/bin/python3: 'python3' may be a pyenv shim without it.
    const auto result = test::run_command("/usr/bin/python3 -c 'import onnx, sys\n"
                                          "for f in sys.argv[1:]:\n"
                                          "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
                                          "print(len(sys.argv) - 1, \"checked\")'" +
                                              files + " 2>&1",
                                          std::chrono::seconds(60));
    INFO(result.output);
    CHECK(result.exit_status == 0);
    std::filesystem::remove_all(dir);
}
