// api/monitoring.hpp: what is watched while a model serves: data drift, and /metrics.
// Course topic: monitoring a deployed model: live inputs measured per feature against the
// training statistics in model.bin (drift), and the numbers Prometheus scrapes (requests by
// route and status class, latency, traffic, predictions, reloads, drift).
// Spec: Prometheus text exposition format 0.0.4. Counters are relaxed atomics.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"
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

/// The media type of the Prometheus text exposition format.
inline constexpr std::string_view metrics_media_type = "text/plain; version=0.0.4; charset=utf-8";

/// What the network layer knows, handed in by whoever wires the server (cli/serve.cpp).
struct TrafficStats {
    std::uint64_t open_connections = 0;     ///< open right now
    std::uint64_t connections_accepted = 0; ///< since start
    std::uint64_t bytes_received = 0;       ///< read from clients since start
    std::uint64_t bytes_sent = 0;           ///< written to clients since start
};

/// A change to the set of served models.
enum class ModelEvent {
    loaded,   ///< a model under a new name (start-up, or PUT of a new name)
    replaced, ///< a new version under an existing name (PUT or SIGHUP)
    deleted,  ///< DELETE
    failed,   ///< a load or upload that was refused; nothing changed
};

/// One served model's figures for /metrics.
struct ModelFigures {
    std::string name;              ///< the name it is served under
    std::uint64_t predictions = 0; ///< rows predicted since start (kept across replacement)
    DriftReport drift;             ///< of the current version
};

/// Request counters and the latency histogram.
class Metrics {
public:
    /// Most routes the counters have room for; the rest count as unmatched.
    static constexpr std::size_t max_routes = 15;
    /// Upper bounds of the latency histogram's buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 14> bucket_bounds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};

    /// Counts requests by the route patterns in `routes` (e.g. "/models/{name}"), slot i being
    /// `routes[i]` (api/service.cpp passes the router's resources, by RouteInfo::number).
    explicit Metrics(std::vector<std::string> routes);

    /// Counts one answered request in slot `route`; a slot past the routes (rest::no_resource
    /// for a request that named none) is "unmatched".
    void observe(std::size_t route, http::Status status, std::chrono::nanoseconds elapsed) noexcept;
    /// Counts one model event.
    void count(ModelEvent event) noexcept;
    /// How many events of this kind so far.
    std::uint64_t events(ModelEvent event) const noexcept;

    /// The whole exposition: requests, latency, traffic (when `traffic` is given), model
    /// events, predictions and drift per model.
    std::string render(const TrafficStats* traffic, std::span<const ModelFigures> models) const;

private:
    static constexpr std::size_t classes = 5;

    std::vector<std::string> routes_; ///< routes_.size() is the unmatched slot
    std::array<std::uint64_t, bucket_bounds.size()> bounds_ns_{};
    /// Answered requests by route slot and status class.
    std::array<std::array<std::atomic<std::uint64_t>, classes>, max_routes + 1> requests_{};
    /// Latency histogram, one count per bucket (not cumulative; render() adds them up).
    std::array<std::atomic<std::uint64_t>, bucket_bounds.size() + 1> buckets_{};
    std::atomic<std::uint64_t> nanoseconds_{0}; ///< the sum of every latency
    std::array<std::atomic<std::uint64_t>, 4> events_{};
};

/// `text` escaped for a Prometheus label value: backslash, double quote and newline.
std::string label_value(std::string_view text);

} // namespace glassbox::api
