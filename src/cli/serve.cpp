// cli/serve.cpp: 'glassbox serve': options in, a running server out.
// Course topic: deploying: the process that listens on a port and answers requests.
// Try: glassbox serve --trace, then in another terminal: curl -i http://127.0.0.1:8000/health
// Read first: cli::serve at the end, four named steps: parse the options, tune the heap, build
// the service, run. It wires the layers: net::Server calls api::Service, and the service
// learns the server's traffic counters through a function, so api/ never includes net/.
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <functional>
#include <malloc.h>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

#include <asio/ip/address.hpp>

#include "api/service.hpp"
#include "cli/commands.hpp"
#include "cli/engine_option.hpp"
#include "net/endpoint.hpp"
#include "net/server.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view serve_usage = R"(usage: glassbox serve [options]

Serve HTTP/1.1 on http://127.0.0.1:8000 until Ctrl-C (SIGINT) or SIGTERM. Serves the
model in ./model.bin under the name stored in it (iris for the one in this repository),
or the models named with --model. SIGHUP reloads every model from its file, on a thread
of its own (the server keeps answering meanwhile); a file that fails to load, or is not a
regular file, leaves its model serving. A reload replaces only the models it found at its
start, and only if no PUT or DELETE changed them meanwhile: the API's change stands.

options:
  --model NAME=PATH      serve the model file PATH as /models/NAME (repeatable; replaces
                         the default ./model.bin). NAME: 1-64 of A-Z a-z 0-9 _ -.
                         A model that fails to load stops start-up (exit status 1)
  --engine NAME          the code that answers predictions: fast (the default: the one-pass
                         JSON scanner, the sized JSON writer, the forest kernels) or reference
                         (nlohmann's SAX parser, a plain JSON writer, each tree walked from
                         its root: the textbook). The same answers and trace lines either way
  --max-rows N           most rows in one predictions request; more get 413 (default 100000)
  --max-models N         most models served at once; a PUT of a new name past it gets 409,
                         replacing one still works (default 100)
  --token-file FILE      PUT and DELETE on /models/NAME need 'Authorization: Bearer TOKEN',
                         TOKEN being the first line of FILE. Without it, PUT and DELETE
                         are refused (403) on any address but loopback, and on loopback
                         allowed only when Host is localhost, 127.x.x.x or [::1] (any
                         port) and Origin, if sent, is http:// and that same Host
  --quiet                no access-log line per request on stderr (client, method, target,
                         status, body bytes, microseconds)
  --trusted-proxy ADDR   believe X-Forwarded-For only when the TCP peer is ADDR, an IP
                         address such as 127.0.0.1 (repeatable; no ranges). The client is
                         then the right-most address in it that is not a trusted proxy,
                         and the access log and trace say "CLIENT via proxy ADDR". From
                         any other peer the field is ignored (the trace says so); a
                         malformed one is ignored too. Header section only, never trailers
  --host ADDR            IP address to listen on (default 127.0.0.1, this machine only;
                         ::1 for IPv6 loopback; 0.0.0.0 or :: for every interface)
  --port N               TCP port (default 8000; 0 lets the system pick a free port,
                         and the line printed at start-up says which)
  --threads N            worker threads (default 0: one per core)
  --trace                print an annotated trace of every exchange on stderr,
                         a line per layer: IP, TCP, HTTP, REST, MODEL; the newest
                         blocks (256, 1 MiB at most) are also kept in memory for
                         GET /traces and the browser page at /, on a loopback address only
  --trace=wire           the same, plus the raw bytes with CR and LF made visible, each
                         line with its offset in the connection and in its request or answer
  --max-connections N    open connections allowed at once; more get 503 (default 10000,
                         lowered at start-up, with a line on stderr, to what the open-file
                         limit allows once the soft limit is raised to the hard one)
  --idle-timeout S       seconds a kept-alive connection may wait for its next request (default 60)
  --header-timeout S     seconds a client has to send a request's header section (default 10)
  --drain-seconds S      on SIGTERM, keep serving S seconds with GET /health/ready at 503
                         and every answer closing its connection, then stop (default 0:
                         stop at once). A second SIGTERM, or Ctrl-C, stops at once
  --max-body BYTES       largest request body accepted; larger gets 413 (default 8388608)
  --max-body-memory BYTES  request bodies held at once, over all connections; a body
                         that does not fit gets 503 and Retry-After (default 268435456)
  --body-min-rate BYTES  bytes a second a body must average: after 30 s (the longest
                         silence allowed) a body gets one more second per BYTES received,
                         then is cut off (default 1024; 0: no minimum)
  -h, --help             show this text
)";

/// True when `text` is a whole number from 0 to `max`, digits only, then stored in `value`;
/// false says nothing of why: the caller names the valid values in its message.
bool parse_number(std::string_view text, std::uint64_t max, std::uint64_t& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc{} && end == text.data() + text.size() && value <= max;
}

/// 'text' in single quotes (built by append: g++ 12 -O3 warns falsely on "'" + string).
std::string quoted(std::string_view text) {
    std::string out(1, '\'');
    out.append(text);
    out += '\'';
    return out;
}

/// A --model NAME=PATH pair.
struct ModelSource {
    std::string name;
    std::string path;
};

/// What the command line asks for; what it does not set keeps the defaults of the options
/// structs (net::ServerOptions, api::ServiceOptions).
struct ServeSettings {
    /// Reads `args` into these fields. Returns the exit status when serve is to end
    /// at once (0: --help printed; 2: a usage error, said on stderr), else nothing.
    std::optional<int> parse_options(std::span<const std::string_view> args);

    net::ServerOptions options;          ///< for net::Server
    api::ServiceOptions service_options; ///< for api::Service
    std::vector<ModelSource> models;     ///< --model pairs in order; none: ./model.bin
    std::string token_file;              ///< --token-file
    bool quiet = false;                  ///< --quiet
    bool trace = false;                  ///< --trace or --trace=wire
    bool wire = false;                   ///< --trace=wire
};

/// Reads the token: the first line of `path`, without surrounding whitespace; "" when unreadable.
std::string read_token(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    const auto first = line.find_first_not_of(" \t\r");
    const auto last = line.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string() : line.substr(first, last - first + 1);
}

/// True for a loopback address, where only this machine can connect.
bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    std::error_code ec;
    const asio::ip::address address = asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

/// What to do about a failed bind, for the three reasons a learner meets (course: ports).
std::string listen_hint(const std::error_code& code, const net::ServerOptions& options) {
    // Asio's "asio.system" category carries errno values but maps none to std::errc, so the
    // value is compared with errno's names.
    const int error = code.value();
    const std::string port = std::to_string(options.port);
    if (error == EACCES && options.port < 1024) {
        // Try: setpriv --reuid=nobody --regid=nogroup --clear-groups glassbox serve --port 80
        return " Ports 0-1023 are system (well-known) ports: 22 is ssh, 25 mail, 80 HTTP. On Linux only "
               "root, or a program given CAP_NET_BIND_SERVICE, may listen on them. Use a user port, from "
               "1024 up (--port 8000), or put a proxy such as nginx on port 80 in front.";
    }
    if (error == EADDRINUSE) {
        return " Another program already listens on port " + port +
               " (see which: ss -ltnp 'sport = :" + port + "'). Stop it, or choose another --port.";
    }
    if (error == EADDRNOTAVAIL) {
        return " " + options.host +
               " is not an address of this machine (ip -brief address lists them); "
               "127.0.0.1 is always one.";
    }
    return "";
}

int usage_error(const std::string& message) {
    std::fprintf(stderr, "glassbox serve: %s\nRun 'glassbox serve --help' for the options.\n",
                 message.c_str());
    return 2;
}

/**
 * Heap tuning, for speed only: two fixed bounds for glibc's heap in place of its
 * defaults. Blocks under 1 MiB (the bodies, matrices and answers of requests up to about
 * 10,000 rows) come from the heap, and up to 2 MiB left free at a heap's top stays there:
 * the next request reuses pages already mapped. A fresh mapping costs two system calls and
 * a page fault for each 4 KiB on first touch: with a 64 KiB bound, a 10,000-row request
 * took six times as long. Larger blocks are mappings of their own, given back to the
 * system when freed. glibc's default instead raises both bounds to the largest block freed
 * so far, and memory a busy moment took then stays.
 * Measured in bench/README.md, "Targets, and what limits the missed ones", under "What
 * changed in the fourth session": 10,000 rows, a thread per core, 248-278 → 1,618-1,831
 * requests a second (mmap bound 1 MiB alone: 443-448; trim bound 1 MiB: 491-512; 4 MiB:
 * no faster than 2), for RSS 7.0 → 7.9 MiB under that load.
 */
void tune_heap() {
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 2 * 1024 * 1024);
}

std::optional<int> ServeSettings::parse_options(std::span<const std::string_view> args) {
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
        if (arg == "--quiet") {
            quiet = true;
            continue;
        }
        if (i + 1 >= args.size()) return usage_error(quoted(arg) + " is not an option, or needs a value.");
        const std::string_view value = args[++i];
        std::uint64_t number = 0;
        const auto need_number = [&](std::uint64_t max) { return parse_number(value, max, number); };
        const std::string bad = quoted(value) + " is not a valid value for " + std::string(arg) + ".";
        if (arg == "--model") {
            const auto equals = value.find('=');
            if (equals == std::string_view::npos || equals + 1 == value.size() ||
                !api::Registry::valid_name(value.substr(0, equals))) {
                return usage_error(bad + " Use NAME=PATH, NAME being 1-64 of A-Z a-z 0-9 _ -.");
            }
            models.push_back({std::string(value.substr(0, equals)), std::string(value.substr(equals + 1))});
        } else if (arg == "--engine") {
            if (!parse_engine(value, service_options.engine))
                return usage_error(bad + " Use " + std::string(engine_choices) + ".");
        } else if (arg == "--max-rows") {
            if (!need_number(100'000'000) || number == 0) return usage_error(bad + " Use 1 to 100000000.");
            service_options.max_rows = number;
        } else if (arg == "--max-models") {
            if (!need_number(1'000'000) || number == 0) return usage_error(bad + " Use 1 to 1000000.");
            service_options.max_models = number;
        } else if (arg == "--token-file") {
            token_file = std::string(value);
        } else if (arg == "--trusted-proxy") {
            std::error_code ec;
            const asio::ip::address address = asio::ip::make_address(std::string(value), ec);
            if (ec) return usage_error(bad + " Use one IP address, such as 127.0.0.1 or ::1.");
            options.trusted_proxies.push_back(address);
        } else if (arg == "--host") {
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
        } else if (arg == "--drain-seconds") {
            if (!need_number(3600)) return usage_error(bad + " Use 0 to 3600 seconds.");
            options.drain = std::chrono::seconds(number);
        } else if (arg == "--max-body-memory") {
            if (!need_number(std::uint64_t{1} << 40) || number == 0)
                return usage_error(bad + " Use 1 to 1099511627776 bytes.");
            options.body_memory = number;
        } else if (arg == "--body-min-rate") {
            if (!need_number(std::uint64_t{1} << 30)) return usage_error(bad + " Use 0 to 1073741824 bytes.");
            options.body_min_rate = number;
        } else if (arg == "--max-body") {
            if (!need_number(std::uint64_t{1} << 32)) return usage_error(bad + " Use 0 to 4294967296 bytes.");
            options.limits.body_bytes = number;
        } else {
            return usage_error(quoted(arg) + " is not an option.");
        }
    }
    return std::nullopt;
}

/// Completes the options from what was parsed: the connection limit fitted to the file
/// descriptors, the trace wired (printed on `sink`, kept in `recent`), who may change
/// models. Returns exit status 1 when the token file gives no token, else nothing.
std::optional<int> complete_options(ServeSettings& settings, trace::Sink& sink, trace::Recent& recent) {
    net::ServerOptions& options = settings.options;
    api::ServiceOptions& service_options = settings.service_options;
    const std::string fitted = net::fit_to_descriptor_limit(options);
    if (!fitted.empty()) std::fprintf(stderr, "glassbox: %s\n", fitted.c_str());

    if (settings.trace) {
        options.trace = &sink;
        service_options.recent_traces = &recent;
    }
    // The trace holds every client's requests: GET /traces shows it only on loopback.
    service_options.traces_readable = is_loopback(options.host);

    if (!settings.token_file.empty()) {
        service_options.token = read_token(settings.token_file);
        if (service_options.token.empty()) {
            std::fprintf(stderr,
                         "glassbox serve: cannot read a token from %s: give a file whose first line is the "
                         "token.\n",
                         settings.token_file.c_str());
            return 1;
        }
    }
    service_options.writes_allowed = !service_options.token.empty() || is_loopback(options.host);
    service_options.access_log = settings.quiet ? nullptr : stderr;
    return std::nullopt;
}

/// Loads every --model (or ./model.bin) into `service`. Returns the exit status when one
/// cannot be served (2: more than --max-models; 1: a file that fails to load), else nothing.
std::optional<int> load_models(api::Service& service, ServeSettings& settings) {
    std::vector<ModelSource>& models = settings.models;
    const std::size_t max_models = settings.service_options.max_models;
    if (models.empty()) models.push_back({"", "model.bin"}); // the file's own name, e.g. "iris"
    if (models.size() > max_models) {
        return usage_error("--model names " + std::to_string(models.size()) +
                           " models, more than --max-models " + std::to_string(max_models) + " allows.");
    }
    for (const ModelSource& source : models) {
        model::Diagnostic diagnostic;
        service.load(source.name, source.path, diagnostic);
        if (diagnostic) {
            std::fprintf(stderr, "glassbox serve: cannot serve %s: %s\n", source.path.c_str(),
                         diagnostic.message.c_str());
            return 1;
        }
    }
    return std::nullopt;
}

/// Listens, says where, and serves until a signal stops the server; the exit status
/// (1 when the address cannot be bound, with what to do about it).
int run_server(api::Service& service, const ServeSettings& settings) {
    const net::ServerOptions& options = settings.options;
    const api::ServiceOptions& service_options = settings.service_options;
    try {
        // Each complete request goes to Service::handle, each header section first to check_head.
        net::Server server(options, std::bind_front(&api::Service::handle, &service),
                           std::bind_front(&api::Service::check_head, &service));
        service.set_traffic_source([&server] {
            return api::TrafficStats{server.open_connections(), server.connections_accepted(),
                                     server.bytes_received(), server.bytes_sent()};
        });
        service.set_draining_source([&server] { return server.draining(); });
        server.handle_signals([&service] {
            // SIGHUP, on the server's reload thread: each file is loaded and checked completely
            // before its model is swapped, and only if the API left that model alone meanwhile.
            for (const std::string& line : service.reload_all())
                std::fprintf(stderr, "glassbox: %s\n", line.c_str());
        });
        if (!service_options.writes_allowed) {
            std::fprintf(stderr,
                         "glassbox: warning: listening on %s, beyond this machine, without --token-file: "
                         "PUT and DELETE of models are refused (403).\n",
                         options.host.c_str());
        }
        const net::EndpointFacts facts = net::describe(server.local_endpoint());
        for (const auto& entry : service.registry().list()) {
            std::printf("glassbox: model '%s' (%s) from %s\n", entry->name.c_str(),
                        std::string(model::kind_name(entry->model->kind())).c_str(), entry->path.c_str());
        }
        if (service_options.engine == model::Engine::reference)
            std::printf(
                "glassbox: engine reference: predictions by the textbook code (the default is fast)\n");
        std::printf("glassbox: serving on http://%s/ (Ctrl-C to stop)\n", facts.text().c_str());
        std::fflush(stdout);
        server.run();
        std::printf("glassbox: stopped\n");
        return 0;
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "glassbox serve: cannot listen on %s port %u: %s.%s\n", options.host.c_str(),
                     static_cast<unsigned>(options.port), e.what(), listen_hint(e.code(), options).c_str());
        return 1;
    }
}

} // namespace

int serve(std::span<const std::string_view> args) {
    // The steps: tune the heap, parse the options, build the service (its options completed,
    // its models loaded), run.
    tune_heap();
    ServeSettings settings;
    if (const std::optional<int> status = settings.parse_options(args)) return *status;
    // The trace lives as long as the server: printed on stderr, its newest blocks kept for
    // GET /traces.
    trace::Recent recent(settings.wire);
    trace::Sink sink(stderr, isatty(STDERR_FILENO) != 0, settings.wire, &recent);
    if (const std::optional<int> status = complete_options(settings, sink, recent)) return *status;
    api::Service service(settings.service_options);
    if (const std::optional<int> status = load_models(service, settings)) return *status;
    return run_server(service, settings);
}

} // namespace glassbox::cli
