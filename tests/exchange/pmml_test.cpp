// tests/exchange/pmml_test.cpp: the PMML export is well-formed XML and scores as glassbox.
// Course topic: the same model as a PMML 4.4 document. Every model kind (onnx_models.hpp) is
// written with to_pmml(), checked by xmllint (libxml2-utils) and scored by pmml_eval.py, an
// evaluator written from the PMML specification: the same label on every row, probabilities
// and regressions within 1e-12 (both sides compute in double; only the order of additions
// in a linear score differs).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exchange/onnx_models.hpp"
#include "exchange/pmml_writer.hpp"
#include "model/file.hpp"
#include "support/forest_bytes.hpp"
#include "support/process.hpp"

using namespace glassbox;
using namespace glassbox::exchange::test;

namespace {

std::string number(double v) {
    char buffer[32];
    return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
}

std::filesystem::path scratch_dir() {
    const auto dir = std::filesystem::temp_directory_path() / ("glassbox-pmml-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

/// A linear model whose names need XML escapes: & < > " and a non-ASCII letter.
model::Model awkward_names() {
    model::Metadata m = model::test::metadata(2, {"a&b", "<c>"});
    m.name = "\"quoted\" & <tagged>";
    m.feature_names = {"x&y", "é\"<>"};
    return model::Model(model::Kind::logistic_regression, m,
                        model::Linear{1, model::Link::sigmoid, {0.5, -0.25}, {0.125}});
}

} // namespace

TEST_CASE("every exported PMML file is well-formed and scores as glassbox", "[exchange][pmml]") {
    const auto dir = scratch_dir();
    std::vector<Case> cases = all_cases();
    cases.push_back(Case{"awkward-names", awkward_names(), {0.0, 0.0, 1.0, 2.0, -3.0, 0.5}, 3});
    std::string files;
    std::size_t rows = 0;
    double worst = 0.0;
    for (const Case& c : cases) {
        const auto file = dir / (c.name + ".pmml");
        std::ofstream(file, std::ios::binary) << exchange::to_pmml(c.model);
        files += " '" + file.string() + "'";
        std::ostringstream csv;
        for (std::size_t r = 0; r < c.rows; ++r)
            for (std::size_t j = 0; j < c.model.n_features(); ++j)
                csv << number(c.x[r * c.model.n_features() + j])
                    << (j + 1 < c.model.n_features() ? "," : "\n");
        std::ofstream(dir / (c.name + ".csv")) << csv.str();
        const auto result =
            test::run_command("/usr/bin/python3 '" + test::source_dir() + "/tests/exchange/pmml_eval.py' '" +
                                  file.string() + "' < '" + (dir / (c.name + ".csv")).string() + "' 2>&1",
                              std::chrono::seconds(60));
        INFO(c.name << ": " << result.output.substr(0, 2000));
        REQUIRE(result.exit_status == 0);
        std::vector<double> values(c.rows), p(c.rows * c.model.n_classes());
        c.model.predict(c.x, c.rows, values, p);
        std::istringstream lines(result.output);
        std::string line;
        for (std::size_t r = 0; r < c.rows; ++r) {
            INFO(c.name << ", row " << r);
            REQUIRE(std::getline(lines, line));
            std::istringstream cells(line);
            std::string cell;
            std::getline(cells, cell, ',');
            if (!c.model.is_classifier()) {
                const double relative =
                    std::abs(std::stod(cell) - values[r]) / std::max(1.0, std::abs(values[r]));
                worst = std::max(worst, relative);
                continue;
            }
            CHECK(cell == c.model.class_labels()[static_cast<std::size_t>(values[r])]);
            for (std::size_t k = 0; k < c.model.n_classes(); ++k) {
                REQUIRE(std::getline(cells, cell, ','));
                worst = std::max(worst, std::abs(std::stod(cell) - p[r * c.model.n_classes() + k]));
            }
        }
        rows += c.rows;
    }
    if (std::getenv("GLASSBOX_PARITY_FIGURES"))
        WARN(rows << " rows in " << cases.size() << " models; largest difference " << worst);
    CHECK(worst <= 1e-12);
    const auto lint = test::run_command("xmllint --noout" + files + " 2>&1", std::chrono::seconds(60));
    INFO(lint.output);
    CHECK(lint.exit_status == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("PMML export refuses a name XML cannot hold, with a sentence", "[exchange][pmml]") {
    model::Model m = model::test::small_linear();
    CHECK(exchange::pmml_refusal(m).empty());
    model::Metadata bad = m.metadata();
    bad.feature_names[1] = "bell\x07";
    const model::Model refused(model::Kind::linear_regression, bad, *m.linear());
    CHECK(exchange::pmml_refusal(refused) ==
          "PMML is XML 1.0, which cannot hold the control character 7 in the feature name 'bell\x07' "
          "(XML 1.0 §2.2); rename it and train again.");
}

namespace {

/// A classifier whose one tree is a chain `depth` splits deep (each split's left child a leaf).
model::Model chain_forest(std::size_t depth) {
    model::test::RawTree t;
    for (std::size_t k = 0; k < depth; ++k) {
        const auto at = static_cast<std::uint32_t>(2 * k);
        t.feature.insert(t.feature.end(), {0, model::format::leaf});
        t.threshold.insert(t.threshold.end(), {static_cast<double>(k), 0.0});
        t.left.insert(t.left.end(), {at + 1, 0});
        t.right.insert(t.right.end(), {at + 2, 0});
        t.value.insert(t.value.end(), {0.0, 0.0, 1.0, 0.0});
    }
    t.feature.push_back(model::format::leaf);
    t.threshold.push_back(0.0);
    t.left.push_back(0);
    t.right.push_back(0);
    t.value.insert(t.value.end(), {0.0, 1.0});
    model::Diagnostic d;
    model::Model m = model::load(model::test::forest_file(1, {"a", "b"}, {t}), d);
    REQUIRE_FALSE(d);
    return m;
}

} // namespace

TEST_CASE("PMML export refuses a tree deeper than XML readers nest", "[exchange][pmml]") {
    const std::string dir = scratch_dir().string();
    // At the limit: written, and xmllint reads it.
    const model::Model ok = chain_forest(exchange::max_pmml_depth);
    CHECK(exchange::pmml_refusal(ok).empty());
    std::ofstream(dir + "/ok.pmml") << exchange::to_pmml(ok);
    CHECK(test::run_command("xmllint --noout " + dir + "/ok.pmml 2>&1").exit_status == 0);
    // Deeper: refused with the reason, and the reason is real: libxml2 refuses the document.
    const model::Model deep = chain_forest(300);
    const std::string why = exchange::pmml_refusal(deep);
    CHECK(why.find("300 levels deep") != std::string::npos);
    std::ofstream(dir + "/deep.pmml") << exchange::to_pmml(deep);
    const auto lint = test::run_command("xmllint --noout " + dir + "/deep.pmml 2>&1");
    INFO(lint.output);
    CHECK(lint.exit_status != 0);
    std::filesystem::remove_all(dir);
}
