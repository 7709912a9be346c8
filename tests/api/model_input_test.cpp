// tests/api/model_input_test.cpp: hostile model files and hostile features through Service::handle.
// Course topic: deploying a model: what the API answers when the model or the numbers are
// extreme: a label that is not UTF-8, scores that overflow, numbers past a double's range.
// No sockets: requests go straight to Service::handle, as in service_test.cpp.
#include <catch2/catch.hpp>

#include <cfloat>

#include <nlohmann/json.hpp>

#include "api/service.hpp"
#include "model/file.hpp"

using glassbox::api::Service;
namespace http = glassbox::http;
namespace model = glassbox::model;

namespace {

http::Response call(Service& service, http::Method method, std::string target, std::string body = "",
                    std::vector<std::pair<std::string, std::string>> fields = {}) {
    http::Request request;
    request.method = method;
    request.method_text = std::string(http::method_token(method));
    request.target = std::move(target);
    request.body = std::move(body);
    for (auto& [name, value] : fields) request.fields.add(name, value);
    glassbox::trace::Trace trace;
    return service.handle(request, trace);
}

std::string file_of(const model::Model& m) {
    const std::vector<std::uint8_t> bytes = model::save(m);
    return std::string(bytes.begin(), bytes.end());
}

/// Metadata for two features x0, x1 and the given classes.
model::Metadata two_features(std::vector<std::string> classes) {
    model::Metadata m{"m", {"x0", "x1"}, std::move(classes), {}};
    m.feature_stats.assign(2, {10, 0.5, 0.25, 0.0, 1.0, {3, 4, 3}});
    return m;
}

/// PUTs `m` as /models/`name` and expects it stored.
void put(Service& service, const std::string& name, const model::Model& m) {
    const http::Response r = call(service, http::Method::put, "/models/" + name, file_of(m));
    INFO(r.body);
    REQUIRE(r.status == http::Status::created);
}

http::Response predict(Service& service, const std::string& name, std::string body) {
    return call(service, http::Method::post, "/models/" + name + "/predictions", std::move(body),
                {{"Content-Type", "application/json"}});
}

} // namespace

TEST_CASE("PUT of a model whose label is not UTF-8: 422, nothing stored, GET /models still 200",
          "[api][model_input][utf8]") {
    Service service;
    const model::Model good(model::Kind::logistic_regression, two_features({"a", "b"}),
                            model::Linear{1, model::Link::sigmoid, {1, -1}, {0}});
    put(service, "good", good);
    const model::Model latin1(model::Kind::logistic_regression, two_features({"caf\xe9", "b"}),
                              model::Linear{1, model::Link::sigmoid, {1, -1}, {0}});
    const http::Response r = call(service, http::Method::put, "/models/bad", file_of(latin1));
    CHECK(r.status == http::Status::unprocessable_content);
    CHECK(r.body.find(R"("type":"/problems/invalid-model-file")") != std::string::npos);
    CHECK(r.body.find("UTF-8") != std::string::npos);
    CHECK(call(service, http::Method::get, "/models/bad").status == http::Status::not_found);
    const http::Response list = call(service, http::Method::get, "/models");
    CHECK(list.status == http::Status::ok);
    CHECK(nlohmann::json::parse(list.body)["models"].size() == 1);
    // The same bytes over a model that is served leave it serving.
    CHECK(call(service, http::Method::put, "/models/good", file_of(latin1)).status ==
          http::Status::unprocessable_content);
    CHECK(predict(service, "good", R"({"features": [1, 0]})").status == http::Status::ok);
}
