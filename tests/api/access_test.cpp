// tests/api/access_test.cpp: who may change the served models, from raw request bytes.
// Each request goes through the real RequestParser and then Service::handle, no sockets, so
// the tests see exactly what the server decides: trailers are never consulted (RFC 9110
// §6.5.1), and without a token only a Host naming this machine may PUT or DELETE (DNS rebinding).
// Run: ./glassbox_tests '[access]'
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "api/service.hpp"
#include "http/request_parser.hpp"
#include "model/file.hpp"
#include "support/process.hpp"
#include "support/service_calls.hpp"

using glassbox::api::Service;
using glassbox::api::ServiceOptions;
namespace http = glassbox::http;
using glassbox::test::iris_service;
using glassbox::test::model_bytes;
using glassbox::test::model_path;

namespace {

std::string hex(std::size_t n) {
    char text[32];
    std::snprintf(text, sizeof text, "%zx", n);
    return text;
}

/// A request whose body comes in one chunk, followed by the trailer lines `trailers`.
std::string chunked(std::string head, const std::string& body, const std::string& trailers) {
    head += "Transfer-Encoding: chunked\r\n\r\n";
    if (!body.empty()) head += hex(body.size()) + "\r\n" + body + "\r\n";
    return head + "0\r\n" + trailers + "\r\n";
}

/// The request the parser makes of `bytes`, which must be one complete request.
http::Request parse(const std::string& bytes) {
    http::RequestParser parser;
    const auto result = parser.feed(bytes);
    INFO(parser.error().message());
    REQUIRE(result.status == http::ParseStatus::complete);
    REQUIRE(result.consumed == bytes.size());
    return parser.take_request();
}

http::Response answer(Service& service, const std::string& bytes) {
    glassbox::trace::Trace trace;
    return service.handle(parse(bytes), trace);
}

std::string detail(const http::Response& response) {
    return nlohmann::json::parse(response.body).value("detail", std::string());
}

} // namespace

TEST_CASE("a token sent only in a trailer does not authorise PUT or DELETE", "[api][access][trailer]") {
    ServiceOptions options;
    options.token = "s3cret";
    auto service = iris_service(options);
    const std::string trailer = "Authorization: Bearer s3cret\r\n";
    auto r =
        answer(*service, chunked("PUT /models/x HTTP/1.1\r\nHost: localhost\r\n", model_bytes(), trailer));
    CHECK(r.status == http::Status::unauthorized);
    r = answer(*service, chunked("DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\n", "", trailer));
    CHECK(r.status == http::Status::unauthorized);
    CHECK(service->registry().find("x") == nullptr);
    CHECK(service->registry().find("iris") != nullptr);
    // The same token in the header section does.
    r = answer(*service, chunked("DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                 "s3cret\r\n",
                                 "", ""));
    CHECK(r.status == http::Status::no_content);
}

TEST_CASE("Connection, Content-Type and a second Host in a trailer are not honoured",
          "[api][access][trailer]") {
    const auto request = parse(chunked("POST /models/iris/predictions HTTP/1.1\r\nHost: localhost\r\n",
                                       R"({"features": [5.1,3.5,1.4,0.2]})",
                                       "Connection: close\r\nContent-Type: application/json\r\nHost: "
                                       "evil.example\r\n"));
    CHECK(request.keep_alive()); // HTTP/1.1 persists: the trailer's "close" is not a header
    CHECK(request.fields.count("Host") == 1);
    CHECK(*request.fields.find("Host") == "localhost");
    CHECK(request.fields.find("Content-Type") == nullptr);
    auto service = iris_service();
    glassbox::trace::Trace trace;
    // The body is JSON, but only a trailer says so: 415, as with no Content-Type at all.
    CHECK(service->handle(request, trace).status == http::Status::unsupported_media_type);
}

TEST_CASE("without a token, PUT and DELETE need a Host naming this machine (DNS rebinding)",
          "[api][access][rebinding]") {
    auto service = iris_service();
    for (const std::string host :
         {"rebind.attacker.example", "attacker.example:8000", "10.0.0.1:8000", "127.0.0.1.attacker.example",
          "localhost.attacker.example", "[::2]:8000", "128.0.0.1", ""}) {
        INFO("Host: " << host);
        auto r = answer(*service, "DELETE /models/iris HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        CHECK(r.status == http::Status::forbidden);
        CHECK(r.body.find(R"("type":"/problems/host-not-local")") != std::string::npos);
        CHECK(detail(r).find("--token-file") != std::string::npos);
        r = answer(*service, "PUT /models/x HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " +
                                 std::to_string(model_bytes().size()) + "\r\n\r\n" + model_bytes());
        CHECK(r.status == http::Status::forbidden);
    }
    // HTTP/1.0 may leave Host out; that names nothing, so it is refused too.
    CHECK(answer(*service, "DELETE /models/iris HTTP/1.0\r\n\r\n").status == http::Status::forbidden);
    CHECK(service->registry().find("iris") != nullptr);
    CHECK(service->registry().find("x") == nullptr);
    // Reads stay open whatever the Host.
    CHECK(answer(*service, "GET /models/iris HTTP/1.1\r\nHost: attacker.example\r\n\r\n").status ==
          http::Status::ok);

    for (const std::string host : {"localhost", "LocalHost:8000", "127.0.0.1", "127.0.0.1:8000",
                                   "127.200.3.4:1", "[::1]", "[::1]:8000", "[0:0:0:0:0:0:0:1]:80"}) {
        INFO("Host: " << host);
        auto r = answer(*service, "PUT /models/x HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: " +
                                      std::to_string(model_bytes().size()) + "\r\n\r\n" + model_bytes());
        CHECK((r.status == http::Status::created || r.status == http::Status::ok));
        r = answer(*service, "DELETE /models/x HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        CHECK(r.status == http::Status::no_content);
    }
}

TEST_CASE("without a token, an Origin other than the Host's own is refused", "[api][access][rebinding]") {
    auto service = iris_service();
    const std::string put = "PUT /models/x HTTP/1.1\r\nHost: localhost:8000\r\nContent-Length: " +
                            std::to_string(model_bytes().size()) + "\r\n";
    for (const std::string origin : {"http://attacker.example", "http://localhost:8001",
                                     "https://localhost:8000", "null", "http://127.0.0.1:8000"}) {
        INFO("Origin: " << origin);
        const auto r = answer(*service, put + "Origin: " + origin + "\r\n\r\n" + model_bytes());
        CHECK(r.status == http::Status::forbidden);
        CHECK(r.body.find(R"("type":"/problems/cross-origin")") != std::string::npos);
        CHECK(detail(r).find("--token-file") != std::string::npos);
    }
    CHECK(service->registry().find("x") == nullptr);
    // The page the server itself serves may change models (same origin), and so may curl (no Origin).
    CHECK(answer(*service, put + "Origin: http://localhost:8000\r\n\r\n" + model_bytes()).status ==
          http::Status::created);
    CHECK(answer(*service, put + "\r\n" + model_bytes()).status == http::Status::ok);
}

TEST_CASE("with a token, the token decides whatever the Host", "[api][access][rebinding]") {
    ServiceOptions options;
    options.token = "s3cret";
    auto service = iris_service(options);
    CHECK(answer(*service, "DELETE /models/iris HTTP/1.1\r\nHost: localhost\r\n\r\n").status ==
          http::Status::unauthorized);
    CHECK(answer(*service, "DELETE /models/iris HTTP/1.1\r\nHost: models.example.com\r\nOrigin: "
                           "http://elsewhere.example\r\nAuthorization: Bearer s3cret\r\n\r\n")
              .status == http::Status::no_content);
}
