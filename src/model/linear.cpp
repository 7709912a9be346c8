// model/linear.cpp: scores and link functions of linear models.
// Course topic: predict() of linear and logistic regression.
// The arithmetic follows scikit-learn's order (dot product, then the link) so that a
// model imported by tools/sklearn_to_glassbox.py gives the same numbers to ~1e-15.
#include "model/linear.hpp"

#include <cmath>

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

std::size_t apply_link(Link link, std::span<const double> scores, std::span<double> p) noexcept {
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
            for (std::size_t k = 0; k < scores.size(); ++k) p[k] /= sum;
        }
        return best;
    }
    }
    return best;
}

} // namespace glassbox::model
