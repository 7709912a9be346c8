// model/train.hpp: training the three model families from a Dataset.
// Course topic: model.fit(X, y): what training computes, in a few hundred lines.
// Forests: CART trees (Gini for classes, squared error for numbers) on bootstrap samples
// with a random subset of features per split. Linear regression: least squares by QR.
// Logistic regression: L2-regularised (C = 1, as scikit-learn) by Newton's method.
// Read next: train_forest.cpp, train_linear.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "model/dataset.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace glassbox::model {

/// Options of forest training; defaults follow scikit-learn's RandomForest*.
struct ForestOptions {
    std::size_t trees = 100;          ///< number of trees
    std::size_t max_depth = 0;        ///< deepest split level; 0 = grow until leaves are pure
    std::size_t min_samples_leaf = 1; ///< distinct training rows each leaf must hold
    std::size_t max_features = 0;     ///< features tried per split; 0 = sqrt(p) for classes, p for numbers
    std::uint64_t seed = 0;           ///< the whole forest follows from this
    /// Called after each tree with (trees done, trees in all); may be empty.
    std::function<void(std::size_t, std::size_t)> progress;
};

/// Options of logistic regression.
struct LogisticOptions {
    double C = 1.0;                   ///< inverse L2 strength: minimise C * sum(log loss) + |w|^2 / 2
    std::size_t max_iterations = 100; ///< Newton steps before giving up
};

/// Trains a random forest: a classifier if `data` has class labels, else a regressor.
Model train_forest(const Dataset& data, const ForestOptions& options, std::string name,
                   Diagnostic& diagnostic);
/// Trains ordinary least squares with an intercept.
Model train_linear_regression(const Dataset& data, std::string name, Diagnostic& diagnostic);
/// Trains logistic regression: binary (sigmoid) for 2 classes, multinomial (softmax) above.
Model train_logistic_regression(const Dataset& data, const LogisticOptions& options, std::string name,
                                Diagnostic& diagnostic);

} // namespace glassbox::model
