// model/train_linear.cpp: fitting linear and logistic regression.
// Course topic: model.fit for linear models. Least squares is solved by a Householder QR
// factorisation of the centred data (stable where the normal equations lose digits).
// Logistic regression minimises C * sum(log loss) + |w|^2 / 2 (intercepts not penalised,
// as scikit-learn's default lbfgs solver) by Newton's method with a backtracking line search.
#include <algorithm>
#include <cmath>
#include <vector>

#include "model/format.hpp"
#include "model/train.hpp"

namespace glassbox::model {
namespace {

/// Largest number of unknowns (classes x (features + 1)) Newton's method is used for: its
/// Hessian has that many squared entries.
constexpr std::size_t max_newton_unknowns = 1500;

Metadata metadata_for(const Dataset& data, std::string name) {
    return {std::move(name), data.feature_names, data.class_labels,
            feature_stats(data, format::default_histogram_bins)};
}

/// Solves A x = b for a symmetric positive definite A (n x n, row-major) by Cholesky.
/// Returns false when A is not positive definite.
bool cholesky_solve(std::vector<double>& a, std::vector<double>& b, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0.0)) return false;
        a[j * n + j] = std::sqrt(d);
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / a[j * n + j];
        }
    }
    for (std::size_t i = 0; i < n; ++i) { // L y = b
        for (std::size_t k = 0; k < i; ++k) b[i] -= a[i * n + k] * b[k];
        b[i] /= a[i * n + i];
    }
    for (std::size_t i = n; i-- > 0;) { // L^T x = y
        for (std::size_t k = i + 1; k < n; ++k) b[i] -= a[k * n + i] * b[k];
        b[i] /= a[i * n + i];
    }
    return true;
}

/// The logistic objective and, if `gradient` is not null, its gradient and Hessian, at
/// `theta` (rows x (p + 1): weights then intercept per row). rows = 1 is the binary model.
double objective(const Dataset& data, double C, std::size_t rows, const std::vector<double>& theta,
                 std::vector<double>* gradient, std::vector<double>* hessian) {
    const std::size_t p = data.n_features();
    const std::size_t stride = p + 1;
    const std::size_t n_unknowns = rows * stride;
    double loss = 0.0;
    std::vector<double> score(rows), prob(rows), xi(stride, 1.0);
    if (gradient) {
        gradient->assign(n_unknowns, 0.0);
        hessian->assign(n_unknowns * n_unknowns, 0.0);
    }
    for (std::size_t i = 0; i < data.rows; ++i) {
        std::copy_n(data.X.begin() + static_cast<std::ptrdiff_t>(i * p), p, xi.begin());
        const auto label = static_cast<std::size_t>(data.y[i]);
        for (std::size_t k = 0; k < rows; ++k) {
            double s = theta[k * stride + p];
            for (std::size_t j = 0; j < p; ++j) s += theta[k * stride + j] * xi[j];
            score[k] = s;
        }
        if (rows == 1) { // log(1 + e^s) - y s, written to avoid overflow
            const double s = score[0];
            loss += std::max(s, 0.0) + std::log1p(std::exp(-std::abs(s))) - (label == 1 ? s : 0.0);
            prob[0] = 1.0 / (1.0 + std::exp(-s));
        } else { // log-sum-exp(s) - s_label
            const double top = *std::max_element(score.begin(), score.end());
            double sum = 0.0;
            for (std::size_t k = 0; k < rows; ++k) sum += prob[k] = std::exp(score[k] - top);
            for (std::size_t k = 0; k < rows; ++k) prob[k] /= sum;
            loss += top + std::log(sum) - score[label];
        }
        if (!gradient) continue;
        for (std::size_t k = 0; k < rows; ++k) {
            const double residual = prob[k] - ((rows == 1 ? label == 1 : label == k) ? 1.0 : 0.0);
            for (std::size_t a = 0; a < stride; ++a) (*gradient)[k * stride + a] += C * residual * xi[a];
            for (std::size_t l = 0; l < rows; ++l) {
                const double w =
                    rows == 1 ? prob[0] * (1.0 - prob[0]) : prob[k] * ((k == l ? 1.0 : 0.0) - prob[l]);
                for (std::size_t a = 0; a < stride; ++a)
                    for (std::size_t b = 0; b < stride; ++b)
                        (*hessian)[(k * stride + a) * n_unknowns + l * stride + b] += C * w * xi[a] * xi[b];
            }
        }
    }
    double penalty = 0.0;
    for (std::size_t k = 0; k < rows; ++k)
        for (std::size_t j = 0; j < p; ++j) {
            const double w = theta[k * stride + j];
            penalty += 0.5 * w * w;
            if (gradient) {
                (*gradient)[k * stride + j] += w;
                (*hessian)[(k * stride + j) * n_unknowns + k * stride + j] += 1.0;
            }
        }
    return C * loss + penalty;
}

} // namespace

Model train_linear_regression(const Dataset& data, std::string name, Diagnostic& diagnostic) {
    diagnostic = {};
    const std::size_t n = data.rows;
    const std::size_t p = data.n_features();
    if (n <= p) {
        diagnostic.code = DataError::singular;
        diagnostic.message = "linear regression with " + std::to_string(p) + " features needs more than " +
                             std::to_string(p) + " rows.";
        return {};
    }
    // Centre X and y: the intercept then separates out as mean(y) - mean(x) . w.
    std::vector<double> mean(p, 0.0);
    double y_mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < p; ++j) mean[j] += data.X[i * p + j] / static_cast<double>(n);
        y_mean += data.y[i] / static_cast<double>(n);
    }
    std::vector<double> a(n * p), b(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < p; ++j) a[i * p + j] = data.X[i * p + j] - mean[j];
        b[i] = data.y[i] - y_mean;
    }
    // Householder QR, applied to b as we go: afterwards a's upper triangle is R, b is Q^T b.
    double largest = 0.0;
    for (std::size_t j = 0; j < p; ++j) {
        double norm = 0.0;
        for (std::size_t i = j; i < n; ++i) norm += a[i * p + j] * a[i * p + j];
        norm = std::sqrt(norm);
        const double alpha = a[j * p + j] > 0 ? -norm : norm;
        largest = std::max(largest, norm);
        if (norm <= 1e-12 * std::max(largest, 1.0)) {
            diagnostic.code = DataError::singular;
            diagnostic.message =
                "feature '" + data.feature_names[j] +
                "' is constant or a combination of the features before it; remove it and retry.";
            return {};
        }
        std::vector<double> v(n - j);
        for (std::size_t i = j; i < n; ++i) v[i - j] = a[i * p + j];
        v[0] -= alpha;
        double vv = 0.0;
        for (const double x : v) vv += x * x;
        for (std::size_t c = j; c < p; ++c) {
            double dot = 0.0;
            for (std::size_t i = j; i < n; ++i) dot += v[i - j] * a[i * p + c];
            for (std::size_t i = j; i < n; ++i) a[i * p + c] -= 2.0 * dot / vv * v[i - j];
        }
        double dot = 0.0;
        for (std::size_t i = j; i < n; ++i) dot += v[i - j] * b[i];
        for (std::size_t i = j; i < n; ++i) b[i] -= 2.0 * dot / vv * v[i - j];
    }
    Linear linear{1, Link::identity, std::vector<double>(p), {0.0}};
    for (std::size_t j = p; j-- > 0;) { // back substitution R w = Q^T b
        double s = b[j];
        for (std::size_t c = j + 1; c < p; ++c) s -= a[j * p + c] * linear.coef[c];
        linear.coef[j] = s / a[j * p + j];
    }
    linear.intercept[0] = y_mean;
    for (std::size_t j = 0; j < p; ++j) linear.intercept[0] -= mean[j] * linear.coef[j];
    return Model(Kind::linear_regression, metadata_for(data, std::move(name)), std::move(linear));
}

Model train_logistic_regression(const Dataset& data, const LogisticOptions& options, std::string name,
                                Diagnostic& diagnostic) {
    diagnostic = {};
    const std::size_t p = data.n_features();
    const std::size_t k = data.class_labels.size();
    const std::size_t rows = k == 2 ? 1 : k;
    const std::size_t n_unknowns = rows * (p + 1);
    if (k < 2 || n_unknowns > max_newton_unknowns || !(options.C > 0.0)) {
        diagnostic.code = k < 2 ? DataError::too_few_classes : DataError::bad_option;
        diagnostic.message = k < 2 ? "logistic regression needs two or more classes."
                                   : "logistic regression here takes C > 0 and at most " +
                                         std::to_string(max_newton_unknowns) +
                                         " weights (classes x (features + 1)).";
        return {};
    }
    std::vector<double> theta(n_unknowns, 0.0), gradient, hessian, step;
    double f = objective(data, options.C, rows, theta, &gradient, &hessian);
    const double scale = options.C * static_cast<double>(data.rows);
    const auto largest = [](const std::vector<double>& v) {
        double m = 0.0;
        for (const double x : v) m = std::max(m, std::abs(x));
        return m;
    };
    bool tiny_step = false;
    for (std::size_t iteration = 0; iteration <= options.max_iterations; ++iteration) {
        // Converged when the gradient vanishes (to rounding) or Newton no longer moves.
        if (largest(gradient) <= 1e-10 * std::max(1.0, scale) || tiny_step) {
            Linear linear{rows, rows == 1 ? Link::sigmoid : Link::softmax, {}, {}};
            for (std::size_t r = 0; r < rows; ++r) {
                linear.coef.insert(linear.coef.end(),
                                   theta.begin() + static_cast<std::ptrdiff_t>(r * (p + 1)),
                                   theta.begin() + static_cast<std::ptrdiff_t>(r * (p + 1) + p));
                linear.intercept.push_back(theta[r * (p + 1) + p]);
            }
            return Model(Kind::logistic_regression, metadata_for(data, std::move(name)), std::move(linear));
        }
        // NOTE: softmax scores are unchanged by adding one constant to every intercept, so
        // the Hessian is singular along that direction; a tiny ridge keeps Cholesky going.
        for (std::size_t i = 0; i < n_unknowns; ++i)
            hessian[i * n_unknowns + i] += 1e-10 * std::max(1.0, scale);
        step = gradient;
        if (!cholesky_solve(hessian, step, n_unknowns)) break;
        double slope = 0.0;
        for (std::size_t i = 0; i < n_unknowns; ++i) slope -= gradient[i] * step[i];
        double t = 1.0;
        std::vector<double> trial(n_unknowns);
        for (int halving = 0; halving < 60; ++halving, t /= 2.0) {
            for (std::size_t i = 0; i < n_unknowns; ++i) trial[i] = theta[i] - t * step[i];
            if (objective(data, options.C, rows, trial, nullptr, nullptr) <= f + 1e-4 * t * slope) break;
        }
        tiny_step = t * largest(step) <= 1e-13 * (1.0 + largest(theta));
        theta = trial;
        f = objective(data, options.C, rows, theta, &gradient, &hessian);
    }
    diagnostic.code = DataError::not_converged;
    diagnostic.message = "logistic regression did not converge in " + std::to_string(options.max_iterations) +
                         " Newton steps; try scaling the features.";
    return {};
}

} // namespace glassbox::model
