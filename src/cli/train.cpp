// cli/train.cpp: 'glassbox train': fit a model to a CSV file and save it as a model file.
// Course topic: model.fit(X, y) then pickle.dump, as one command.
// Try: glassbox train --data examples/data/iris.csv --target species --kind forest
//          --trees 100 --seed 42 --name iris -o model.bin   (one line)
// Same options and data, same bytes: the file holds no timestamps and the RNG is seeded.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "model/csv.hpp"
#include "model/dataset.hpp"
#include "model/file.hpp"
#include "model/train.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage =
    R"(usage: glassbox train --data FILE.csv --target COLUMN --kind KIND -o MODEL.bin [options]

Trains a model on a CSV file (a header row of column names, then one row per example)
and saves it as a model file. Every column but the target is a feature and must be numeric.

  --data FILE.csv          the training data
  --target COLUMN          the column to predict: class names (or numbers) for classifiers,
                           numbers for regressors
  --kind KIND              linear            least-squares linear regression
                           logistic          logistic regression, L2 penalty with C = 1
                                             (binary, or multinomial for 3+ classes)
                           forest            random forest: a classifier if the target has a
                                             value that is not a number, else a regressor
                           forest-classifier random forest classifier (numbers are labels)
                           forest-regressor  random forest regressor
  -o, --output FILE        where to write the model file
  --name NAME              the model's name (default: the data file's name without .csv)

forest options:
  --trees N                number of trees (default 100)
  --max-depth D            deepest level of splits; 0 = until leaves are pure (default 0)
  --min-samples-leaf K     distinct rows each leaf must hold (default 1)
  --max-features F         features tried per split: a number, 'sqrt' or 'all'
                           (default: sqrt for classifiers, all for regressors)
  --seed S                 random seed; the same seed gives a byte-identical file (default 0)

Exit status: 0 trained and saved; 1 bad data, an unwritable file, or a model its own
loader would refuse (e.g. a --name over 4096 bytes): then no file is written; 2 bad options.
)";

/// The command line, parsed.
struct Options {
    std::string data, target, kind, output, name, max_features;
    model::ForestOptions forest;
};

bool parse_count(std::string_view text, std::uint64_t& out) {
    const auto result = std::from_chars(text.data(), text.data() + text.size(), out);
    return !text.empty() && result.ec == std::errc{} && result.ptr == text.data() + text.size();
}

int usage_error(const std::string& sentence) {
    std::fprintf(stderr, "glassbox train: %s Run 'glassbox train --help' for the options.\n",
                 sentence.c_str());
    return 2;
}

// Returns -1 when the options are fine, else the exit status to return.
int parse(std::span<const std::string_view> args, Options& o) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view flag = args[i];
        std::string value;
        if (flag == "--help" || flag == "-h") {
            std::fputs(usage.data(), stdout);
            return 0;
        }
        if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string_view::npos) {
            value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return usage_error("'" + std::string(flag) + "' needs a value.");
        }
        std::uint64_t n = 0;
        const bool numeric_flag =
            flag == "--trees" || flag == "--max-depth" || flag == "--min-samples-leaf" || flag == "--seed";
        if (numeric_flag && !parse_count(value, n))
            return usage_error("'" + std::string(flag) + "' takes a whole number, not '" + value + "'.");
        if (flag == "--data")
            o.data = value;
        else if (flag == "--target")
            o.target = value;
        else if (flag == "--kind")
            o.kind = value;
        else if (flag == "-o" || flag == "--output")
            o.output = value;
        else if (flag == "--name")
            o.name = value;
        else if (flag == "--max-features")
            o.max_features = value;
        else if (flag == "--trees")
            o.forest.trees = n;
        else if (flag == "--max-depth")
            o.forest.max_depth = n;
        else if (flag == "--min-samples-leaf")
            o.forest.min_samples_leaf = n;
        else if (flag == "--seed")
            o.forest.seed = n;
        else
            return usage_error("'" + std::string(flag) + "' is not an option of train.");
    }
    if (o.data.empty() || o.target.empty() || o.kind.empty() || o.output.empty())
        return usage_error("--data, --target, --kind and -o are required.");
    if (o.kind != "linear" && o.kind != "logistic" && o.kind != "forest" && o.kind != "forest-classifier" &&
        o.kind != "forest-regressor")
        return usage_error("--kind must be linear, logistic, forest, forest-classifier or forest-regressor.");
    if (o.forest.trees == 0 || o.forest.trees > 100000)
        return usage_error("--trees must be between 1 and 100000.");
    if (o.forest.min_samples_leaf == 0) return usage_error("--min-samples-leaf must be at least 1.");
    if (o.name.empty()) {
        const auto slash = o.data.find_last_of('/');
        o.name = o.data.substr(slash == std::string::npos ? 0 : slash + 1);
        if (o.name.ends_with(".csv")) o.name.resize(o.name.size() - 4);
    }
    return -1;
}

int fail(const std::string& sentence) {
    std::fprintf(stderr, "glassbox train: %s\n", sentence.c_str());
    return 1;
}

} // namespace

int train(std::span<const std::string_view> args) {
    Options o;
    if (const int status = parse(args, o); status >= 0) return status;

    std::ifstream in(o.data, std::ios::binary);
    if (!in) return fail("cannot open '" + o.data + "'.");
    std::ostringstream text;
    text << in.rdbuf();
    model::Diagnostic d;
    const model::Table table = model::parse_csv(text.str(), d);
    if (d) return fail(o.data + ": " + d.message);

    // Which family, and whether the target holds classes or numbers.
    bool classes = o.kind == "logistic" || o.kind == "forest-classifier";
    if (o.kind == "forest") {
        const auto it = std::find(table.header.begin(), table.header.end(), o.target);
        classes = it != table.header.end() &&
                  !model::column_is_numeric(table, static_cast<std::size_t>(it - table.header.begin()));
    }
    const model::Dataset data =
        model::make_dataset(table, o.target, classes ? model::Target::classes : model::Target::numbers, d);
    if (d) return fail(o.data + ": " + d.message);

    if (o.max_features == "sqrt" || o.max_features.empty()) {
        o.forest.max_features = 0;
    } else if (o.max_features == "all") {
        o.forest.max_features = data.n_features();
    } else if (std::uint64_t n = 0; parse_count(o.max_features, n) && n >= 1) {
        o.forest.max_features = n;
    } else {
        return usage_error("--max-features takes a number of features, 'sqrt' or 'all'.");
    }
    if (o.max_features == "sqrt" && !classes)
        o.forest.max_features = static_cast<std::size_t>(std::sqrt(static_cast<double>(data.n_features())));

    model::Model trained;
    if (o.kind == "linear") {
        trained = model::train_linear_regression(data, o.name, d);
    } else if (o.kind == "logistic") {
        trained = model::train_logistic_regression(data, {}, o.name, d);
    } else {
        // A progress line only on a terminal: a log file should not fill with \r updates.
        if (isatty(fileno(stderr)))
            o.forest.progress = [](std::size_t done, std::size_t total) {
                std::fprintf(stderr, "\rtraining: tree %zu of %zu", done, total);
                if (done == total) std::fputc('\n', stderr);
            };
        trained = model::train_forest(data, o.forest, o.name, d);
    }
    if (d) return fail(d.message);

    // The checked save: a model its own loader would refuse is an error here, never a file.
    const model::FileFacts written = model::save_file(trained, o.output, d);
    if (d.code == model::FormatError::bad_value)
        return fail(d.message + " Training overflowed a double: rescale features or target whose "
                                "values come near 1.8e308 (or 3.4e38 for a forest, which trains on floats).");
    if (d) return fail(d.message);

    std::vector<double> predictions(data.rows);
    trained.predict(data.X, data.rows, predictions, {});
    double hits = 0.0, squares = 0.0;
    for (std::size_t r = 0; r < data.rows; ++r) {
        hits += predictions[r] == data.y[r] ? 1.0 : 0.0;
        squares += (predictions[r] - data.y[r]) * (predictions[r] - data.y[r]);
    }
    const double rows = static_cast<double>(data.rows);
    std::printf("trained a %s named '%s' on %zu rows and %zu features\n",
                std::string(model::kind_name(trained.kind())).c_str(), trained.name().c_str(), data.rows,
                data.n_features());
    if (classes)
        std::printf("accuracy on the training rows: %.4f (held-out data will score lower)\n", hits / rows);
    else
        std::printf("root mean squared error on the training rows: %.6g\n", std::sqrt(squares / rows));
    std::printf("wrote %s: %zu bytes, CRC-32 0x%08x\n", o.output.c_str(), written.bytes, written.checksum);
    return 0;
}

} // namespace glassbox::cli
