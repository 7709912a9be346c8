// tests/model/commands_test.cpp: the train, inspect and predict commands, run as a user would.
// Course topic: the command line: exit status 0 / 1 (runtime) / 2 (usage), one-sentence
// errors on stderr, and the "done when" lines of the model issue.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "model_test_support.hpp"
#include "support/cli_run.hpp"
#include "support/text.hpp"

using namespace glassbox::model::test;
using glassbox::test::has;
using glassbox::test::Run;
using glassbox::test::run_glassbox;

TEST_CASE("glassbox predict model.bin 5.1 3.5 1.4 0.2 prints setosa first", "[model][cli]") {
    const Run run = run_glassbox("predict model.bin 5.1 3.5 1.4 0.2");
    CHECK(run.status == 0);
    CHECK(run.out.rfind("setosa\n", 0) == 0);
    CHECK(has(run.out, "probabilities: setosa "));
}

TEST_CASE("glassbox predict reads CSV rows with a header from stdin", "[model][cli]") {
    const Run run = run_glassbox("predict model.bin", "examples/data/iris.csv");
    CHECK(run.status == 0);
    CHECK(run.out.rfind("prediction,P(setosa),P(versicolor),P(virginica)\nsetosa,", 0) == 0);
    CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 151);
}

TEST_CASE("glassbox predict reads headerless rows of exactly the features", "[model][cli]") {
    const std::string rows =
        (std::filesystem::temp_directory_path() / ("glassbox-rows-" + std::to_string(getpid()))).string();
    std::ofstream(rows) << "5.1,3.5,1.4,0.2\n6.9,3.1,5.4,2.1\n";
    const Run run = run_glassbox("predict model.bin", rows);
    CHECK(run.status == 0);
    CHECK(run.out.rfind("prediction,P(setosa),P(versicolor),P(virginica)\nsetosa,", 0) == 0);
    CHECK(has(run.out, "\nvirginica,"));
    std::filesystem::remove(rows);
}

TEST_CASE("glassbox inspect shows a damaged file up to the fault, then why", "[model][cli]") {
    const std::string path =
        (std::filesystem::temp_directory_path() / ("glassbox-cut-" + std::to_string(getpid()))).string();
    std::vector<std::uint8_t> bytes = read_bytes(source_path("model.bin"));
    const std::string size = std::to_string(bytes.size());
    bytes.resize(1000);
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), 1000);
    const Run run = run_glassbox("inspect '" + path + "'");
    CHECK(run.status == 1);
    CHECK(has(run.out, "the file size in bytes = " + size));
    CHECK(has(run.err, "at byte 0x10: the header declares a file of " + size + " bytes but it has 1000"));
    std::filesystem::remove(path);
}

TEST_CASE("glassbox train reproduces model.bin with the documented command", "[model][cli]") {
    const std::string out =
        (std::filesystem::temp_directory_path() / ("glassbox-train-" + std::to_string(getpid()) + ".bin"))
            .string();
    const Run run =
        run_glassbox("train --data examples/data/iris.csv --target species --kind forest --trees 100 "
                     "--seed 42 --name iris -o '" +
                     out + "'");
    CHECK(run.status == 0);
    CHECK(has(run.out, "random forest classifier named 'iris'"));
    CHECK(read_bytes(out) == read_bytes(source_path("model.bin")));
    std::filesystem::remove(out);
}

TEST_CASE("glassbox inspect prints offsets, meanings and a summary", "[model][cli]") {
    const Run run = run_glassbox("inspect model.bin");
    CHECK(run.status == 0);
    CHECK(
        has(run.out, "0x0              8  47 4c 41 53 53 42 4f 58    bytes the magic number = \"GLASSBOX\""));
    CHECK(has(run.out, "u32 tree 0: node count = "));
    CHECK(has(run.out, "CRC-32 of every byte before it"));
    CHECK(has(run.out, "trees:     100,"));
    CHECK(has(run.out, "classes:   3 (setosa, versicolor, virginica)"));
}

TEST_CASE("command errors: one sentence on stderr, exit 1 or 2", "[model][cli]") {
    Run run = run_glassbox("train --data examples/data/iris.csv --target colour --kind forest -o /dev/null");
    CHECK(run.status == 1);
    CHECK(has(run.err, "there is no column 'colour'"));
    run = run_glassbox("train --data /nonexistent.csv --target y --kind linear -o /dev/null");
    CHECK(run.status == 1);
    run = run_glassbox("train --data /dev/null --target y --kind linear -o /dev/null");
    CHECK(run.status == 1);
    CHECK(has(run.err, "empty"));
    run = run_glassbox("train --data examples/data/iris.csv --target species --kind tree -o x.bin");
    CHECK(run.status == 2);
    run = run_glassbox("train --trees many");
    CHECK(run.status == 2);
    run = run_glassbox("predict model.bin 1 2");
    CHECK(run.status == 2);
    CHECK(has(run.err, "takes 4 numbers"));
    run = run_glassbox("predict model.bin 1 2 x 4");
    CHECK(run.status == 2);
    run = run_glassbox("inspect examples/data/iris.csv");
    CHECK(run.status == 1);
    CHECK(has(run.err, "not a glassbox model"));
    for (const std::string command : {"train", "inspect", "predict"}) {
        run = run_glassbox(command + " --help");
        CHECK(run.status == 0);
        CHECK(run.out.rfind("usage: glassbox " + command, 0) == 0);
    }
}

TEST_CASE("glassbox train refuses a CSV whose header or label is not UTF-8, and writes nothing",
          "[model][cli][utf8]") {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string csv = (dir / ("glassbox-latin1-" + tag + ".csv")).string();
    const std::string out = (dir / ("glassbox-latin1-" + tag + ".bin")).string();
    for (const std::string& text : {std::string("l\xe4nge,y\n1,a\n2,b\n3,a\n"),   // a feature name
                                    std::string("x,y\n1,caf\xe9\n2,b\n3,b\n")}) { // a class label
        std::ofstream(csv, std::ios::binary) << text;
        std::filesystem::remove(out);
        const Run run = run_glassbox("train --data '" + csv + "' --target y --kind forest -o '" + out + "'");
        INFO(run.err);
        CHECK(run.status == 1);
        CHECK(has(run.err, "UTF-8"));
        CHECK((has(run.err, "line 2") || has(run.err, "header row, column 1")));
        CHECK_FALSE(std::filesystem::exists(out));
    }
    std::filesystem::remove(csv);
}

TEST_CASE("glassbox predict refuses a row whose score overflows, naming it", "[model][cli][overflow]") {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string file = (dir / ("glassbox-overflow-" + tag + ".bin")).string();
    const std::string rows = (dir / ("glassbox-overflow-" + tag + ".csv")).string();
    const glassbox::model::Model m(
        glassbox::model::Kind::linear_regression, metadata(2, {}),
        glassbox::model::Linear{1, glassbox::model::Link::identity, {1e300, 1e300}, {0}});
    const std::vector<std::uint8_t> bytes = glassbox::model::save(m);
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    std::ofstream(rows) << "f0,f1\n1,2\n1e10,1e10\n";
    Run run = run_glassbox("predict '" + file + "'", rows);
    INFO(run.out << run.err);
    CHECK(run.status == 1);
    CHECK(has(run.err, "line 3"));
    CHECK(has(run.err, "not a finite number"));
    CHECK(run.out.find("inf") == std::string::npos);
    run = run_glassbox("predict '" + file + "' 1e10 1e10");
    CHECK(run.status == 1);
    CHECK(has(run.err, "not a finite number"));
    run = run_glassbox("predict '" + file + "' 1 0");
    CHECK(run.status == 0);
    CHECK(run.out == "1e+300\n");
    std::filesystem::remove(file);
    std::filesystem::remove(rows);
}

TEST_CASE("one number rule offline: an underflow is the nearest double, an overflow names its place",
          "[model][cli][number]") {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string file = (dir / ("glassbox-x0-" + tag + ".bin")).string();
    const std::string rows = (dir / ("glassbox-x0-" + tag + ".csv")).string();
    // y = x0: the prediction prints the number as the command read it.
    const glassbox::model::Model m(glassbox::model::Kind::linear_regression, metadata(2, {}),
                                   glassbox::model::Linear{1, glassbox::model::Link::identity, {1, 0}, {0}});
    const std::vector<std::uint8_t> bytes = glassbox::model::save(m);
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    struct Case {
        const char* text;
        double expected;
    };
    for (const Case c : {Case{"1e-400", 0.0}, Case{"-1e-400", 0.0}, Case{"4.9e-324", 4.9e-324},
                         Case{"1.7976931348623157e308", 1.7976931348623157e308}}) {
        INFO(c.text);
        Run run = run_glassbox("predict '" + file + "' " + c.text + " 0");
        CHECK(run.status == 0);
        CHECK(std::strtod(run.out.c_str(), nullptr) == c.expected);
        std::ofstream(rows) << "f0,f1\n" << c.text << ",1\n";
        run = run_glassbox("predict '" + file + "'", rows);
        CHECK(run.status == 0);
        CHECK(std::strtod(run.out.substr(run.out.find('\n') + 1).c_str(), nullptr) == c.expected);
    }
    for (const std::string& text : {std::string("1e400"), std::string("-1e400")}) {
        Run run = run_glassbox("predict '" + file + "' 0 " + text);
        CHECK(run.status == 2);
        CHECK(has(run.err, "'" + text + "' is not a finite number"));
        std::ofstream(rows) << "f0,f1\n1,2\n3," << text << "\n";
        run = run_glassbox("predict '" + file + "'", rows);
        CHECK(run.status == 1);
        CHECK(has(run.err, "line 3, column 2: '" + text + "' is not a finite number"));
    }
    std::filesystem::remove(file);
    std::filesystem::remove(rows);
}

TEST_CASE("glassbox predict writes RFC 4180 CSV: labels quoted, numbers that read back exactly",
          "[model][cli][csv_out]") {
    using namespace glassbox::model;
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string file = (dir / ("glassbox-csv-out-" + tag + ".bin")).string();
    const std::string rows = (dir / ("glassbox-csv-out-" + tag + ".csv")).string();
    const auto write_model = [&](const Model& m) {
        const std::vector<std::uint8_t> bytes = save(m);
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    };
    // Labels with a comma, a quote, and a line break: each must come back as one cell.
    const std::vector<std::string> labels = {"a,b", "say \"hi\"", "two\r\nlines"};
    const Model classifier(Kind::logistic_regression, metadata(2, labels),
                           Linear{3, Link::softmax, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}});
    write_model(classifier);
    std::ofstream(rows) << "f0,f1\n0.1,0.2\n1e-3,-7\n";
    Run run = run_glassbox("predict '" + file + "'", rows);
    INFO(run.out << run.err);
    REQUIRE(run.status == 0);
    CHECK(run.out.rfind("prediction,\"P(a,b)\",\"P(say \"\"hi\"\")\",\"P(two\r\nlines)\"\n", 0) == 0);
    Diagnostic d;
    const Table table = parse_csv(run.out, d);
    REQUIRE_FALSE(d);
    CHECK(table.header ==
          std::vector<std::string>{"prediction", "P(a,b)", "P(say \"hi\")", "P(two\r\nlines)"});
    REQUIRE(table.rows.size() == 2);
    const std::vector<double> X = {0.1, 0.2, 1e-3, -7};
    std::vector<double> values(2), p(6);
    classifier.predict(X, 2, values, p);
    for (std::size_t r = 0; r < 2; ++r) {
        CHECK(table.rows[r][0] == labels[static_cast<std::size_t>(values[r])]);
        for (std::size_t k = 0; k < 3; ++k)
            CHECK(std::strtod(table.rows[r][1 + k].c_str(), nullptr) == p[r * 3 + k]);
    }
    // A regressor's numbers: the shortest text that reads back as the same double, 17 digits when needed.
    write_model(Model(Kind::linear_regression, metadata(2, {}), Linear{1, Link::identity, {1, 0}, {0}}));
    std::ofstream(rows) << "f0,f1\n0.30000000000000004,0\n1.7976931348623157e308,0\n0.1,0\n";
    run = run_glassbox("predict '" + file + "'", rows);
    CHECK(run.status == 0);
    CHECK(run.out == "prediction\n0.30000000000000004\n1.7976931348623157e+308\n0.1\n");
    run = run_glassbox("predict '" + file + "' 0.30000000000000004 0");
    CHECK(run.out == "0.30000000000000004\n");
    std::filesystem::remove(file);
    std::filesystem::remove(rows);
}

TEST_CASE("glassbox train never writes a file its own loader refuses", "[model][cli][save_check]") {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string csv = (dir / ("glassbox-huge-" + tag + ".csv")).string();
    const std::string out = (dir / ("glassbox-huge-" + tag + ".bin")).string();
    // A name over the format's 4096 bytes: refused with a sentence, and no file.
    std::filesystem::remove(out);
    Run run = run_glassbox("train --data examples/data/iris.csv --target species --kind logistic --name " +
                           std::string(5000, 'n') + " -o '" + out + "'");
    INFO(run.err);
    CHECK(run.status == 1);
    CHECK(has(run.err, "4096"));
    CHECK_FALSE(std::filesystem::exists(out));
    // Values near DBL_MAX: the sum, the variance and the histogram width overflow a double.
    // Every kind either trains with finite statistics or refuses clearly; never a bad file.
    std::ofstream(csv) << "x,y\n1.7e308,a\n-1.7e308,b\n1.6e308,a\n-1.5e308,b\n1.7e308,a\n";
    for (const std::string& kind : {std::string("forest"), std::string("logistic"),
                                    std::string("forest-regressor"), std::string("linear")}) {
        std::filesystem::remove(out);
        const std::string target = kind == "forest-regressor" || kind == "linear" ? "x" : "y";
        if (target == "x")
            std::ofstream(csv) << "x,z,y\n1.7e308,1,2\n-1.7e308,2,1\n1.6e308,3,3\n-1.5e308,4,4\n";
        run = run_glassbox("train --data '" + csv + "' --target " + target + " --kind " + kind + " -o '" +
                           out + "'");
        INFO(kind << ": " << run.out << run.err);
        if (run.status == 0) {
            glassbox::model::Diagnostic d;
            const glassbox::model::Model m = glassbox::model::load_file(out, d);
            CHECK_FALSE(d);
            for (const auto& s : m.feature_stats())
                CHECK((std::isfinite(s.mean) && std::isfinite(s.stddev) && s.stddev >= 0));
        } else {
            CHECK(run.status == 1);
            CHECK(has(run.err, "glassbox train: "));
            CHECK_FALSE(std::filesystem::exists(out));
        }
    }
    std::filesystem::remove(csv);
    std::filesystem::remove(out);
}
