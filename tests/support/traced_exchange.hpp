// tests/support/traced_exchange.hpp: one connection to the real server, with its trace kept.
// tests/trace/ use it to read what `glassbox serve --trace` prints for a request sent as raw
// bytes over loopback, from the IP line to the close.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "support/raw_client.hpp"
#include "support/test_server.hpp"
#include "support/trace_file.hpp"

namespace glassbox::test {

/// Sends `request` to a server tracing into `out`, reads `answers` answers, and returns their
/// status codes ("200", "200 404"). The client closes, then the server stops, so the trace holds
/// the whole exchange when this returns.
inline std::string traced_exchange(TraceFile& out, std::string_view request, std::size_t answers = 1) {
    net::ServerOptions options;
    options.trace = &out.sink;
    TestServer server(options);
    std::string codes;
    {
        RawClient client(server.port());
        client.send(request);
        codes = status_codes(client.read_responses(answers));
        out.says("status line: ", std::chrono::seconds(2));
    }
    out.says("TCP   closed by", std::chrono::seconds(2));
    return codes;
}

} // namespace glassbox::test
