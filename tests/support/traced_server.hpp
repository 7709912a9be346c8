// tests/support/traced_server.hpp: the real server with a trace of its own, for tests that run
// a real client (curl, tcpdump) and then read what `glassbox serve --trace` printed.
// The trace file is made before the server and outlives it (members are destroyed in reverse).
#pragma once

#include <string>
#include <string_view>

#include "support/test_server.hpp"
#include "support/trace_file.hpp"

namespace glassbox::test {

/// A TestServer on 127.0.0.1 tracing into `trace`.
struct TracedServer {
    TraceFile trace;
    TestServer server;

    TracedServer() : server(options(trace)) {}

    /// "http://127.0.0.1:PORT" followed by `path`.
    std::string url(std::string_view path = "") const {
        return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(path);
    }

private:
    static net::ServerOptions options(TraceFile& trace) {
        net::ServerOptions o;
        o.trace = &trace.sink;
        return o;
    }
};

} // namespace glassbox::test
