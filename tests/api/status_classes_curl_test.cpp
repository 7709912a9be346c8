// tests/api/status_classes_curl_test.cpp: 304, 308 and 412 as curl sees them (issue 15).
// The real server on a loopback port, the real curl: a learner's commands, checked.
// Course topic: status classes. 3xx: "look elsewhere" (308) and "use your copy" (304);
// 4xx: "your precondition does not hold" (412).
#include <catch2/catch.hpp>

#include "support/process.hpp"
#include "support/service_calls.hpp"
#include "support/test_server.hpp"
#include "support/text.hpp"

using glassbox::test::has;
using glassbox::test::run_command;
using glassbox::test::TestServer;

namespace {

struct IrisServer {
    TestServer server;
    IrisServer() {
        glassbox::model::Diagnostic d;
        server.service().load("iris", glassbox::test::model_path(), d);
        REQUIRE_FALSE(d);
    }
    std::string url(std::string_view path) const {
        return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(path);
    }
};

} // namespace

TEST_CASE("curl -L follows 308 from a trailing slash, keeping POST and its body",
          "[api][status][308][curl]") {
    IrisServer s;
    const auto first = run_command("curl -s -i --max-time 5 '" + s.url("/models/iris/?a=1") + "'");
    INFO(first.output);
    CHECK(first.output.starts_with("HTTP/1.1 308 Permanent Redirect\r\n"));
    CHECK(has(first.output, "\r\nLocation: /models/iris?a=1\r\n"));
    const auto followed = run_command(
        "curl -s -L --max-time 5 -w '\\n%{num_redirects}' --json '{\"features\": [[5.1,3.5,1.4,0.2]]}' " +
        s.url("/models/iris/predictions/"));
    INFO(followed.output);
    CHECK(has(followed.output, "\"predictions\":[\"setosa\"]"));
    CHECK(followed.output.ends_with("\n1"));
}

TEST_CASE("curl with If-None-Match gets 304, with a stale If-Match 412", "[api][status][304][412][curl]") {
    IrisServer s;
    const auto get = run_command("curl -s -i --max-time 5 " + s.url("/models/iris"));
    const auto at = get.output.find("\r\nETag: ");
    REQUIRE(at != std::string::npos);
    const std::string tag = get.output.substr(at + 8, get.output.find("\r\n", at + 2) - at - 8);
    const auto cached =
        run_command("curl -s -i --max-time 5 -H 'If-None-Match: " + tag + "' " + s.url("/models/iris"));
    INFO(cached.output);
    CHECK(cached.output.starts_with("HTTP/1.1 304 Not Modified\r\n"));
    CHECK(cached.output.ends_with("\r\n\r\n")); // no body
    const std::string model = glassbox::test::model_path();
    const auto stale =
        run_command("curl -s -i --max-time 5 -X PUT -H 'If-Match: \"crc32-00000000\"' --data-binary @" +
                    model + " " + s.url("/models/iris"));
    INFO(stale.output);
    CHECK(stale.output.starts_with("HTTP/1.1 412 Precondition Failed\r\n"));
    const auto fresh = run_command("curl -s -i --max-time 5 -X PUT -H 'If-Match: " + tag +
                                   "' --data-binary @" + model + " " + s.url("/models/iris"));
    CHECK(fresh.output.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(has(fresh.output, "\r\nETag: " + tag + "\r\n"));
}
