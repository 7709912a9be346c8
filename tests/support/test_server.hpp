// tests/support/test_server.hpp: the real server, in this process, on a free loopback port.
// The same net::Server and api::Service as `glassbox serve`, run on a background thread;
// the destructor stops it gracefully and joins, so no test leaves a server behind.
#pragma once

#include <cstdint>
#include <thread>

#include "api/service.hpp"
#include "net/server.hpp"
#include "support/test_engine.hpp"

namespace glassbox::test {

/// A running server on 127.0.0.1 (or `options.host`), port chosen by the system. It serves no
/// model until one is loaded with service().load().
class TestServer {
public:
    explicit TestServer(net::ServerOptions options = {}, api::ServiceOptions service_options = {})
        : service_(with_test_engine(std::move(service_options))),
          server_(with_free_port(std::move(options)), handler(), head_handler()) {
        service_.set_traffic_source([this] {
            return api::TrafficStats{server_.open_connections(), server_.connections_accepted(),
                                     server_.bytes_received(), server_.bytes_sent()};
        });
        service_.set_draining_source([this] { return server_.draining(); });
        thread_ = std::thread([this] { server_.run(); });
    }
    ~TestServer() {
        server_.stop();
        thread_.join();
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    std::uint16_t port() const { return server_.local_endpoint().port(); }
    net::Server& server() { return server_; }
    api::Service& service() { return service_; }

private:
    static net::ServerOptions with_free_port(net::ServerOptions options) {
        options.port = 0;
        if (options.threads == 0) options.threads = 2;
        return options;
    }
    net::Handler handler() {
        return [this](const http::Request& request, trace::Trace& trace) {
            return service_.handle(request, trace);
        };
    }

    net::HeadHandler head_handler() {
        return [this](const http::Request& head, trace::Trace& trace) {
            return service_.check_head(head, trace);
        };
    }

    api::Service service_;
    net::Server server_;
    std::thread thread_;
};

} // namespace glassbox::test
