// tests/model/dataset_test.cpp: CSV parsing and training-data errors a person can act on.
// Course topic: training data: errors name the line and the column.
#include <catch2/catch.hpp>

#include "model_test_support.hpp"

using namespace glassbox::model;

TEST_CASE("CSV: quotes, CRLF, spaces and blank lines", "[model][csv]") {
    Diagnostic d;
    const Table t = parse_csv("a, \"b,c\" ,d\r\n\r\n1,\"x \"\"y\"\"\", 3\r\n", d);
    REQUIRE_FALSE(d);
    CHECK(t.header == std::vector<std::string>{"a", "b,c", "d"});
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0] == std::vector<std::string>{"1", "x \"y\"", "3"});
    CHECK(t.lines[0] == 3);
}

TEST_CASE("CSV errors: empty file, no rows, ragged row, open quote", "[model][csv]") {
    Diagnostic d;
    parse_csv("", d);
    CHECK(d.code == DataError::empty_file);
    parse_csv("\n\n", d);
    CHECK(d.code == DataError::empty_file);
    parse_csv("a,b\n", d);
    CHECK(d.code == DataError::no_rows);
    parse_csv("a,b\n1,2\n3\n", d);
    CHECK(d.code == DataError::ragged_row);
    CHECK(d.message == "line 3 has 1 cells but the header has 2.");
    parse_csv("a,b\n1,\"2\n", d);
    CHECK(d.code == DataError::ragged_row);
}

TEST_CASE("datasets: a missing column and a non-numeric feature are named", "[model][csv]") {
    Diagnostic d;
    const Table t = parse_csv("x,y,label\n1,2,cat\n3,oops,dog\n", d);
    make_dataset(t, "species", Target::classes, d);
    CHECK(d.code == DataError::missing_column);
    CHECK(d.message == "there is no column 'species'; the columns are: x, y, label.");
    make_dataset(t, "label", Target::classes, d);
    CHECK(d.code == DataError::non_numeric);
    CHECK(d.message == "line 3, column 'y': 'oops' is not a number; every feature must be numeric.");
}

TEST_CASE("datasets: classes sorted like numpy.unique, numbers numerically", "[model][csv]") {
    Diagnostic d;
    const Dataset words = make_dataset(parse_csv("x,c\n1,b\n2,a\n3,b\n", d), "c", Target::classes, d);
    CHECK(words.class_labels == std::vector<std::string>{"a", "b"});
    CHECK(words.y == std::vector<double>{1, 0, 1});
    const Dataset numbers = make_dataset(parse_csv("x,c\n1,10\n2,9\n3,10\n", d), "c", Target::classes, d);
    CHECK(numbers.class_labels == std::vector<std::string>{"9", "10"});
    make_dataset(parse_csv("x,c\n1,a\n2,a\n", d), "c", Target::classes, d);
    CHECK(d.code == DataError::too_few_classes);
}

TEST_CASE("feature statistics: mean, population stddev, histogram", "[model][csv]") {
    Diagnostic d;
    const Dataset data =
        make_dataset(parse_csv("x,y\n0,1\n1,2\n2,3\n3,4\n4,5\n", d), "y", Target::numbers, d);
    const auto stats = feature_stats(data, 4);
    CHECK(stats[0].count == 5);
    CHECK(stats[0].mean == 2.0);
    CHECK(stats[0].stddev == Approx(std::sqrt(2.0)));
    CHECK(stats[0].min == 0.0);
    CHECK(stats[0].max == 4.0);
    CHECK(stats[0].histogram == std::vector<std::uint64_t>{1, 1, 1, 2}); // max goes in the last bin
}

TEST_CASE("feature statistics near DBL_MAX stay finite: mean, deviation and histogram",
          "[model][csv][save_check]") {
    Diagnostic d;
    // The sum, the squares and max - min all overflow a double; the statistics themselves fit.
    const Dataset data = make_dataset(
        parse_csv("x,y\n1.7e308,1\n-1.7e308,2\n1.6e308,3\n-1.6e308,4\n0,5\n", d), "y", Target::numbers, d);
    REQUIRE_FALSE(d);
    const FeatureStats s = feature_stats(data, 4)[0];
    CHECK(s.mean == Approx(0.0).margin(1e294));
    CHECK(std::isfinite(s.stddev));
    CHECK(s.stddev == Approx(std::sqrt((2 * 1.7 * 1.7 + 2 * 1.6 * 1.6) / 5) * 1e308).epsilon(1e-12));
    CHECK(s.histogram == std::vector<std::uint64_t>{2, 0, 1, 2});
}
