// api/metrics.hpp: what the server counts, and /metrics in Prometheus text format.
// Course topic: observability: a deployed model is watched through numbers a monitoring
// system scrapes: requests by route and status class, latency histogram, traffic, predictions,
// model reloads, data drift. Spec: Prometheus text exposition format 0.0.4.
// Counters are relaxed atomics: counting never makes two requests wait.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "api/drift.hpp"
#include "http/status.hpp"

namespace glassbox::api {

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
