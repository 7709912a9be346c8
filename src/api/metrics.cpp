// api/metrics.cpp: atomic counters in, Prometheus text exposition out.
// Course topic: observability. Each family is "# HELP name text", "# TYPE name kind", then
// lines "name{label="value",...} number" (Prometheus text format 0.0.4).
// Try: curl -s http://127.0.0.1:8000/metrics | grep glassbox_http_requests_total
#include "api/metrics.hpp"

#include <charconv>

#include "api/number_text.hpp"

namespace glassbox::api {
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
