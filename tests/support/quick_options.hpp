// tests/support/quick_options.hpp: server options with short timeouts, for tests that wait on them.
// Two seconds of idle, header and body time and one of shutdown grace keep a test fast; the
// error log is off so a contained exception does not clutter the test output. Tests narrow a
// timeout further where they measure it.
#pragma once

#include <chrono>
#include <string_view>

#include "net/server.hpp"

namespace glassbox::test {

/// ServerOptions with 2 s timeouts, 1 s shutdown grace and no error log.
inline net::ServerOptions quick_options() {
    using namespace std::chrono_literals;
    net::ServerOptions options;
    options.idle_timeout = 2s;
    options.header_timeout = 2s;
    options.body_timeout = 2s;
    options.shutdown_grace = 1s;
    options.error_log = nullptr;
    return options;
}

/// True when `part` occurs in `text`.
inline bool has(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

} // namespace glassbox::test
