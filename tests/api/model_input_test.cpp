// tests/api/model_input_test.cpp: hostile model files and hostile features through Service::handle.
// Course topic: deploying a model: what the API answers when the model or the numbers are
// extreme: a label that is not UTF-8, scores that overflow, numbers past a double's range.
// No sockets: requests go straight to Service::handle, as in service_test.cpp.
#include <catch2/catch.hpp>

#include <cfloat>

#include <nlohmann/json.hpp>

#include "api/service.hpp"
#include "model/file.hpp"
#include "model/format.hpp"
#include "support/service_calls.hpp"
#include "support/test_engine.hpp"

using glassbox::api::Service;
namespace http = glassbox::http;
using glassbox::test::call;
namespace model = glassbox::model;

namespace {

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
    Service service(glassbox::test::with_test_engine());
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

TEST_CASE("predictions whose scores overflow are 422 naming the row, never NaN or Infinity in a 200",
          "[api][model_input][overflow]") {
    Service service(glassbox::test::with_test_engine());
    put(service, "linear",
        model::Model(model::Kind::linear_regression, two_features({}),
                     model::Linear{1, model::Link::identity, {1e300, 1e300}, {0}}));
    put(service, "softmax",
        model::Model(model::Kind::logistic_regression, two_features({"a", "b", "c"}),
                     model::Linear{3, model::Link::softmax, {1e300, 1e300, 1, 1, -1, -1}, {0, 0, 0}}));
    model::Forest f;
    f.value_width = 1;
    for (int t = 0; t < 2; ++t)
        f.add_tree(std::vector<std::int32_t>{0, model::format::leaf, model::format::leaf},
                   std::vector<double>{0.5, 0, 0}, std::vector<std::uint32_t>{1, 0, 0},
                   std::vector<std::uint32_t>{2, 0, 0}, std::vector<double>{0, 1.0, DBL_MAX});
    put(service, "forest", model::Model(model::Kind::forest_regressor, two_features({}), std::move(f)));
    for (const std::string name : {"linear", "softmax", "forest"}) {
        const http::Response r = predict(service, name, R"({"features": [[0, 0], [0, 0], [1e10, 1e10]]})");
        INFO(name << ": " << r.body);
        CHECK(r.status == http::Status::unprocessable_content);
        CHECK(*r.fields.find("Content-Type") == "application/problem+json");
        const auto problem = nlohmann::json::parse(r.body); // never NaN or Infinity: it parses
        CHECK(problem["type"] == "/problems/non-finite-prediction");
        CHECK(problem["row"] == 2);
        CHECK(problem["detail"].get<std::string>().find("row 2") != std::string::npos);
        CHECK(predict(service, name, R"({"features": [[0, 0]]})").status == http::Status::ok);
    }
    // One-vs-rest with every score far below 0: each sigmoid underflows, the answer must not.
    put(service, "ovr",
        model::Model(model::Kind::logistic_regression, two_features({"a", "b", "c"}),
                     model::Linear{3, model::Link::one_vs_rest, {1, 0, 0, 1, 1, 1}, {0, -1, -2}}));
    const http::Response r = predict(service, "ovr", R"({"features": [[-1e4, -1e4]]})");
    INFO(r.body);
    CHECK(r.status == http::Status::ok);
    CHECK(nlohmann::json::parse(r.body)["predictions"][0] == "a");
}
