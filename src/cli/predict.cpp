// cli/predict.cpp: 'glassbox predict': predictions offline, the course's model.predict(X).
// Course topic: using a saved model without a server: load the file, feed it rows.
// Try: glassbox predict model.bin 5.1 3.5 1.4 0.2
//      glassbox predict model.bin < examples/data/iris.csv
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/engine_option.hpp"
#include "cli/file_arguments.hpp"
#include "http/token.hpp"
#include "model/csv.hpp"
#include "model/dataset.hpp"
#include "model/decimal.hpp"
#include "model/file.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage = R"(usage: glassbox predict [--engine NAME] MODEL.bin [X1 X2 ... Xn]

With numbers: predicts one row, one number per feature in the model's order. The first
line of output is the prediction (a class label, or a number for regressors); classifiers
then print each class's probability.

Without numbers: reads CSV rows from standard input and prints CSV (RFC 4180: a field with
a comma, quote or line break is quoted): a header, then one line per row with the prediction
and, for classifiers, each class's probability; numbers are printed in the shortest form
that reads back as the same double. If the first line is a header, columns are matched to
the model's features by name (other columns, such as the target, are ignored); otherwise
each row holds exactly the features, in order. Numbers too small for a double (1e-400)
read as 0; numbers too large (1e400) are an error naming the line and column.
  glassbox predict model.bin < examples/data/iris.csv

--engine NAME: the code that computes the predictions: fast (the default: the forest
kernels, many rows at once) or reference (each tree walked from its root, one row at a
time: the textbook). The output is the same, byte for byte.
  glassbox predict --engine reference model.bin 5.1 3.5 1.4 0.2

'glassbox inspect MODEL.bin' lists the features in order.
Exit status: 0 predicted, 1 unreadable or invalid model file or input, 2 bad arguments.
)";

/// `text` as one CSV field (RFC 4180 §2 rules 6-7): in double quotes, with each quote doubled,
/// when it holds a comma, a quote, CR or LF; as it is otherwise. A label "a,b" stays one column.
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

int predict_one(const model::Model& m, std::span<const std::string_view> cells, model::Engine engine) {
    std::vector<double> x;
    for (const std::string_view cell : cells) {
        const auto v = model::parse_number(cell);
        if (!v) {
            std::fprintf(stderr, "glassbox predict: '%.*s' is not a finite number.\n",
                         static_cast<int>(cell.size()), cell.data());
            return 2;
        }
        x.push_back(*v);
    }
    if (x.size() != m.n_features()) {
        std::fprintf(stderr, "glassbox predict: model '%s' takes %zu numbers (%s) but %zu were given.\n",
                     m.name().c_str(), m.n_features(), http::join_list(m.feature_names()).c_str(), x.size());
        return 2;
    }
    double value = 0.0;
    std::vector<double> p(m.n_classes());
    m.predict(x, 1, std::span(&value, 1), p, engine);
    if (model::first_non_finite_row(std::span(&value, 1), p, 1) == 0) {
        std::fputs("glassbox predict: the prediction is not a finite number: the model's arithmetic on "
                   "these features overflows a double (beyond 1.8e308).\n",
                   stderr);
        return 1;
    }
    if (!m.is_classifier()) {
        std::printf("%s\n", model::decimal_text(value).c_str());
        return 0;
    }
    std::printf("%s\n", m.class_labels()[static_cast<std::size_t>(value)].c_str());
    std::printf("probabilities:");
    for (std::size_t k = 0; k < p.size(); ++k)
        std::printf("%s %s %.4f", k ? "," : "", m.class_labels()[k].c_str(), p[k]);
    std::printf("\n");
    return 0;
}

int predict_stdin(const model::Model& m, model::Engine engine) {
    const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    model::Diagnostic d;
    model::Table table = model::parse_csv(text, d);
    if (d.code == model::DataError::no_rows || d.code == model::DataError::empty_file) d = {};
    if (d) {
        std::fprintf(stderr, "glassbox predict: standard input: %s\n", d.message.c_str());
        return 1;
    }
    // A first line of numbers is a row, not a header.
    const bool header = !std::all_of(table.header.begin(), table.header.end(),
                                     [](const std::string& c) { return model::parse_number(c).has_value(); });
    std::vector<std::size_t> columns;
    if (header) {
        for (const auto& name : m.feature_names()) {
            const auto it = std::find(table.header.begin(), table.header.end(), name);
            if (it == table.header.end()) {
                std::fprintf(stderr, "glassbox predict: the input has no column '%s'; the model needs: %s.\n",
                             name.c_str(), http::join_list(m.feature_names()).c_str());
                return 1;
            }
            columns.push_back(static_cast<std::size_t>(it - table.header.begin()));
        }
    } else {
        if (!table.header.empty()) {
            table.rows.insert(table.rows.begin(), table.header);
            table.lines.insert(table.lines.begin(), 1);
        }
        if (!table.rows.empty() && table.rows[0].size() != m.n_features()) {
            std::fprintf(stderr, "glassbox predict: rows have %zu values but model '%s' takes %zu (%s).\n",
                         table.rows[0].size(), m.name().c_str(), m.n_features(),
                         http::join_list(m.feature_names()).c_str());
            return 1;
        }
        for (std::size_t j = 0; j < m.n_features(); ++j) columns.push_back(j);
    }
    const std::size_t rows = table.rows.size();
    std::vector<double> X;
    X.reserve(rows * m.n_features());
    for (std::size_t r = 0; r < rows; ++r)
        for (const std::size_t c : columns) {
            const auto v = model::parse_number(table.rows[r][c]);
            if (!v) {
                std::fprintf(stderr, "glassbox predict: line %zu, column %zu: '%s' is not a finite number.\n",
                             table.lines[r], c + 1, table.rows[r][c].c_str());
                return 1;
            }
            X.push_back(*v);
        }
    std::vector<double> values(rows), p(rows * m.n_classes());
    m.predict(X, rows, values, p, engine);
    // The same rule as the server's 422: a row whose outputs overflow is refused by its line,
    // and nothing is printed, rather than "inf" or "nan" in a CSV column of numbers.
    if (const std::size_t bad = model::first_non_finite_row(values, p, rows); bad != rows) {
        std::fprintf(stderr,
                     "glassbox predict: line %zu: the prediction is not a finite number: the model's "
                     "arithmetic on this row's features overflows a double (beyond 1.8e308).\n",
                     table.lines[bad]);
        return 1;
    }
    std::string out = "prediction";
    for (const auto& label : m.class_labels()) out += "," + csv_field("P(" + label + ")");
    out += '\n';
    for (std::size_t r = 0; r < rows; ++r) {
        out += m.is_classifier() ? csv_field(m.class_labels()[static_cast<std::size_t>(values[r])])
                                 : model::decimal_text(values[r]);
        for (std::size_t k = 0; k < m.n_classes(); ++k) {
            out += ',';
            out += model::decimal_text(p[r * m.n_classes() + k]);
        }
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

} // namespace

int predict(std::span<const std::string_view> all_args) {
    if (!all_args.empty() && (all_args[0] == "--help" || all_args[0] == "-h")) {
        std::fputs(usage.data(), stdout);
        return 0;
    }
    // --engine NAME may stand anywhere; every other argument is the file or a number.
    model::Engine engine = model::Engine::fast;
    std::vector<std::string_view> rest;
    for (std::size_t i = 0; i < all_args.size(); ++i) {
        if (all_args[i] != "--engine") {
            rest.push_back(all_args[i]);
            continue;
        }
        if (i + 1 == all_args.size())
            return usage_error("predict", "'--engine' needs a value: " + std::string(engine_choices) + ".");
        if (!parse_engine(all_args[++i], engine)) {
            return usage_error("predict", "'" + std::string(all_args[i]) +
                                              "' is not a valid value for --engine. Use " +
                                              std::string(engine_choices) + ".");
        }
    }
    const std::span<const std::string_view> args(rest);
    if (args.empty()) {
        std::fputs(
            "glassbox predict: name a model file, e.g. 'glassbox predict model.bin 5.1 3.5 1.4 0.2'.\n",
            stderr);
        return 2;
    }
    model::Diagnostic d;
    const model::Model m = model::load_file(std::string(args[0]), d);
    if (d) {
        std::fprintf(stderr, "glassbox predict: %.*s: %s\n", static_cast<int>(args[0].size()), args[0].data(),
                     d.message.c_str());
        return 1;
    }
    if (args.size() > 1) return predict_one(m, args.subspan(1), engine);
    return predict_stdin(m, engine);
}

} // namespace glassbox::cli
