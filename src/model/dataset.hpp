// model/dataset.hpp: training data as numbers: a feature matrix X and a target y.
// Course topic: the data a model is trained on. Every column but the target is a feature
// and must be numeric; the target holds class names (classification) or numbers
// (regression). Also the per-feature statistics saved in the model for drift checks.
// Read next: train.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/csv.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace glassbox::model {

/// What the target column holds.
enum class Target { classes, numbers };

/// A numeric training set.
struct Dataset {
    std::vector<std::string> feature_names; ///< every column but the target, in file order
    std::size_t rows = 0;                   ///< number of examples
    std::vector<double> X;                  ///< rows x feature_names.size(), row-major
    std::vector<double> y;                  ///< class index (classes) or the value (numbers)
    std::vector<std::string> class_labels;  ///< sorted as scikit-learn sorts them; empty for numbers

    /// Number of features.
    std::size_t n_features() const noexcept { return feature_names.size(); }
};

/// The number in `cell` if all of it is a decimal number (a leading '+' allowed) that a double
/// holds: read_decimal's rule (decimal.hpp), so 1e-400 is 0 and 1e400 is no number.
std::optional<double> parse_number(std::string_view cell);

/// True when every cell of column `column` is a number.
bool column_is_numeric(const Table& table, std::size_t column);

/**
 * Builds a Dataset from `table` with `target` as the target column. Class labels are sorted
 * numerically when all are numbers, else byte-wise (scikit-learn's np.unique order).
 * Errors: missing_column, non_numeric (naming the line and the column), too_few_classes.
 */
Dataset make_dataset(const Table& table, std::string_view target, Target kind, Diagnostic& diagnostic);

/// Count, mean, population standard deviation, min, max and a `bins`-bin histogram of
/// each feature of `data`.
std::vector<FeatureStats> feature_stats(const Dataset& data, std::size_t bins);

} // namespace glassbox::model
