// tests/model/tree_dot_test.cpp: 'glassbox inspect --tree N --format dot' (issue 17).
// Course topic: a decision tree as a picture: the DOT text of a hand-built tree is checked
// line by line, every node of the shipped model's tree 0 is drawn once, and a tree a model
// does not have is a one-sentence error.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "model/file.hpp"
#include "model/tree_dot.hpp"
#include "model_test_support.hpp"
#include "support/cli_run.hpp"

using namespace glassbox::model;
using glassbox::test::Run;
using glassbox::test::run_glassbox;

namespace {

/// petal_width <= 0.1 → setosa; else sepal "length" <= 2.5 → mixed leaf, else versicolor.
Model small_classifier() {
    Metadata meta;
    meta.name = "small";
    meta.feature_names = {"sepal \"length\"", "petal_width"};
    meta.class_labels = {"setosa", "versicolor"};
    meta.feature_stats.resize(2);
    Forest f;
    f.value_width = 2;
    const std::int32_t leaf = format::leaf;
    f.add_tree(std::vector<std::int32_t>{1, leaf, 0, leaf, leaf}, std::vector<double>{0.1, 0, 2.5, 0, 0},
               std::vector<std::uint32_t>{1, 0, 3, 0, 0}, std::vector<std::uint32_t>{2, 0, 4, 0, 0},
               std::vector<double>{0, 0, 1, 0, 0, 0, 0.25, 0.75, 0, 1});
    return Model(Kind::forest_classifier, std::move(meta), std::move(f));
}

} // namespace

TEST_CASE("tree_dot draws a hand-built tree: splits, true/false edges, leaves", "[model][tree-dot]") {
    CHECK(tree_dot(small_classifier(), 0) == R"(digraph tree_0 {
    // Tree 0 of model "small": left (true) when x <= threshold.
    node [shape=box, fontname="Helvetica"];
    edge [fontname="Helvetica"];
    n0 [label="petal_width <= 0.1"];
    n0 -> n1 [label="true"];
    n0 -> n2 [label="false"];
    n1 [label="setosa\n[1, 0]", style=rounded];
    n2 [label="sepal \"length\" <= 2.5"];
    n2 -> n3 [label="true"];
    n2 -> n4 [label="false"];
    n3 [label="versicolor\n[0.25, 0.75]", style=rounded];
    n4 [label="versicolor\n[0, 1]", style=rounded];
}
)");
}

TEST_CASE("tree_dot --max-depth cuts deeper splits into one counted node", "[model][tree-dot]") {
    const std::string dot = tree_dot(small_classifier(), 0, 1);
    CHECK(dot.find("    n2 [label=\"... 3 nodes\", shape=plaintext];\n") != std::string::npos);
    CHECK(dot.find("n3") == std::string::npos);
}

TEST_CASE("tree_dot labels a regressor's leaves with their value", "[model][tree-dot]") {
    Metadata meta;
    meta.name = "one split";
    meta.feature_names = {"x"};
    meta.feature_stats.resize(1);
    Forest f;
    const std::int32_t leaf = format::leaf;
    f.add_tree(std::vector<std::int32_t>{0, leaf, leaf}, std::vector<double>{0.30000000000000004, 0, 0},
               std::vector<std::uint32_t>{1, 0, 0}, std::vector<std::uint32_t>{2, 0, 0},
               std::vector<double>{0, -1.5, 2.25});
    const std::string dot = tree_dot(Model(Kind::forest_regressor, std::move(meta), std::move(f)), 0);
    CHECK(dot.find("    n0 [label=\"x <= 0.30000000000000004\"];\n") != std::string::npos);
    CHECK(dot.find("    n1 [label=\"value = -1.5\", style=rounded];\n") != std::string::npos);
    CHECK(dot.find("    n2 [label=\"value = 2.25\", style=rounded];\n") != std::string::npos);
}

TEST_CASE("inspect --tree 0 --format dot draws every node of tree 0 once", "[model][tree-dot][cli]") {
    Diagnostic d;
    const Model m = load_file(test::source_path("model.bin"), d);
    REQUIRE_FALSE(d);
    const Forest& f = *m.forest();
    const std::size_t nodes = f.tree_offsets[1] - f.tree_offsets[0];
    const Run run = run_glassbox("inspect model.bin --tree 0 --format dot");
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    REQUIRE(run.out.rfind("digraph tree_0 {\n", 0) == 0);
    // Each node is declared once ("    n5 [label=...") and every split has two edges.
    const std::regex declared(R"re(\n    n(\d+) \[label=)re"),
        edge(R"re( -> n\d+ \[label="(true|false)"\])re");
    std::set<int> seen;
    std::size_t declarations = 0;
    for (auto it = std::sregex_iterator(run.out.begin(), run.out.end(), declared);
         it != std::sregex_iterator(); ++it, ++declarations)
        seen.insert(std::stoi((*it)[1]));
    CHECK(declarations == nodes);
    CHECK(seen.size() == nodes);
    CHECK(*seen.rbegin() == static_cast<int>(nodes) - 1);
    const auto edges = std::distance(std::sregex_iterator(run.out.begin(), run.out.end(), edge), {});
    CHECK(static_cast<std::size_t>(edges) == nodes - 1);
    // The root's threshold, printed, reads back as the very double the model compares with.
    std::smatch root;
    REQUIRE(std::regex_search(run.out, root, std::regex(R"re(\n    n0 \[label="(\w+) <= ([^"]+)"\])re")));
    CHECK(root[1] == m.feature_names()[static_cast<std::size_t>(f.feature[0])]);
    CHECK(std::stod(root[2]) == f.threshold[0]);
}

TEST_CASE("inspect --tree: a missing tree, a linear model, another format", "[model][tree-dot][cli]") {
    const Run past = run_glassbox("inspect model.bin --tree 100 --format dot");
    CHECK(past.status == 1);
    CHECK(past.out.empty());
    CHECK(past.err ==
          "glassbox inspect: model.bin has 100 trees, numbered 0 to 99, so there is no tree 100.\n");
    const Run format = run_glassbox("inspect model.bin --tree 0 --format svg");
    CHECK(format.status == 2);
    CHECK(format.err == "glassbox inspect: 'svg' is not a format inspect draws trees in (dot: Graphviz). "
                        "Run 'glassbox inspect --help' for the options.\n");
    const std::string linear =
        (std::filesystem::temp_directory_path() / ("glassbox-dot-" + std::to_string(getpid()) + ".bin"))
            .string();
    REQUIRE(run_glassbox("train --data examples/data/iris.csv --target species --kind logistic -o '" +
                         linear + "'")
                .status == 0);
    const Run weights = run_glassbox("inspect '" + linear + "' --tree 0 --format dot");
    CHECK(weights.status == 1);
    CHECK(weights.err == "glassbox inspect: " + linear +
                             " holds a logistic regression, which has weights and no trees to draw.\n");
    std::filesystem::remove(linear);
    const Run number = run_glassbox("inspect model.bin --tree first --format dot");
    CHECK(number.status == 2);
    CHECK(number.err.find("--tree takes a tree number (0, 1, ...), not 'first'.") != std::string::npos);
}
