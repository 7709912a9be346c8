// cli/serve.cpp: 'glassbox serve': options in, a running server out.
// Course topic: deploying: the process that listens on a port and answers requests.
// Try: glassbox serve --trace, then in another terminal: curl -i http://127.0.0.1:8000/health
#include <charconv>
#include <cstdio>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "api/service.hpp"
#include "cli/commands.hpp"
#include "net/endpoint.hpp"
#include "net/server.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view serve_usage = R"(usage: glassbox serve [options]

Serve HTTP/1.1 on http://127.0.0.1:8000 until Ctrl-C (SIGINT) or SIGTERM.

options:
  --host ADDR            IP address to listen on (default 127.0.0.1, this machine only;
                         ::1 for IPv6 loopback; 0.0.0.0 or :: for every interface)
  --port N               TCP port (default 8000; 0 lets the system pick a free port,
                         and the line printed at start-up says which)
  --threads N            worker threads (default 0: one per core)
  --trace                print an annotated trace of every exchange on stderr,
                         a line per layer: IP, TCP, HTTP, REST, MODEL
  --trace=wire           the same, plus the raw bytes with CR and LF made visible
  --max-connections N    open connections allowed at once; more get 503 (default 10000)
  --idle-timeout S       seconds a kept-alive connection may wait for its next request (default 60)
  --header-timeout S     seconds a client has to send a request's header section (default 10)
  --max-body BYTES       largest request body accepted; larger gets 413 (default 8388608)
  -h, --help             show this text
)";

/// Reads a whole non-negative number, or says why not.
bool parse_number(std::string_view text, std::uint64_t max, std::uint64_t& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size() && value <= max;
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "glassbox serve: %s\nRun 'glassbox serve --help' for the options.\n", message.c_str());
    return 2;
}

} // namespace

int serve(std::span<const std::string_view> args) {
    net::ServerOptions options;
    bool trace = false;
    bool wire = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "-h" || arg == "--help") {
            std::fputs(serve_usage.data(), stdout);
            return 0;
        }
        if (arg == "--trace") {
            trace = true;
            continue;
        }
        if (arg == "--trace=wire") {
            trace = wire = true;
            continue;
        }
        if (i + 1 >= args.size()) return usage_error("'" + std::string(arg) + "' is not an option, or needs a value.");
        const std::string_view value = args[++i];
        std::uint64_t number = 0;
        const auto need_number = [&](std::uint64_t max) { return parse_number(value, max, number); };
        const std::string bad = "'" + std::string(value) + "' is not a valid value for " + std::string(arg) + ".";
        if (arg == "--host") {
            options.host = std::string(value);
        } else if (arg == "--port") {
            if (!need_number(65535)) return usage_error(bad + " Use a port from 0 to 65535.");
            options.port = static_cast<std::uint16_t>(number);
        } else if (arg == "--threads") {
            if (!need_number(1024)) return usage_error(bad + " Use 0 (one per core) to 1024.");
            options.threads = static_cast<unsigned>(number);
        } else if (arg == "--max-connections") {
            if (!need_number(1'000'000) || number == 0) return usage_error(bad + " Use 1 to 1000000.");
            options.max_connections = number;
        } else if (arg == "--idle-timeout") {
            if (!need_number(86400) || number == 0) return usage_error(bad + " Use 1 to 86400 seconds.");
            options.idle_timeout = std::chrono::seconds(number);
        } else if (arg == "--header-timeout") {
            if (!need_number(86400) || number == 0) return usage_error(bad + " Use 1 to 86400 seconds.");
            options.header_timeout = std::chrono::seconds(number);
        } else if (arg == "--max-body") {
            if (!need_number(std::uint64_t{1} << 32)) return usage_error(bad + " Use 0 to 4294967296 bytes.");
            options.limits.body_bytes = number;
        } else {
            return usage_error("'" + std::string(arg) + "' is not an option.");
        }
    }

    trace::Sink sink(stderr, isatty(STDERR_FILENO) != 0, wire);
    if (trace) options.trace = &sink;

    try {
        api::Service service;
        net::Server server(options, [&service](const http::Request& request, trace::Trace& t) {
            return service.handle(request, t);
        });
        server.handle_signals(nullptr);
        const net::EndpointFacts facts = net::describe(server.local_endpoint());
        std::printf("glassbox: serving on http://%s/ (Ctrl-C to stop)\n", facts.text().c_str());
        std::fflush(stdout);
        server.run();
        std::printf("glassbox: stopped\n");
        return 0;
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "glassbox serve: cannot listen on %s port %u: %s.\n", options.host.c_str(),
                     static_cast<unsigned>(options.port), e.what());
        return 1;
    }
}

} // namespace glassbox::cli
