// tests/support/trained_models.hpp: small models of every kind, trained on examples/data/iris.csv.
// For tests that must cover each model kind the server and `glassbox predict` serve: a
// logistic regression, a forest regressor deep enough for the kernel's walk, a linear regression.
// Used by tests/api/engines_test.cpp and tests/api/engine_cli_test.cpp.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "model/csv.hpp"
#include "model/dataset.hpp"
#include "model/file.hpp"
#include "model/train.hpp"
#include "support/process.hpp"

namespace glassbox::test {

/// examples/data/iris.csv, parsed.
inline model::Table iris_table() {
    model::Diagnostic d;
    std::ifstream in(source_dir() + "/examples/data/iris.csv");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    model::Table table = model::parse_csv(text, d);
    REQUIRE_FALSE(d);
    return table;
}

/// `table` without its last columns, so that `target` is the last one left.
inline model::Table up_to(model::Table table, const std::string& target) {
    const auto keep = static_cast<std::size_t>(std::find(table.header.begin(), table.header.end(), target) -
                                               table.header.begin()) +
                      1;
    table.header.resize(keep);
    for (auto& row : table.rows) row.resize(keep);
    return table;
}

/// The bytes of `m` as a model file.
inline std::string bytes_of(const model::Model& m) {
    const auto bytes = model::save(m);
    return std::string(bytes.begin(), bytes.end());
}

/// Name and model-file bytes of three models besides model.bin (a forest classifier): a
/// logistic regression "logit" (4 features), a forest regressor "width" (3), a linear regression "petal" (2).
inline std::vector<std::pair<std::string, std::string>> trained_models() {
    const model::Table table = iris_table();
    model::Diagnostic d;
    const model::Dataset species = model::make_dataset(table, "species", model::Target::classes, d);
    REQUIRE_FALSE(d);
    const model::Model logistic = model::train_logistic_regression(species, {}, "logit", d);
    REQUIRE_FALSE(d);
    const model::Dataset width =
        model::make_dataset(up_to(table, "petal_width"), "petal_width", model::Target::numbers, d);
    REQUIRE_FALSE(d);
    model::ForestOptions options;
    options.trees = 20; // grown until pure: leaves past 64, so the fast engine takes the kernel's walk
    const model::Model forest = model::train_forest(width, options, "width", d);
    REQUIRE_FALSE(d);
    const model::Dataset petal =
        model::make_dataset(up_to(table, "petal_length"), "petal_length", model::Target::numbers, d);
    REQUIRE_FALSE(d);
    const model::Model linear = model::train_linear_regression(petal, "petal", d);
    REQUIRE_FALSE(d);
    return {{"logit", bytes_of(logistic)}, {"width", bytes_of(forest)}, {"petal", bytes_of(linear)}};
}

} // namespace glassbox::test
