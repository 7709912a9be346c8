// api/drift.hpp: data drift: are the inputs a model sees now like the data it was trained on?
// Course topic: monitoring a deployed model. Models degrade when the input distribution
// shifts; the training statistics stored in model.bin are the yardstick, live inputs are
// measured against them per feature: mean, standard deviation and a histogram.
// Read next: metrics.hpp (the same figures, for Prometheus).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace glassbox::api {

/// Proportions below this count as this in PSI, so an empty bin gives a large but finite term.
inline constexpr double psi_epsilon = 1e-4;

/**
 * The population stability index of `actual` against `expected`, two histograms over the
 * same bins: sum over bins of (a - e) * ln(a / e), where a and e are each bin's share of its
 * histogram's total, each raised to at least psi_epsilon. 0 means the same distribution;
 * a common reading is < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 large shift.
 * NaN when either histogram is empty or the sizes differ.
 */
double population_stability_index(std::span<const std::uint64_t> expected,
                                  std::span<const std::uint64_t> actual);

/// The bin of `x` in the training histogram of `stats`, with an underflow bin in front and an
/// overflow bin behind: 0 for x < min, 1..k for the k bins over [min, max] (max falls in bin
/// k), k + 1 for x > max.
std::size_t drift_bin(const model::FeatureStats& stats, double x) noexcept;

/// One feature's figures: training next to live.
struct FeatureDrift {
    std::string name;             ///< the feature's name
    double training_mean = 0.0;   ///< from the model file
    double training_stddev = 0.0; ///< from the model file (population)
    double live_mean = 0.0;       ///< of the rows seen since the model was loaded (NaN: none yet)
    double live_stddev = 0.0;     ///< population standard deviation of the live rows (NaN: none yet)
    double mean_shift = 0.0;      ///< (live mean - training mean) / training stddev (NaN: undefined)
    double psi = 0.0;             ///< population_stability_index over the training bins (NaN: undefined)
    std::vector<std::uint64_t> live_histogram; ///< underflow, the training bins, overflow
};

/// Every feature's figures for one model.
struct DriftReport {
    std::uint64_t rows = 0;             ///< live rows seen since the model was loaded
    std::vector<FeatureDrift> features; ///< one per feature, in input order
};

/// Running statistics of the rows one model version has been asked to predict.
/// record() may be called from every thread at once: one mutex guards the figures, held
/// for one request's rows (about a microsecond for 100 iris rows; bench/README.md, "Plain
/// versions measured": per-thread copies were no faster).
class DriftMonitor {
public:
    /// Measures against `model`'s training statistics (copied).
    explicit DriftMonitor(const model::Model& model);
    ~DriftMonitor();
    DriftMonitor(const DriftMonitor&) = delete;
    DriftMonitor& operator=(const DriftMonitor&) = delete;

    /// Adds `rows` rows of `X` (row-major, n_features wide) to the running figures.
    void record(std::span<const double> X, std::size_t rows);
    /// Compares the running figures with training.
    DriftReport report() const;

private:
    /// A running count, sum and sum of squared deviations (M2), plus the histogram.
    struct Running {
        std::uint64_t count = 0;
        double sum = 0.0;
        double m2 = 0.0;
        std::vector<std::uint64_t> bins;
    };
    /// Adds to `a` a group of `count` values with this sum and sum of squared deviations.
    static void merge(Running& a, std::uint64_t count, double sum, double m2) noexcept;

    std::vector<std::string> names_;
    std::vector<model::FeatureStats> training_;
    mutable std::mutex mutex_;  ///< guards rows_ and live_
    std::uint64_t rows_ = 0;    ///< live rows recorded
    std::vector<Running> live_; ///< one per feature
};

} // namespace glassbox::api
