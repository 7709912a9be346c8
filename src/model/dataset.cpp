// model/dataset.cpp: from CSV cells to a numeric feature matrix, with clear errors.
// Course topic: training data; an error names the line and the column so a person can
// open the file and fix it.
#include "model/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "model/decimal.hpp"
#include "model/utf8.hpp"

namespace glassbox::model {
namespace {

/// True when `text` is well-formed UTF-8; else false, with a sentence naming `where`.
bool utf8_text(const std::string& text, const std::string& where, Diagnostic& diagnostic) {
    const std::size_t bad = utf8_error(text);
    if (bad == std::string::npos) return true;
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    diagnostic.code = DataError::bad_text;
    diagnostic.message = where + ": byte " + std::to_string(bad + 1) + " of the cell (" + byte +
                         ") is not UTF-8; save the file as UTF-8, since names and labels are stored "
                         "in the model file as UTF-8.";
    return false;
}

} // namespace

std::optional<double> parse_number(std::string_view cell) {
    if (!cell.empty() && cell.front() == '+') cell.remove_prefix(1);
    // The HTTP features take the same rule (api/read_json_number.hpp): 1e-400 is 0, 1e400 refused.
    double value = 0.0;
    if (read_decimal(cell, value) != Decimal::ok) return std::nullopt;
    return value;
}

bool column_is_numeric(const Table& table, std::size_t column) {
    return std::all_of(table.rows.begin(), table.rows.end(),
                       [&](const auto& row) { return parse_number(row[column]).has_value(); });
}

Dataset make_dataset(const Table& table, std::string_view target, Target kind, Diagnostic& diagnostic) {
    diagnostic = {};
    const auto found = std::find(table.header.begin(), table.header.end(), target);
    if (found == table.header.end()) {
        std::string columns;
        for (const auto& name : table.header) columns += (columns.empty() ? "" : ", ") + name;
        diagnostic.code = DataError::missing_column;
        diagnostic.message =
            "there is no column '" + std::string(target) + "'; the columns are: " + columns + ".";
        return {};
    }
    const auto target_column = static_cast<std::size_t>(found - table.header.begin());
    // Names and labels are saved in the model file, which holds only UTF-8 (load refuses the
    // rest): say so here, with the line, rather than write a file that cannot be served.
    for (std::size_t c = 0; c < table.header.size(); ++c)
        if (!utf8_text(table.header[c], "the header row, column " + std::to_string(c + 1), diagnostic))
            return {};
    if (kind == Target::classes)
        for (std::size_t r = 0; r < table.rows.size(); ++r)
            if (!utf8_text(table.rows[r][target_column],
                           "line " + std::to_string(table.lines[r]) + ", target column '" +
                               std::string(target) + "'",
                           diagnostic))
                return {};
    Dataset data;
    for (std::size_t c = 0; c < table.header.size(); ++c)
        if (c != target_column) data.feature_names.push_back(table.header[c]);
    if (data.feature_names.empty()) {
        diagnostic.code = DataError::bad_option;
        diagnostic.message =
            "the data has no feature columns besides the target '" + std::string(target) + "'.";
        return {};
    }
    data.rows = table.rows.size();
    data.X.reserve(data.rows * data.n_features());
    for (std::size_t r = 0; r < data.rows; ++r) {
        for (std::size_t c = 0; c < table.header.size(); ++c) {
            if (c == target_column) continue;
            const auto value = parse_number(table.rows[r][c]);
            if (!value) {
                diagnostic.code = DataError::non_numeric;
                diagnostic.message = "line " + std::to_string(table.lines[r]) + ", column '" +
                                     table.header[c] + "': '" + table.rows[r][c] +
                                     "' is not a number; every feature must be numeric.";
                return {};
            }
            data.X.push_back(*value);
        }
    }
    if (kind == Target::numbers) {
        for (std::size_t r = 0; r < data.rows; ++r) {
            const auto value = parse_number(table.rows[r][target_column]);
            if (!value) {
                diagnostic.code = DataError::non_numeric;
                diagnostic.message = "line " + std::to_string(table.lines[r]) + ", target column '" +
                                     std::string(target) + "': '" + table.rows[r][target_column] +
                                     "' is not a number, and this model predicts numbers.";
                return {};
            }
            data.y.push_back(*value);
        }
        return data;
    }
    for (const auto& row : table.rows) data.class_labels.push_back(row[target_column]);
    const bool numeric = column_is_numeric(table, target_column);
    std::sort(data.class_labels.begin(), data.class_labels.end(),
              [&](const std::string& a, const std::string& b) {
                  return numeric ? *parse_number(a) < *parse_number(b) : a < b;
              });
    data.class_labels.erase(std::unique(data.class_labels.begin(), data.class_labels.end()),
                            data.class_labels.end());
    if (data.class_labels.size() < 2) {
        diagnostic.code = DataError::too_few_classes;
        diagnostic.message = "the target column '" + std::string(target) +
                             "' holds only one class; a classifier needs two or more.";
        return {};
    }
    for (const auto& row : table.rows) {
        const auto at = std::find(data.class_labels.begin(), data.class_labels.end(), row[target_column]);
        data.y.push_back(static_cast<double>(at - data.class_labels.begin()));
    }
    return data;
}

std::vector<FeatureStats> feature_stats(const Dataset& data, std::size_t bins) {
    const std::size_t p = data.n_features();
    std::vector<FeatureStats> stats(p);
    if (bins == 0 || data.rows == 0) return stats;
    for (std::size_t j = 0; j < p; ++j) {
        FeatureStats& s = stats[j];
        s.count = data.rows;
        s.min = s.max = data.X[j];
        double sum = 0.0;
        for (std::size_t r = 0; r < data.rows; ++r) {
            const double x = data.X[r * p + j];
            sum += x;
            s.min = std::min(s.min, x);
            s.max = std::max(s.max, x);
        }
        const auto n = static_cast<double>(data.rows);
        s.mean = sum / n;
        double squares = 0.0;
        for (std::size_t r = 0; r < data.rows; ++r)
            squares += (data.X[r * p + j] - s.mean) * (data.X[r * p + j] - s.mean);
        s.stddev = std::sqrt(squares / n);
        // Values near DBL_MAX overflow the sum or the squares, though the mean and the deviation
        // themselves fit (mean in [min, max], deviation at most (max - min) / 2). Then compute
        // again on values scaled into [-1, 1]; the plain sums above stay as they are for every
        // other data set, so files trained before keep their bytes.
        const double scale = std::max(std::abs(s.min), std::abs(s.max));
        if (!std::isfinite(s.mean)) {
            double scaled = 0.0;
            for (std::size_t r = 0; r < data.rows; ++r) scaled += data.X[r * p + j] / scale;
            s.mean = std::clamp(scaled / n * scale, s.min, s.max);
        }
        if (!std::isfinite(s.stddev)) {
            double scaled = 0.0;
            for (std::size_t r = 0; r < data.rows; ++r) {
                const double d = data.X[r * p + j] / scale - s.mean / scale;
                scaled += d * d;
            }
            s.stddev = std::min(std::sqrt(scaled / n) * scale, std::numeric_limits<double>::max());
        }
        s.histogram.assign(bins, 0);
        // Half the range fits in a double even when the range does not (max - min past DBL_MAX).
        const double half_width = (s.max / 2 - s.min / 2) / static_cast<double>(bins);
        const double width = (s.max - s.min) / static_cast<double>(bins);
        for (std::size_t r = 0; r < data.rows; ++r) {
            const double x = data.X[r * p + j];
            // Casting is safe only for a finite position below `bins`; the rest is the last bin.
            const double position = !(width > 0.0)         ? 0.0
                                    : std::isfinite(width) ? (x - s.min) / width
                                                           : (x / 2 - s.min / 2) / half_width;
            const bool inside = position >= 0.0 && position < static_cast<double>(bins);
            s.histogram[inside ? static_cast<std::size_t>(position) : bins - 1] += 1;
        }
    }
    return stats;
}

} // namespace glassbox::model
