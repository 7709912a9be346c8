// api/drift.cpp: running statistics of the live inputs, and the PSI against training.
// Course topic: monitoring a deployed model (data drift).
// Each request's rows are merged into the running figures with Chan et al.'s pairwise update
// of M2 (the sum of squared deviations), so the result is as if one pass had seen every row.
// Try: curl http://127.0.0.1:8000/models/iris/drift
#include "api/drift.hpp"

#include <cmath>
#include <limits>

namespace glassbox::api {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

} // namespace

double population_stability_index(std::span<const std::uint64_t> expected,
                                  std::span<const std::uint64_t> actual) {
    if (expected.size() != actual.size() || expected.empty()) return nan;
    double expected_total = 0.0;
    double actual_total = 0.0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        expected_total += static_cast<double>(expected[i]);
        actual_total += static_cast<double>(actual[i]);
    }
    if (expected_total == 0.0 || actual_total == 0.0) return nan;
    double psi = 0.0;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        // NOTE: an empty bin would make ln(a/e) infinite; the epsilon floor is the usual fix.
        const double e = std::max(static_cast<double>(expected[i]) / expected_total, psi_epsilon);
        const double a = std::max(static_cast<double>(actual[i]) / actual_total, psi_epsilon);
        psi += (a - e) * std::log(a / e);
    }
    return psi;
}

namespace {

/// The bin of a value in one feature's training histogram (see drift_bin), with the bin
/// width worked out once for a whole batch of values rather than once per value.
class BinOf {
public:
    explicit BinOf(const model::FeatureStats& stats)
        : min_(stats.min), max_(stats.max), k_(stats.histogram.size()),
          width_(k_ == 0 || max_ <= min_ ? 0.0 : (max_ - min_) / static_cast<double>(k_)) {}

    std::size_t operator()(double x) const noexcept {
        if (x < min_) return 0;
        if (x > max_) return k_ + 1;
        // No bins, a single training value, or a range too narrow to divide: the one bin.
        if (width_ == 0.0) return 1;
        const auto bin = static_cast<std::size_t>((x - min_) / width_);
        return 1 + std::min(bin, k_ - 1); // x == max lands in the last bin
    }

private:
    double min_;
    double max_;
    std::size_t k_;
    double width_; ///< (max - min) / k; 0 when there is nothing to divide by
};

} // namespace

std::size_t drift_bin(const model::FeatureStats& stats, double x) noexcept { return BinOf(stats)(x); }

void DriftMonitor::merge(Running& a, std::uint64_t count, double sum, double m2) noexcept {
    // Two groups' sums of squared deviations combine exactly (Chan, Golub and LeVeque): add
    // both, plus what the gap between their means adds.
    if (count == 0) return;
    if (a.count > 0) {
        const double na = static_cast<double>(a.count);
        const double nb = static_cast<double>(count);
        const double delta = sum / nb - a.sum / na;
        a.m2 += delta * delta * na * nb / (na + nb);
    }
    a.count += count;
    a.sum += sum;
    a.m2 += m2;
}

DriftMonitor::DriftMonitor(const model::Model& model)
    : names_(model.feature_names()), training_(model.feature_stats()), live_(training_.size()) {
    for (std::size_t j = 0; j < training_.size(); ++j)
        live_[j].bins.assign(training_[j].histogram.size() + 2, 0);
}

DriftMonitor::~DriftMonitor() = default;

void DriftMonitor::record(std::span<const double> X, std::size_t rows) {
    const std::size_t n = training_.size();
    if (n == 0 || rows == 0 || X.size() != rows * n) return;
    // NOTE: one mutex for every thread. Per-thread copies, merged in report(), measured no
    // faster with the server's threads (bench/README.md, "Plain versions measured").
    const std::lock_guard lock(mutex_);
    rows_ += rows;
    for (std::size_t j = 0; j < n; ++j) {
        // The batch's own mean and squared deviations first, then one merge into the running
        // figures (Chan et al., as in report()). Updating the running mean value by value
        // (Welford) would chain a division through every value of the batch.
        double sum = 0.0;
        for (std::size_t r = 0; r < rows; ++r) sum += X[r * n + j];
        const double batch_mean = sum / static_cast<double>(rows);
        double batch_m2 = 0.0;
        Running& f = live_[j];
        const BinOf bin_of(training_[j]);
        for (std::size_t r = 0; r < rows; ++r) {
            const double x = X[r * n + j];
            batch_m2 += (x - batch_mean) * (x - batch_mean);
            ++f.bins[bin_of(x)];
        }
        merge(f, rows, sum, batch_m2);
    }
}

DriftReport DriftMonitor::report() const {
    const std::size_t n = training_.size();
    DriftReport report;
    std::vector<Running> snapshot;
    {
        // A copy under the lock, the arithmetic after it: record() waits only for the copy.
        const std::lock_guard lock(mutex_);
        report.rows = rows_;
        snapshot = live_;
    }
    for (std::size_t j = 0; j < n; ++j) {
        const model::FeatureStats& t = training_[j];
        const Running& live = snapshot[j];
        FeatureDrift f;
        f.name = names_[j];
        f.training_mean = t.mean;
        f.training_stddev = t.stddev;
        const double live_mean = live.count ? live.sum / static_cast<double>(live.count) : nan;
        f.live_mean = live_mean;
        f.live_stddev = live.count ? std::sqrt(live.m2 / static_cast<double>(live.count)) : nan;
        f.mean_shift = live.count && t.stddev > 0.0 ? (live_mean - t.mean) / t.stddev : nan;
        if (t.count > 0 && !t.histogram.empty()) {
            // Training has no under/overflow rows by construction: its bins span [min, max].
            std::vector<std::uint64_t> expected(t.histogram.size() + 2, 0);
            std::copy(t.histogram.begin(), t.histogram.end(), expected.begin() + 1);
            f.psi = population_stability_index(expected, live.bins);
        } else {
            f.psi = nan;
        }
        f.live_histogram = live.bins;
        report.features.push_back(std::move(f));
    }
    return report;
}

} // namespace glassbox::api
