// tests/model/sklearn_parity_test.cpp: glassbox predicts exactly what scikit-learn predicts.
// Course topic: a model trained and pickled in Python, served from C++. The Python side
// (sklearn_parity.py, run with /usr/bin/python3 and Debian's python3-sklearn) trains models
// on iris, breast cancer, diabetes and a synthetic regression, converts them with
// tools/sklearn_to_glassbox.py, and writes inputs (some exactly at tree thresholds) and
// scikit-learn's answers. Here every row must give the same class; forest probabilities
// within 1e-6, linear scores within 1e-9 relative. GLASSBOX_PARITY_REPORT=1 prints the
// largest difference per model. The tool's refusals are checked here too.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <utility>

#include "model_test_support.hpp"
#include "support/process.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

namespace {

/// A headerless CSV file of numbers, one vector per line.
std::vector<std::vector<double>> read_numbers(const std::string& path) {
    std::vector<std::vector<double>> rows;
    std::vector<double> row;
    std::string cell;
    for (const char c : read_text(path)) {
        if (c != ',' && c != '\n') {
            cell += c;
            continue;
        }
        row.push_back(parse_number(cell).value_or(NAN));
        cell.clear();
        if (c == '\n') rows.push_back(std::exchange(row, {}));
    }
    return rows;
}

/// Linear models: 1e-9 relative, absolute below 1 (a probability of 1e-13 computed as
/// 1 - p loses its relative digits in both programs alike).
bool close_linear(double got, double want) {
    return std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want));
}

/// The statistics glassbox train computes for iris, to compare with the converter's.
std::vector<FeatureStats> iris_stats() { return feature_stats(iris(), format::default_histogram_bins); }

} // namespace

TEST_CASE("models converted from scikit-learn predict exactly as scikit-learn", "[model][sklearn]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("glassbox-sklearn-parity-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string log = (dir / "python.log").string();
    const std::string command = "/usr/bin/python3 '" + source_path("tests/model/sklearn_parity.py") + "' '" +
                                dir.string() + "' > '" + log + "' 2>&1";
    const int status = std::system(command.c_str());
    if (status != 0)
        FAIL("the scikit-learn side failed (exit status "
             << WEXITSTATUS(status)
             << "). This test needs "
                "/usr/bin/python3 with Debian's python3-sklearn (sudo apt-get install python3-sklearn). Its "
                "output:\n"
             << read_text(log));

    const bool report = std::getenv("GLASSBOX_PARITY_REPORT") != nullptr;
    const std::string help =
        glassbox::test::run_command("/usr/bin/python3 '" + source_path("tools/sklearn_to_glassbox.py") +
                                    "' --help")
            .output;
    std::size_t models = 0, rows_checked = 0;
    std::istringstream manifest(read_text((dir / "manifest.txt").string()));
    std::string name, family, pickled_class;
    while (manifest >> name >> family >> pickled_class) {
        INFO("model " << name << " (a " << pickled_class << ")");
        ++models;
        CHECK(help.find(pickled_class) != std::string::npos); // --help names every estimator tested here
        Diagnostic d;
        const Model m = load_file((dir / (name + ".bin")).string(), d);
        INFO(d.message);
        REQUIRE_FALSE(d);
        if (name == "iris_forest") { // converted with --feature-names, --class-names and --data
            CHECK(m.class_labels() == std::vector<std::string>{"setosa", "versicolor", "virginica"});
            CHECK(m.feature_names()[3] == "petal_width");
            CHECK(m.feature_stats()[0].count == 150);
            CHECK(m.feature_stats()[0].histogram == iris_stats()[0].histogram);
            CHECK(m.feature_stats()[2].mean == Approx(iris_stats()[2].mean).epsilon(1e-12));
        }
        const auto X_rows = read_numbers((dir / (name + ".X.csv")).string());
        const auto expected = read_numbers((dir / (name + ".expected.csv")).string());
        REQUIRE(X_rows.size() == expected.size());
        REQUIRE(X_rows.size() >= 250);
        std::vector<double> X;
        for (const auto& row : X_rows) X.insert(X.end(), row.begin(), row.end());
        const std::size_t rows = X_rows.size(), k = m.n_classes();
        std::vector<double> values(rows), p(rows * k);
        m.predict(X, rows, values, p);
        std::size_t mismatches = 0;
        double value_diff = 0.0, probability_diff = 0.0;
        for (std::size_t r = 0; r < rows; ++r) {
            const auto& want = expected[r];
            REQUIRE(want.size() == 1 + k);
            bool same = m.is_classifier() ? values[r] == want[0]
                        : family == "forest"
                            ? std::abs(values[r] - want[0]) <= 1e-9 * std::max(1.0, std::abs(want[0]))
                            : close_linear(values[r], want[0]);
            if (!m.is_classifier())
                value_diff =
                    std::max(value_diff, std::abs(values[r] - want[0]) / std::max(1.0, std::abs(want[0])));
            for (std::size_t c = 0; c < k; ++c) {
                const double got = p[r * k + c];
                probability_diff = std::max(probability_diff, std::abs(got - want[1 + c]));
                same = same && (family == "forest" ? std::abs(got - want[1 + c]) <= 1e-6
                                                   : close_linear(got, want[1 + c]));
            }
            if (!same && ++mismatches <= 3)
                FAIL_CHECK("row " << r << ": glassbox predicts " << values[r] << ", scikit-learn " << want[0]
                                  << " (or the probabilities differ)");
            ++rows_checked;
        }
        CHECK(mismatches == 0);
        if (report)
            std::printf("parity %-28s %-22s %4zu rows, largest difference: %s %.3g\n", name.c_str(),
                        pickled_class.c_str(), rows, m.is_classifier() ? "probability" : "value (relative)",
                        m.is_classifier() ? probability_diff : value_diff);
    }
    CHECK(models == 28);
    CHECK(rows_checked > 4000);
    std::filesystem::remove_all(dir);
}

TEST_CASE("the scikit-learn converter refuses in one sentence what it cannot convert", "[model][sklearn]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("glassbox-sklearn-refusals-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const auto made =
        glassbox::test::run_command("/usr/bin/python3 '" + source_path("tests/model/sklearn_parity.py") +
                                    "' refusals '" + dir.string() + "' 2>&1");
    INFO(made.output);
    REQUIRE(made.exit_status == 0);
    std::istringstream cases(read_text((dir / "refusals.txt").string()));
    std::size_t checked = 0;
    for (std::string line; std::getline(cases, line); ++checked) {
        const auto tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
        REQUIRE(tab2 != std::string::npos);
        const std::string file = line.substr(0, tab1), expected = line.substr(tab2 + 1);
        const int status = std::stoi(line.substr(tab1 + 1, tab2 - tab1 - 1));
        const std::string output = (dir / (file + ".bin")).string(), err = (dir / (file + ".err")).string();
        // cd: the tool names the file as it was given, which the expected sentence does too.
        const auto run = glassbox::test::run_command("cd '" + dir.string() + "' && /usr/bin/python3 '" +
                                                     source_path("tools/sklearn_to_glassbox.py") + "' '" +
                                                     file + "' -o '" + output + "' 2> '" + err + "'");
        const std::string said = read_text(err);
        INFO(file << " gave exit status " << run.exit_status << " and said: " << said);
        CHECK(run.exit_status == status);
        CHECK(said.find(expected) != std::string::npos);
        CHECK(std::count(said.begin(), said.end(), '\n') == 1); // one sentence, no traceback
        CHECK(said.find("Traceback") == std::string::npos);
        CHECK(std::filesystem::exists(output) == (status == 0)); // a refusal writes nothing
    }
    CHECK(checked == 19);
    std::filesystem::remove_all(dir);
}
