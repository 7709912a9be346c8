// tests/model/file_test.cpp: model.bin round trips, the committed model.bin, and predict.
// Course topic: saving and loading a model: save(load(save(m))) is the same bytes.
#include <catch2/catch.hpp>

#include "model/format.hpp"
#include "model_test_support.hpp"
#include "support/temp_directory.hpp"

using namespace glassbox::model;
using namespace glassbox::model::test;

TEST_CASE("save then load then save gives identical bytes", "[model][file]") {
    for (const Model& m : {small_forest(), small_linear(), small_logistic()}) {
        const std::vector<std::uint8_t> first = save(m);
        Diagnostic d;
        const Model back = load(first, d);
        INFO(d.message);
        REQUIRE_FALSE(d);
        CHECK(save(back) == first);
        CHECK(back.kind() == m.kind());
        CHECK(back.feature_names() == m.feature_names());
        CHECK(back.class_labels() == m.class_labels());
        CHECK(back.checksum() == stored_checksum(first));
        CHECK(back.file_bytes() == first.size());
        CHECK(back.feature_stats()[1].histogram == std::vector<std::uint64_t>{3, 4, 3});
    }
}

TEST_CASE("a model's CRC and size are its file's: load reads them, save_file reports them", "[model][file]") {
    // Made in memory, a model has no file yet: nothing re-serialises it to invent one.
    const Model m = small_forest();
    CHECK(m.checksum() == 0);
    CHECK(m.file_bytes() == 0);
    const glassbox::test::TempDirectory dir("glassbox-facts");
    const std::string path = dir.path() + "/forest.bin";
    Diagnostic d;
    const FileFacts written = save_file(m, path, d);
    REQUIRE_FALSE(d);
    const std::vector<std::uint8_t> bytes = read_bytes(path);
    CHECK(written.bytes == bytes.size());
    CHECK(written.checksum == stored_checksum(bytes));
    const Model back = load_file(path, d);
    REQUIRE_FALSE(d);
    CHECK(back.file_bytes() == written.bytes);
    CHECK(back.checksum() == written.checksum);
    // A copy shares them (and the packed trees); a failed save reports none.
    const Model copy = back;
    CHECK(copy.checksum() == written.checksum);
    const FileFacts none = save_file(m, dir.path() + "/no/such/dir/forest.bin", d);
    CHECK(d);
    CHECK(none.bytes == 0);
    CHECK(none.checksum == 0);
}

TEST_CASE("a hand-built forest predicts by the <= rule on float-cast inputs", "[model][predict]") {
    const Model m = small_forest();
    // Rows: left of the root; at the root threshold (goes left); right then left; right then right.
    const std::vector<double> X = {0.2, 9, 0.5, 9, 0.7, 2.5, 0.7, 2.6};
    std::vector<double> values(4), p(8);
    m.predict(X, 4, values, p);
    CHECK(values == std::vector<double>{0, 0, 1, 1});
    CHECK(p == std::vector<double>{0.75, 0.25, 0.75, 0.25, 0.375, 0.625, 0.25, 0.75});
    // 0.50000001 is a different double but the same float as 0.5, so it goes left too.
    const std::vector<double> near = {0.50000001, 0};
    double v = -1;
    m.predict(near, 1, std::span(&v, 1), {});
    CHECK(v == 0);
    // Beyond float's range an input becomes +-infinity (no undefined float cast): right, left.
    std::vector<double> p2(4);
    m.predict(std::vector<double>{1e300, 1e300, -1e300, 0}, 2, values, p2);
    CHECK(values[0] == 1);
    CHECK(p2[0] == 0.25); // tree 0 leaf [0, 1] and tree 1 leaf [0.5, 0.5]
    CHECK(values[1] == 0);
    CHECK_THROWS_AS(m.predict(std::vector<double>{1.0}, 1, values, {}), std::invalid_argument);
}

TEST_CASE("linear and logistic models predict their formulas", "[model][predict]") {
    double value = 0;
    small_linear().predict(std::vector<double>{1.5, 2.0}, 1, std::span(&value, 1), {});
    CHECK(value == 2.0 * 1.5 - 3.0 * 2.0 + 1.0);
    std::vector<double> p(3);
    small_logistic().predict(std::vector<double>{2.0, 0.0}, 1, std::span(&value, 1), p);
    const double e0 = std::exp(2.5 - 2.5), e1 = std::exp(0.0 - 2.5), e2 = std::exp(-2.5 - 2.5);
    CHECK(value == 0);
    CHECK(p[0] == Approx(e0 / (e0 + e1 + e2)).epsilon(1e-15));
    CHECK(p[2] == Approx(e2 / (e0 + e1 + e2)).epsilon(1e-15));
}

TEST_CASE("the committed model.bin loads and predicts setosa", "[model][file]") {
    Diagnostic d;
    const Model m = load_file(source_path("model.bin"), d);
    INFO(d.message);
    REQUIRE_FALSE(d);
    CHECK(m.name() == "iris");
    CHECK(m.kind() == Kind::forest_classifier);
    CHECK(m.summary().trees == 100);
    CHECK(m.class_labels() == std::vector<std::string>{"setosa", "versicolor", "virginica"});
    CHECK(m.feature_names() ==
          std::vector<std::string>{"sepal_length", "sepal_width", "petal_length", "petal_width"});
    double value = -1;
    std::vector<double> p(3);
    m.predict(std::vector<double>{5.1, 3.5, 1.4, 0.2}, 1, std::span(&value, 1), p);
    CHECK(m.class_labels()[static_cast<std::size_t>(value)] == "setosa");
    CHECK(p[0] > 0.9);
    CHECK(m.checksum() == stored_checksum(read_bytes(source_path("model.bin"))));
}

TEST_CASE("load_file reports a missing file as a sentence", "[model][file]") {
    Diagnostic d;
    load_file("/nonexistent/model.bin", d);
    CHECK(d.code == std::errc::no_such_file_or_directory);
    CHECK(d.message.find("/nonexistent/model.bin") != std::string::npos);
}

TEST_CASE("format errors have the glassbox.model category and a byte offset", "[model][file]") {
    std::vector<std::uint8_t> file = save(small_forest());
    file[0] = 'X';
    std::error_code ec;
    load(file, ec);
    CHECK(ec == FormatError::bad_magic);
    CHECK(std::string(ec.category().name()) == "glassbox.model");
    CHECK(ec.message() == "not a glassbox model file");
    file = save(small_forest());
    file[40] ^= 1;
    Diagnostic d;
    load(file, d);
    CHECK(d.code == FormatError::checksum_mismatch);
    CHECK(d.message.rfind("at byte 0x", 0) == 0);
}
