// tests/api/reload_test.cpp: SIGHUP reload racing with PUT and DELETE (issue 13, D8).
// Course topic: hot replacement: a reload must not undo a change the API made meanwhile.
// No sockets: Service::reload_all on one thread, Service::handle on another.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "api/service.hpp"
#include "model/file.hpp"
#include "support/process.hpp"
#include "support/test_engine.hpp"

using glassbox::api::Service;
namespace http = glassbox::http;

namespace {

std::string model_path() { return glassbox::test::source_dir() + "/model.bin"; }

http::Response call(Service& service, http::Method method, std::string target, std::string body = "") {
    http::Request request;
    request.method = method;
    request.method_text = std::string(http::method_token(method));
    request.target = std::move(target);
    request.body = std::move(body);
    request.fields.add("Host", "127.0.0.1");
    glassbox::trace::Trace trace;
    return service.handle(request, trace);
}

/// Busy-waits about `micros` microseconds: places the API call at a different moment of the
/// reload each round.
void spin(int micros) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros);
    while (std::chrono::steady_clock::now() < until) {
    }
}

/// Runs `change` while reload_all() runs on another thread, `rounds` times, each a little
/// later into the reload; counts the rounds after which `holds` is false.
template <class Change, class Holds>
int race_reload(Service& service, int rounds, Change change, Holds holds) {
    int broken = 0;
    for (int round = 0; round < rounds; ++round) {
        glassbox::model::Diagnostic d;
        service.load("m", model_path(), d);
        REQUIRE_FALSE(d);
        std::atomic<bool> go{false};
        std::thread reload([&] {
            while (!go) {
            }
            service.reload_all();
        });
        go = true;
        spin(round % 400);
        change();
        reload.join();
        if (!holds()) ++broken;
    }
    return broken;
}

} // namespace

TEST_CASE("a model deleted during a reload stays deleted", "[api][reload]") {
    Service service(glassbox::test::with_test_engine());
    const int resurrected = race_reload(
        service, 300, [&] { call(service, http::Method::delete_, "/models/m"); },
        [&] { return service.registry().find("m") == nullptr; });
    CHECK(resurrected == 0);
}

TEST_CASE("a model uploaded during a reload stays the upload", "[api][reload]") {
    Service service(glassbox::test::with_test_engine());
    glassbox::model::Diagnostic d;
    const auto bytes = glassbox::model::read_file_bytes(model_path(), d);
    const std::string upload(bytes.begin(), bytes.end());
    const int overwritten = race_reload(
        service, 300, [&] { call(service, http::Method::put, "/models/m", upload); },
        [&] {
            const auto entry = service.registry().find("m");
            return entry != nullptr && entry->path.empty(); // path "": the upload is served
        });
    CHECK(overwritten == 0);
}
