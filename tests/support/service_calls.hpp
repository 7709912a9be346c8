// tests/support/service_calls.hpp: the api::Service driven without sockets, as tests/api/ do it.
// A Request built field by field goes straight to Service::handle; the iris model comes from
// the repository's model.bin. Without a token, PUT and DELETE need a Host naming this machine
// (the DNS-rebinding rule, tests/api/access_test.cpp), so call() sends one when none is given.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/service.hpp"
#include "model/file.hpp"
#include "support/process.hpp"
#include "support/test_engine.hpp"

namespace glassbox::test {

/// The repository's model.bin.
inline std::string model_path() { return source_dir() + "/model.bin"; }

/// The bytes of model.bin, as a PUT body.
inline std::string model_bytes() {
    model::Diagnostic d;
    const auto bytes = model::read_file_bytes(model_path(), d);
    return std::string(bytes.begin(), bytes.end());
}

/// A Service serving model.bin as "iris".
inline std::unique_ptr<api::Service> iris_service(api::ServiceOptions options = {}) {
    auto service = std::make_unique<api::Service>(with_test_engine(std::move(options)));
    model::Diagnostic d;
    service->load("iris", model_path(), d);
    REQUIRE_FALSE(d);
    return service;
}

/// A request built field by field; `Host: localhost` unless `fields` names a Host.
inline http::Request make_request(http::Method method, std::string target, std::string body = "",
                                  std::vector<std::pair<std::string, std::string>> fields = {}) {
    http::Request request;
    request.method = method;
    request.method_text = std::string(http::method_token(method));
    request.target = std::move(target);
    request.body = std::move(body);
    for (auto& [name, value] : fields) request.fields.add(name, value);
    if (request.fields.find("Host") == nullptr) request.fields.add("Host", "localhost");
    return request;
}

/// One request through Service::handle; `Host: localhost` unless `fields` names a Host.
inline http::Response call(api::Service& service, http::Method method, std::string target,
                           std::string body = "",
                           std::vector<std::pair<std::string, std::string>> fields = {}) {
    trace::Trace trace;
    return service.handle(make_request(method, std::move(target), std::move(body), std::move(fields)), trace);
}

} // namespace glassbox::test
