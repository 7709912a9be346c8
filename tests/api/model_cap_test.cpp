// tests/api/model_cap_test.cpp: the number of served models is capped (--max-models).
// Each model costs memory for as long as it is served; past the cap a PUT of a new name is
// refused, while replacing or deleting one still works.
// Run: ./glassbox_tests '[max-models]'
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "api/service.hpp"
#include "model/file.hpp"
#include "support/process.hpp"
#include "support/test_engine.hpp"

using glassbox::api::Service;
using glassbox::api::ServiceOptions;
namespace http = glassbox::http;

namespace {

std::string model_bytes() {
    glassbox::model::Diagnostic d;
    const auto bytes = glassbox::model::read_file_bytes(glassbox::test::source_dir() + "/model.bin", d);
    REQUIRE_FALSE(d);
    return std::string(bytes.begin(), bytes.end());
}

http::Response call(Service& service, http::Method method, const std::string& name,
                    const std::string& body = "") {
    http::Request request;
    request.method = method;
    request.method_text = std::string(http::method_token(method));
    request.target = "/models/" + name;
    request.fields.add("Host", "localhost:8000");
    request.body = body;
    glassbox::trace::Trace trace;
    return service.handle(request, trace);
}

} // namespace

TEST_CASE("by default at most 100 models: the 101st new name is 409, replacing still works",
          "[api][service][max-models]") {
    Service service(glassbox::test::with_test_engine());
    const std::string bytes = model_bytes();
    for (int i = 0; i < 100; ++i) {
        INFO("model " << i);
        REQUIRE(call(service, http::Method::put, "m" + std::to_string(i), bytes).status ==
                http::Status::created);
    }
    const auto r = call(service, http::Method::put, "one-too-many", bytes);
    CHECK(r.status == http::Status::conflict);
    CHECK(r.body.find(R"("type":"/problems/too-many-models")") != std::string::npos);
    CHECK(r.body.find(R"("max_models":100)") != std::string::npos);
    CHECK(service.registry().find("one-too-many") == nullptr);
    CHECK(call(service, http::Method::put, "m7", bytes).status == http::Status::ok);
    CHECK(call(service, http::Method::delete_, "m7").status == http::Status::no_content);
    CHECK(call(service, http::Method::put, "one-too-many", bytes).status == http::Status::created);
}
