// model/linear.hpp: linear and logistic regression as plain arrays of weights.
// Course topic: what a trained linear model *is*: one weight per feature plus an
// intercept, and a link function that turns the score into a prediction.
// score_k = intercept[k] + sum_j coef[k * n_features + j] * x[j]   (row-major coef)
// Read next: forest.hpp, the other model family; model.hpp, which wraps both.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace glassbox::model {

/// How scores become a prediction; the value is the code stored in the file.
enum class Link : std::uint32_t {
    identity = 0,    ///< linear regression: the score is the prediction (1 output)
    sigmoid = 1,     ///< binary logistic: P(class 1) = 1 / (1 + e^-score) (1 output)
    softmax = 2,     ///< multinomial logistic: P(k) = e^score_k / sum e^score (one output per class)
    one_vs_rest = 3, ///< one-vs-rest logistic: sigmoid per class, then normalised to sum 1
};

/// "identity", "sigmoid", "softmax" or "one-vs-rest".
std::string_view link_name(Link link) noexcept;

/// The weights of a linear model.
struct Linear {
    std::size_t n_outputs = 0;     ///< rows of coef: 1, or the class count for softmax/one_vs_rest
    Link link = Link::identity;    ///< how scores become predictions
    std::vector<double> coef;      ///< n_outputs x n_features, row-major
    std::vector<double> intercept; ///< n_outputs

    /// The n_outputs scores of one row `x` (n_features values) into `scores`.
    void scores(std::span<const double> x, std::span<double> scores) const noexcept;
};

/// Turns the scores of one row into class probabilities (in place into `probabilities`,
/// n_classes values) and returns the index of the predicted class, as scikit-learn does.
/// Finite scores, however large, give finite probabilities (softmax and one-vs-rest are
/// normalised in their stable forms); a score that is not finite makes them all NaN (class 0).
std::size_t apply_link(Link link, std::span<const double> scores, std::span<double> probabilities) noexcept;

} // namespace glassbox::model
