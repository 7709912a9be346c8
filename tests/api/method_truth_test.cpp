// tests/api/method_truth_test.cpp: 501 and 405 tell the same truth as OPTIONS (issue 15).
// A method the server does not recognise is 501, and its sentence says which methods it does
// recognise; a recognised method a resource does not take (PATCH, TRACE, CONNECT) is 405, with
// the very Allow value OPTIONS gives for that resource.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/service_calls.hpp"

using glassbox::test::call;
using glassbox::test::iris_service;
namespace http = glassbox::http;

namespace {

/// The response to a request whose method is written as `method` (any token).
http::Response call_token(glassbox::api::Service& service, const std::string& method,
                          const std::string& target) {
    http::Request request;
    request.method = http::method_from_token(method);
    request.method_text = method;
    request.target = target;
    request.fields.add("Host", "localhost");
    glassbox::trace::Trace trace;
    return service.handle(request, trace);
}

std::string allow(const http::Response& response) {
    const std::string* value = response.fields.find("Allow");
    return value == nullptr ? "" : *value;
}

} // namespace

TEST_CASE("405's Allow is OPTIONS' Allow on every resource, for PATCH, TRACE and CONNECT",
          "[api][rest][status]") {
    auto service = iris_service();
    for (const char* target :
         {"/", "/health", "/models", "/models/iris", "/models/iris/predictions", "/metrics"}) {
        CAPTURE(target);
        const http::Response options = call(*service, http::Method::options, target);
        REQUIRE(options.status == http::Status::no_content);
        for (const char* method : {"PATCH", "TRACE", "CONNECT"}) {
            CAPTURE(method);
            const http::Response refused = call_token(*service, method, target);
            CHECK(refused.status == http::Status::method_not_allowed);
            CHECK(allow(refused) == allow(options));
        }
    }
}

TEST_CASE("the 501 sentence names the methods the server recognises, and says 405 answers the rest",
          "[api][rest][status]") {
    auto service = iris_service();
    const http::Response response = call_token(*service, "BREW", "/health");
    REQUIRE(response.status == http::Status::not_implemented);
    const std::string detail = nlohmann::json::parse(response.body)["detail"];
    INFO(detail);
    // PATCH, TRACE and CONNECT are recognised (they get 405), so the sentence must list them.
    for (const char* method :
         {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"})
        CHECK(detail.find(method) != std::string::npos);
    CHECK(detail.find("405") != std::string::npos);
    CHECK(detail.find("Allow") != std::string::npos);
}
