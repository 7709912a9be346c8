// model/linear.cpp: scores and link functions of linear models.
// Course topic: predict() of linear and logistic regression.
// The arithmetic follows scikit-learn's order (dot product, then the link) so that a
// model imported by tools/sklearn_to_glassbox.py gives the same numbers to ~1e-15.
#include "model/linear.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace glassbox::model {

std::string_view link_name(Link link) noexcept {
    switch (link) {
    case Link::identity: return "identity";
    case Link::sigmoid: return "sigmoid";
    case Link::softmax: return "softmax";
    case Link::one_vs_rest: return "one-vs-rest";
    }
    return "unknown";
}

void Linear::scores(std::span<const double> x, std::span<double> out) const noexcept {
    const std::size_t n_features = x.size();
    for (std::size_t k = 0; k < n_outputs; ++k) {
        double sum = 0.0;
        const double* w = coef.data() + k * n_features;
        for (std::size_t j = 0; j < n_features; ++j) sum += w[j] * x[j];
        out[k] = sum + intercept[k];
    }
}

namespace {

/// log(1 / (1 + e^-s)), the log of the sigmoid, without overflow or underflow for any finite s.
double log_sigmoid(double s) noexcept {
    return s >= 0.0 ? -std::log1p(std::exp(-s)) : s - std::log1p(std::exp(s));
}

} // namespace

std::size_t apply_link(Link link, std::span<const double> scores, std::span<double> p) noexcept {
    // A score that is not finite overflowed (or is inf - inf): the row has no probabilities,
    // and saying NaN lets the caller refuse it by row (first_non_finite_row) instead of
    // answering with the limit of an overflow as if it were a measurement.
    for (const double s : scores)
        if (!std::isfinite(s)) {
            for (double& q : p) q = std::numeric_limits<double>::quiet_NaN();
            return 0;
        }
    std::size_t best = 0;
    for (std::size_t k = 1; k < scores.size(); ++k)
        if (scores[k] > scores[best]) best = k;
    switch (link) {
    case Link::identity: return 0;
    case Link::sigmoid: {
        // NOTE: scikit-learn predicts class 1 only when the score is strictly positive.
        const double p1 = 1.0 / (1.0 + std::exp(-scores[0]));
        if (p.size() == 2) {
            p[0] = 1.0 - p1;
            p[1] = p1;
        }
        return scores[0] > 0.0 ? 1 : 0;
    }
    case Link::softmax: {
        // Subtract the largest score before exp(): the same probabilities, no overflow.
        if (!p.empty()) {
            double sum = 0.0;
            for (std::size_t k = 0; k < scores.size(); ++k) sum += p[k] = std::exp(scores[k] - scores[best]);
            for (std::size_t k = 0; k < scores.size(); ++k) p[k] /= sum;
        }
        return best;
    }
    case Link::one_vs_rest: {
        if (!p.empty()) {
            double sum = 0.0;
            for (std::size_t k = 0; k < scores.size(); ++k) sum += p[k] = 1.0 / (1.0 + std::exp(-scores[k]));
            // Below about -709 every sigmoid underflows and the sum is 0 (0 / 0 is NaN): then
            // normalise in the log domain, as softmax does, which is defined for every finite score.
            if (!(sum >= std::numeric_limits<double>::min())) {
                double top = log_sigmoid(scores[0]);
                for (std::size_t k = 1; k < scores.size(); ++k) top = std::max(top, log_sigmoid(scores[k]));
                sum = 0.0;
                for (std::size_t k = 0; k < scores.size(); ++k)
                    sum += p[k] = std::exp(log_sigmoid(scores[k]) - top);
            }
            for (std::size_t k = 0; k < scores.size(); ++k) p[k] /= sum;
        }
        return best;
    }
    }
    return best;
}

} // namespace glassbox::model
