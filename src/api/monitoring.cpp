// api/monitoring.cpp: running statistics of the live inputs and the PSI against training;
// then atomic counters in, Prometheus text exposition out.
// Course topic: monitoring a deployed model: drift (Chan et al.'s pairwise update of M2, as if
// one pass had seen every row) and observability ("# HELP", "# TYPE", then samples).
// Try: curl http://127.0.0.1:8000/models/iris/drift ; curl -s http://127.0.0.1:8000/metrics
#include "api/monitoring.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "api/number_text.hpp"

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

namespace {

constexpr std::string_view class_labels[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};

std::size_t class_index(http::Status status) {
    switch (http::status_class(status)) {
    case http::StatusClass::informational: return 0;
    case http::StatusClass::successful: return 1;
    case http::StatusClass::redirection: return 2;
    case http::StatusClass::client_error: return 3;
    case http::StatusClass::server_error: return 4;
    }
    return 4;
}

std::string_view event_label(ModelEvent event) {
    switch (event) {
    case ModelEvent::loaded: return "loaded";
    case ModelEvent::replaced: return "replaced";
    case ModelEvent::deleted: return "deleted";
    case ModelEvent::failed: return "failed";
    }
    return "failed";
}

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

template <class Number>
void sample(std::string& out, std::string_view name, std::string_view labels, Number value) {
    out.append(name);
    if (!labels.empty()) out.append("{").append(labels).append("}");
    out += ' ';
    append_number(out, value);
    out += '\n';
}

std::string label(std::string_view name, std::string_view value) {
    return std::string(name) + "=\"" + label_value(value) + "\"";
}

/// One gauge family over every feature of every model.
template <class Get>
void drift_family(std::string& out, std::span<const ModelFigures> models, std::string_view name,
                  std::string_view help, Get get) {
    family(out, name, "gauge", help);
    for (const auto& m : models)
        for (const auto& f : m.drift.features)
            sample(out, name, label("model", m.name) + "," + label("feature", f.name), get(f));
}

} // namespace

std::string label_value(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

Metrics::Metrics(std::vector<std::string> routes) : routes_(std::move(routes)) {
    if (routes_.size() > max_routes) routes_.resize(max_routes);
    for (std::size_t i = 0; i < bucket_bounds.size(); ++i)
        bounds_ns_[i] = static_cast<std::uint64_t>(bucket_bounds[i] * 1e9);
}

void Metrics::observe(std::size_t route, http::Status status, std::chrono::nanoseconds elapsed) noexcept {
    constexpr auto relaxed = std::memory_order_relaxed;
    requests_[std::min(route, routes_.size())][class_index(status)].fetch_add(1, relaxed);
    const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(elapsed.count(), 0));
    std::size_t bucket = 0;
    while (bucket < bounds_ns_.size() && ns > bounds_ns_[bucket]) ++bucket;
    buckets_[bucket].fetch_add(1, relaxed);
    nanoseconds_.fetch_add(ns, relaxed);
}

void Metrics::count(ModelEvent event) noexcept {
    events_[static_cast<std::size_t>(event)].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t Metrics::events(ModelEvent event) const noexcept {
    return events_[static_cast<std::size_t>(event)].load(std::memory_order_relaxed);
}

std::string Metrics::render(const TrafficStats* traffic, std::span<const ModelFigures> models) const {
    constexpr auto relaxed = std::memory_order_relaxed;
    std::string out;
    out.reserve(4096);

    family(out, "glassbox_http_requests_total", "counter",
           "HTTP requests answered, by route pattern and status class.");
    for (std::size_t r = 0; r <= routes_.size(); ++r) {
        for (std::size_t c = 0; c < classes; ++c) {
            const std::uint64_t n = requests_[r][c].load(relaxed);
            if (n == 0) continue;
            const std::string_view route = r < routes_.size() ? std::string_view(routes_[r]) : "unmatched";
            sample(out, "glassbox_http_requests_total",
                   label("route", route) + "," + label("code", class_labels[c]), n);
        }
    }

    family(out, "glassbox_http_request_duration_seconds", "histogram",
           "Time from a complete request to its response, in seconds.");
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= bucket_bounds.size(); ++b) {
        cumulative += buckets_[b].load(relaxed);
        std::string le = "le=\"";
        if (b < bucket_bounds.size()) {
            char text[32];
            const auto end =
                std::to_chars(text, text + sizeof text, bucket_bounds[b], std::chars_format::fixed);
            le.append(text, end.ptr);
        } else {
            le += "+Inf";
        }
        le += '"';
        sample(out, "glassbox_http_request_duration_seconds_bucket", le, cumulative);
    }
    const std::uint64_t nanoseconds = nanoseconds_.load(relaxed);
    sample(out, "glassbox_http_request_duration_seconds_sum", "", static_cast<double>(nanoseconds) / 1e9);
    sample(out, "glassbox_http_request_duration_seconds_count", "", cumulative);

    if (traffic != nullptr) {
        family(out, "glassbox_http_received_bytes_total", "counter", "Bytes read from clients.");
        sample(out, "glassbox_http_received_bytes_total", "", traffic->bytes_received);
        family(out, "glassbox_http_sent_bytes_total", "counter", "Bytes written to clients.");
        sample(out, "glassbox_http_sent_bytes_total", "", traffic->bytes_sent);
        family(out, "glassbox_http_open_connections", "gauge", "TCP connections open now.");
        sample(out, "glassbox_http_open_connections", "", traffic->open_connections);
        family(out, "glassbox_http_connections_total", "counter", "TCP connections accepted.");
        sample(out, "glassbox_http_connections_total", "", traffic->connections_accepted);
    }

    family(out, "glassbox_model_events_total", "counter",
           "Changes to the served models: loaded, replaced, deleted, and failed loads or uploads.");
    for (const ModelEvent e :
         {ModelEvent::loaded, ModelEvent::replaced, ModelEvent::deleted, ModelEvent::failed})
        sample(out, "glassbox_model_events_total", label("event", event_label(e)), events(e));

    family(out, "glassbox_predictions_total", "counter", "Rows predicted, by model.");
    for (const auto& m : models)
        sample(out, "glassbox_predictions_total", label("model", m.name), m.predictions);

    family(out, "glassbox_drift_rows", "gauge",
           "Rows seen by the current version of each model (drift window).");
    for (const auto& m : models) sample(out, "glassbox_drift_rows", label("model", m.name), m.drift.rows);
    drift_family(out, models, "glassbox_drift_live_mean", "Mean of the live inputs, per feature.",
                 [](const FeatureDrift& f) { return f.live_mean; });
    drift_family(out, models, "glassbox_drift_live_stddev",
                 "Standard deviation of the live inputs, per feature.",
                 [](const FeatureDrift& f) { return f.live_stddev; });
    drift_family(out, models, "glassbox_drift_mean_shift",
                 "(live mean - training mean) / training standard deviation, per feature.",
                 [](const FeatureDrift& f) { return f.mean_shift; });
    drift_family(out, models, "glassbox_drift_psi",
                 "Population stability index of the live inputs against training, per feature.",
                 [](const FeatureDrift& f) { return f.psi; });
    return out;
}

} // namespace glassbox::api
