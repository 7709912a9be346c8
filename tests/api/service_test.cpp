// tests/api/service_test.cpp: the resources answered through Service::handle, no sockets:
// problem bodies, access control, /metrics as Prometheus text, /openapi.json vs the router.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "api/access.hpp"
#include "api/service.hpp"
#include "model/file.hpp"
#include "support/process.hpp"
#include "support/service_calls.hpp"
#include "support/test_engine.hpp"

using glassbox::api::Service;
using glassbox::api::ServiceOptions;
namespace http = glassbox::http;
using glassbox::test::call;
using glassbox::test::iris_service;
using glassbox::test::model_bytes;
using glassbox::test::model_path;

namespace {

http::Response predict(Service& service, std::string body, std::string type = "application/json") {
    return call(service, http::Method::post, "/models/iris/predictions", std::move(body),
                {{"Content-Type", type}});
}

/// A Prometheus text-format sample: name, labels, value.
struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0.0;
};

/// A small parser for the text exposition format 0.0.4: fails the test on any bad line.
std::vector<Sample> parse_prometheus(const std::string& text) {
    std::vector<Sample> samples;
    std::set<std::string> typed;
    std::size_t start = 0;
    const auto is_name_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':';
    };
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        REQUIRE(end != std::string::npos); // every line ends with \n
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        INFO(line);
        if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
            std::istringstream in(line.substr(7));
            std::string name, rest;
            in >> name >> rest;
            CHECK(!name.empty());
            CHECK(std::all_of(name.begin(), name.end(), is_name_char));
            if (line.starts_with("# TYPE ")) {
                CHECK((rest == "counter" || rest == "gauge" || rest == "histogram"));
                CHECK(typed.insert(name).second); // one TYPE per family
            }
            continue;
        }
        REQUIRE_FALSE(line.starts_with("#"));
        Sample s;
        std::size_t i = 0;
        while (i < line.size() && is_name_char(line[i])) ++i;
        s.name = line.substr(0, i);
        REQUIRE(!s.name.empty());
        if (i < line.size() && line[i] == '{') {
            ++i;
            while (line.at(i) != '}') {
                const std::size_t eq = line.find('=', i);
                REQUIRE(eq != std::string::npos);
                const std::string key = line.substr(i, eq - i);
                REQUIRE(line.at(eq + 1) == '"');
                std::string value;
                std::size_t j = eq + 2;
                for (; line.at(j) != '"'; ++j) {
                    if (line[j] == '\\') ++j;
                    value += line.at(j);
                }
                s.labels[key] = value;
                i = j + 1;
                if (line.at(i) == ',') ++i;
            }
            ++i;
        }
        REQUIRE(line.at(i) == ' ');
        const std::string number = line.substr(i + 1);
        if (number == "NaN" || number == "+Inf" || number == "-Inf") {
            s.value = number == "NaN" ? std::nan("") : (number == "+Inf" ? INFINITY : -INFINITY);
        } else {
            std::size_t used = 0;
            s.value = std::stod(number, &used);
            REQUIRE(used == number.size());
        }
        // Every sample belongs to a family declared by TYPE before it.
        const bool declared =
            typed.count(s.name) ||
            (s.name.ends_with("_bucket") && typed.count(s.name.substr(0, s.name.size() - 7))) ||
            (s.name.ends_with("_sum") && typed.count(s.name.substr(0, s.name.size() - 4))) ||
            (s.name.ends_with("_count") && typed.count(s.name.substr(0, s.name.size() - 6)));
        CHECK(declared);
        samples.push_back(std::move(s));
    }
    return samples;
}

double value_of(const std::vector<Sample>& samples, const std::string& name,
                const std::map<std::string, std::string>& labels = {}) {
    for (const auto& s : samples)
        if (s.name == name && s.labels == labels) return s.value;
    FAIL("no sample " + name);
    return 0.0;
}

} // namespace

TEST_CASE("predictions for two iris rows: labels and probabilities", "[api][service]") {
    auto service = iris_service();
    const auto r = predict(*service, R"({"features": [[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]})");
    REQUIRE(r.status == http::Status::ok);
    const auto body = nlohmann::json::parse(r.body);
    CHECK(body["model"] == "iris");
    CHECK(body["predictions"] == nlohmann::json({"setosa", "virginica"}));
    for (const auto& row : body["probabilities"]) {
        double sum = 0;
        for (double p : row) sum += p;
        CHECK(sum == Approx(1.0).margin(1e-9));
    }
}

TEST_CASE("each feature error is the problem+json the docs promise", "[api][service]") {
    auto service = iris_service();
    auto r = predict(*service, R"({"features": [[5.1,3.5,1.4]]})");
    CHECK(r.status == http::Status::unprocessable_content);
    CHECK(*r.fields.find("Content-Type") == "application/problem+json");
    CHECK(r.body ==
          R"({"type":"/problems/wrong-feature-count","title":"Unprocessable Content","status":422,)"
          R"("detail":"Row 0 has 3 values, but the model takes 4. Model 'iris' takes, in order: )"
          R"(sepal_length, sepal_width, petal_length, petal_width.","row":0,"expected":4,"got":3})");
    r = predict(*service, R"({"features": [[5.1,3.5,1.4,1e999]]})");
    CHECK(r.body ==
          R"({"type":"/problems/not-finite","title":"Unprocessable Content","status":422,"detail":)"
          R"("features[0][3] (row 0, column 3) is too large for a double (it would be infinity); every )"
          R"(feature must be a finite number.","row":0,"column":3})");
    r = predict(*service, R"({"features": [[5.1,"x",1.4,1]]})");
    CHECK(r.status == http::Status::unprocessable_content);
    CHECK(r.body.find(R"("type":"/problems/not-a-number")") != std::string::npos);
    r = predict(*service, R"({"features": [[5.1,NaN,1.4,1]]})");
    CHECK(r.status == http::Status::bad_request);
    CHECK(r.body.find(R"("type":"/problems/malformed-json")") != std::string::npos);
    CHECK(r.body.find(R"("position":19)") != std::string::npos);
    r = predict(*service, R"({"features": [[5.1,3.5,1.4,0.2]]})", "application/x-www-form-urlencoded");
    CHECK(r.status == http::Status::unsupported_media_type);
    CHECK(r.body ==
          R"({"type":"/problems/not-json","title":"Unsupported Media Type","status":415,"detail":"The )"
          R"(body is declared as 'application/x-www-form-urlencoded', but predictions take JSON )"
          R"((Content-Type: application/json). With curl: curl --json '{\"features\": [[...]]}' URL"})");
    CHECK(predict(*service, "{}", "application/problem+json; charset=utf-8").status ==
          http::Status::unprocessable_content); // +json counts as JSON
    r = call(*service, http::Method::post, "/models/nope/predictions", "{}",
             {{"Content-Type", "application/json"}});
    CHECK(r.body ==
          R"({"type":"/problems/unknown-model","title":"Not Found","status":404,"detail":"There is no )"
          R"(model named 'nope'. GET /models lists the models served.","model":"nope"})");
    r = call(*service, http::Method::get, "/models/bad.name");
    CHECK(r.status == http::Status::bad_request);
    CHECK(r.body.find(R"("type":"/problems/bad-model-name")") != std::string::npos);
    CHECK(call(*service, http::Method::get, "/models/" + std::string(65, 'a')).status ==
          http::Status::bad_request);
    CHECK(call(*service, http::Method::get, "/models/" + std::string(64, 'a')).status ==
          http::Status::not_found);
}

TEST_CASE("the max_rows limit: one row past it is 413", "[api][service]") {
    ServiceOptions options;
    options.max_rows = 2;
    auto service = iris_service(options);
    CHECK(predict(*service, R"({"features": [[1,2,3,4],[1,2,3,4]]})").status == http::Status::ok);
    const auto r = predict(*service, R"({"features": [[1,2,3,4],[1,2,3,4],[1,2,3,4]]})");
    CHECK(r.status == http::Status::content_too_large);
    CHECK(r.body.find(R"("type":"/problems/too-many-rows")") != std::string::npos);
    CHECK(r.body.find(R"("max_rows":2)") != std::string::npos);
}

TEST_CASE("PUT and DELETE with a token: 401 without it or with a wrong one", "[api][service][access]") {
    ServiceOptions options;
    options.token = "s3cret";
    auto service = iris_service(options);
    auto r = call(*service, http::Method::delete_, "/models/iris");
    CHECK(r.status == http::Status::unauthorized);
    CHECK(*r.fields.find("WWW-Authenticate") == R"(Bearer realm="glassbox")");
    r = call(*service, http::Method::put, "/models/iris", model_bytes(), {{"Authorization", "Bearer wrong"}});
    CHECK(r.status == http::Status::unauthorized);
    CHECK(r.fields.find("WWW-Authenticate")->find("invalid_token") != std::string::npos);
    CHECK(predict(*service, R"({"features": [1,2,3,4]})").status == http::Status::ok); // reads stay open
    r = call(*service, http::Method::put, "/models/iris", model_bytes(),
             {{"Authorization", "Bearer s3cret"}});
    CHECK(r.status == http::Status::ok);
    CHECK(*r.fields.find("Location") == "/models/iris");
    r = call(*service, http::Method::delete_, "/models/iris", "", {{"Authorization", "bearer s3cret"}});
    CHECK(r.status == http::Status::no_content);
    CHECK(call(*service, http::Method::get, "/models/iris").status == http::Status::not_found);
}

TEST_CASE("writes refused with 403 when not allowed (non-loopback without a token)",
          "[api][service][access]") {
    ServiceOptions options;
    options.writes_allowed = false;
    auto service = iris_service(options);
    auto r = call(*service, http::Method::delete_, "/models/iris");
    CHECK(r.status == http::Status::forbidden);
    CHECK(r.body.find(R"("type":"/problems/writes-disabled")") != std::string::npos);
    CHECK(call(*service, http::Method::put, "/models/x", model_bytes()).status == http::Status::forbidden);
    CHECK(call(*service, http::Method::get, "/models/iris").status == http::Status::ok);
}

TEST_CASE("constant-time comparison and bearer parsing", "[api][access]") {
    using glassbox::api::constant_time_equals;
    CHECK(constant_time_equals("abc", "abc"));
    CHECK_FALSE(constant_time_equals("abd", "abc"));
    CHECK_FALSE(constant_time_equals("ab", "abc"));
    CHECK_FALSE(constant_time_equals("abcd", "abc"));
    CHECK_FALSE(constant_time_equals("", "abc"));
}

TEST_CASE("PUT: 201 new with Location, 200 replaced, garbage 422 and nothing changes", "[api][service]") {
    auto service = iris_service();
    auto r = call(*service, http::Method::put, "/models/copy", model_bytes());
    CHECK(r.status == http::Status::created);
    CHECK(*r.fields.find("Location") == "/models/copy");
    CHECK(nlohmann::json::parse(r.body)["source"] == "upload");
    CHECK(call(*service, http::Method::put, "/models/copy", model_bytes()).status == http::Status::ok);
    std::string broken = model_bytes();
    broken[broken.size() / 2] ^= 0x01;
    r = call(*service, http::Method::put, "/models/iris", broken);
    CHECK(r.status == http::Status::unprocessable_content);
    CHECK(r.body.find(R"("type":"/problems/invalid-model-file")") != std::string::npos);
    CHECK(r.body.find("checksum") != std::string::npos);
    CHECK(predict(*service, R"({"features": [5.1,3.5,1.4,0.2]})").status == http::Status::ok);
    CHECK(call(*service, http::Method::delete_, "/models/copy").status == http::Status::no_content);
    CHECK(call(*service, http::Method::delete_, "/models/copy").status == http::Status::not_found);
    CHECK(service->metrics().events(glassbox::api::ModelEvent::failed) == 1);
    CHECK(service->metrics().events(glassbox::api::ModelEvent::deleted) == 1);
}

TEST_CASE("/metrics parses as Prometheus text and counts what happened", "[api][service][metrics]") {
    auto service = iris_service();
    predict(*service, R"({"features": [[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]})");
    predict(*service, R"({"features": [[5.1,3.5,1.4]]})");
    call(*service, http::Method::get, "/nope");
    const auto r = call(*service, http::Method::get, "/metrics");
    REQUIRE(r.status == http::Status::ok);
    CHECK(*r.fields.find("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    const auto samples = parse_prometheus(r.body);
    CHECK(value_of(samples, "glassbox_http_requests_total",
                   {{"route", "/models/{name}/predictions"}, {"code", "2xx"}}) == 1);
    CHECK(value_of(samples, "glassbox_http_requests_total",
                   {{"route", "/models/{name}/predictions"}, {"code", "4xx"}}) == 1);
    CHECK(value_of(samples, "glassbox_http_requests_total", {{"route", "unmatched"}, {"code", "4xx"}}) == 1);
    CHECK(value_of(samples, "glassbox_http_request_duration_seconds_count") == 3);
    CHECK(value_of(samples, "glassbox_http_request_duration_seconds_bucket", {{"le", "+Inf"}}) == 3);
    CHECK(value_of(samples, "glassbox_predictions_total", {{"model", "iris"}}) == 2);
    CHECK(value_of(samples, "glassbox_model_events_total", {{"event", "loaded"}}) == 1);
    CHECK(value_of(samples, "glassbox_drift_rows", {{"model", "iris"}}) == 2);
    CHECK(value_of(samples, "glassbox_drift_live_mean", {{"model", "iris"}, {"feature", "sepal_length"}}) ==
          Approx(5.9));
}

TEST_CASE("/openapi.json lists exactly the router's routes and methods", "[api][service][openapi]") {
    Service service(glassbox::test::with_test_engine());
    const auto r = call(service, http::Method::get, "/openapi.json");
    REQUIRE(r.status == http::Status::ok);
    const auto doc = nlohmann::json::parse(r.body);
    CHECK(doc["openapi"] == "3.0.3");
    std::set<std::string> documented;
    for (const auto& [path, operations] : doc["paths"].items())
        for (const auto& [method, operation] : operations.items()) documented.insert(method + " " + path);
    std::set<std::string> routed;
    for (const auto& route : service.router().routes()) {
        for (const auto method : route.methods) {
            std::string token(http::method_token(method));
            std::transform(token.begin(), token.end(), token.begin(),
                           [](char c) { return char(std::tolower(c)); });
            routed.insert(token + " " + std::string(route.pattern));
        }
    }
    CHECK(documented == routed);
}

TEST_CASE("each route is described in the index and counted under its own label", "[api][service][metrics]") {
    // The router's list is the one home of the resources: GET / and /metrics read it. A route
    // added without a description, or past Metrics::max_routes, fails here.
    Service service(glassbox::test::with_test_engine());
    const auto index = nlohmann::json::parse(call(service, http::Method::get, "/").body);
    std::map<std::string, std::string> described;
    for (const auto& resource : index["resources"]) described[resource["path"]] = resource["description"];
    const auto routes = service.router().routes();
    REQUIRE(routes.size() > 10);
    for (const auto& route : routes) {
        const std::string pattern(route.pattern);
        INFO(pattern);
        CHECK_FALSE(route.description.empty());
        CHECK(described[pattern] == route.description);
        std::string path = pattern;
        if (const auto at = path.find("{name}"); at != std::string::npos) path.replace(at, 6, "iris");
        CHECK(call(service, http::Method::options, path).status == http::Status::no_content);
    }
    const auto samples = parse_prometheus(call(service, http::Method::get, "/metrics").body);
    for (const auto& route : routes) {
        INFO(route.pattern);
        const double expected = route.pattern == "/" ? 2 : 1; // OPTIONS, and the GET of the index
        CHECK(value_of(samples, "glassbox_http_requests_total",
                       {{"route", std::string(route.pattern)}, {"code", "2xx"}}) == expected);
    }
}
