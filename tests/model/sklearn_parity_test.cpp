// tests/model/sklearn_parity_test.cpp: glassbox predicts exactly what scikit-learn predicts.
// Course topic: a model trained and pickled in Python, served from C++. The Python side
// (sklearn_parity.py, run with /usr/bin/python3 and Debian's python3-sklearn) trains models
// on iris, breast cancer, diabetes and a synthetic regression, converts them with
// tools/sklearn_to_glassbox.py, and writes inputs (some exactly at tree thresholds) and
// scikit-learn's answers. Here every row must give the same class; forest probabilities
// within 1e-6, linear scores within 1e-9 relative.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "model_test_support.hpp"

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

    std::size_t models = 0, rows_checked = 0;
    std::istringstream manifest(read_text((dir / "manifest.txt").string()));
    std::string name, family;
    while (manifest >> name >> family) {
        INFO("model " << name);
        ++models;
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
        for (std::size_t r = 0; r < rows; ++r) {
            const auto& want = expected[r];
            REQUIRE(want.size() == 1 + k);
            bool same = m.is_classifier() ? values[r] == want[0]
                        : family == "forest"
                            ? std::abs(values[r] - want[0]) <= 1e-9 * std::max(1.0, std::abs(want[0]))
                            : close_linear(values[r], want[0]);
            for (std::size_t c = 0; c < k; ++c) {
                const double got = p[r * k + c];
                same = same && (family == "forest" ? std::abs(got - want[1 + c]) <= 1e-6
                                                   : close_linear(got, want[1 + c]));
            }
            if (!same && ++mismatches <= 3)
                FAIL_CHECK("row " << r << ": glassbox predicts " << values[r] << ", scikit-learn " << want[0]
                                  << " (or the probabilities differ)");
            ++rows_checked;
        }
        CHECK(mismatches == 0);
    }
    CHECK(models == 12);
    CHECK(rows_checked > 4000);
    std::filesystem::remove_all(dir);
}
