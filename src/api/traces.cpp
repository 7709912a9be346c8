// api/traces.cpp: GET /traces: the server's latest trace blocks, as JSON, for the browser page.
// Course topic: reading protocol traces; who may read them. The trace holds every client's
// requests (addresses, targets, bodies; credentials masked), so it is served only on a
// loopback listener, and only to a request whose Host names this machine (DNS rebinding).
// Try: glassbox serve --trace=wire, then: curl -s 'http://127.0.0.1:8000/traces?connection=1'
#include <charconv>

#include <nlohmann/json.hpp>

#include "api/access.hpp"
#include "api/service.hpp"

namespace glassbox::api {
namespace {

/// The newest blocks GET /traces answers with when the query names neither a connection nor
/// a request id.
constexpr std::size_t latest_blocks = 20;

nlohmann::ordered_json block_json(const trace::KeptBlock& block) {
    nlohmann::ordered_json lines = nlohmann::ordered_json::array();
    std::size_t start = 0;
    while (start < block.text.size()) {
        const std::size_t end = block.text.find('\n', start);
        lines.push_back(block.text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {{"id", block.id},
            {"connection", block.connection},
            {"request_ids", block.request_ids},
            {"lines", std::move(lines)}};
}

http::Response bad_query(std::string detail) {
    return api_problem(http::Status::bad_request, "bad-trace-query", std::move(detail));
}

} // namespace

http::Response Service::traces(const http::Request& request, const rest::RouteMatch& match) const {
    if (!options_.traces_readable) {
        return api_problem(http::Status::forbidden, "traces-not-served",
                           "GET /traces is served only when glassbox listens on a loopback address: the "
                           "trace holds every client's requests, and this server is reachable from a "
                           "network.");
    }
    if (local_access(request) != LocalAccess::allowed) {
        return api_problem(http::Status::forbidden, "traces-not-served",
                           "GET /traces answers only requests whose Host names this machine (localhost, "
                           "127.x.x.x or [::1]) and that no other site's page sent.");
    }
    const std::string* connection = nullptr;
    const std::string* request_id = nullptr;
    for (const http::QueryParam& q : match.query) {
        if (q.name == "connection") {
            connection = &q.value;
        } else if (q.name == "request-id") {
            request_id = &q.value;
        } else {
            return bad_query("GET /traces takes ?connection=N or ?request-id=ID; '" + q.name +
                             "' is not one of them.");
        }
    }
    if (connection != nullptr && request_id != nullptr)
        return bad_query("Ask for one connection or one request id, not both.");
    std::uint64_t number = 0;
    if (connection != nullptr) {
        const char* end = connection->data() + connection->size();
        const auto [at, ec] = std::from_chars(connection->data(), end, number);
        if (ec != std::errc{} || at != end || number == 0)
            return bad_query("connection=" + *connection +
                             " is not a connection number: the trace numbers them 1, 2, 3... (#1).");
    }

    nlohmann::ordered_json body;
    const trace::Recent* recent = options_.recent_traces;
    body["tracing"] = recent == nullptr ? "off" : recent->wire() ? "wire" : "on";
    if (recent == nullptr) {
        body["note"] = "This server was started without --trace, so it keeps no trace. Start it with "
                       "'glassbox serve --trace=wire' to see the trace, and the raw bytes, here.";
        body["blocks"] = nlohmann::ordered_json::array();
    } else {
        const trace::RecentLimits& limits = recent->limits();
        body["kept"] = "the newest " + std::to_string(limits.blocks) + " blocks, at most " +
                       std::to_string(limits.bytes) + " bytes in all, each cut at " +
                       std::to_string(limits.block_bytes) +
                       " bytes; in memory only, until newer blocks push them out";
        const std::vector<trace::KeptBlock> blocks = connection != nullptr ? recent->of_connection(number)
                                                     : request_id != nullptr
                                                         ? recent->with_request_id(*request_id)
                                                         : recent->latest(latest_blocks);
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (const trace::KeptBlock& block : blocks) list.push_back(block_json(block));
        body["blocks"] = std::move(list);
    }
    // Trace lines are valid UTF-8 (trace.cpp escapes the rest), and request ids come from a
    // field value that may not be: replace, never throw.
    return http::Response(http::Status::ok, "application/json",
                          body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

} // namespace glassbox::api
