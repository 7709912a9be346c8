// tests/api/conditional_test.cpp: conditional requests on /models/{name}, without sockets.
// Course topic: validators (ETag) and preconditions: 304 for a cache that is still fresh,
// 412 for a change based on a model that is no longer there (RFC 9110 §8.8.3, §13).
#include <catch2/catch.hpp>

#include "support/service_calls.hpp"

using glassbox::http::Method;
using glassbox::http::Status;
using glassbox::test::call;
using glassbox::test::iris_service;

namespace {

/// The ETag of model.bin as GET /models/iris answers it.
std::string iris_tag(glassbox::api::Service& service) {
    const auto r = call(service, Method::get, "/models/iris");
    REQUIRE(r.status == Status::ok);
    const std::string* tag = r.fields.find("ETag");
    REQUIRE(tag != nullptr);
    return *tag;
}

} // namespace

// (Test names stay under 79 characters: Catch2 v2 loops forever wrapping some longer ones.)
TEST_CASE("GET /models/{name} sends a strong ETag from the checksum", "[api][conditional]") {
    auto service = iris_service();
    const auto r = call(*service, Method::get, "/models/iris");
    REQUIRE(r.fields.find("ETag") != nullptr);
    const std::string tag = *r.fields.find("ETag");
    CHECK(tag.rfind("\"crc32-", 0) == 0); // strong: no W/ prefix
    CHECK(tag.size() == 16);
    // The metadata's checksum and the tag name the same CRC-32.
    CHECK(r.body.find("\"checksum\":\"crc32:" + tag.substr(7, 8) + "\"") != std::string::npos);
    REQUIRE(r.fields.find("Cache-Control") != nullptr);
    CHECK(*r.fields.find("Cache-Control") == "no-cache");
}

TEST_CASE("If-None-Match naming the current tag is 304 with no body", "[api][conditional][304]") {
    auto service = iris_service();
    const std::string tag = iris_tag(*service);
    for (const std::string& value :
         {tag, "W/" + tag, "\"other\", " + tag, std::string("*"), "\"a\",\t" + tag + " , \"b\""}) {
        for (const Method method : {Method::get, Method::head}) {
            const auto r = call(*service, method, "/models/iris", "", {{"If-None-Match", value}});
            INFO(value);
            CHECK(r.status == Status::not_modified);
            CHECK(r.body.empty());
            REQUIRE(r.fields.find("ETag") != nullptr);
            CHECK(*r.fields.find("ETag") == tag);
            CHECK(r.fields.find("Content-Type") == nullptr);
        }
    }
    for (const std::string& value : {std::string("\"crc32-00000000\""), std::string("\"other\", W/\"x\""),
                                     tag.substr(1, 14), std::string("")}) {
        const auto r = call(*service, Method::get, "/models/iris", "", {{"If-None-Match", value}});
        INFO(value);
        CHECK(r.status == Status::ok);
        CHECK_FALSE(r.body.empty());
    }
    // Two field lines make one list (RFC 9110 §5.3).
    const auto r = call(*service, Method::get, "/models/iris", "",
                        {{"If-None-Match", "\"other\""}, {"If-None-Match", tag}});
    CHECK(r.status == Status::not_modified);
    // An unknown model is 404, whatever the preconditions (RFC 9110 §13.2.1).
    CHECK(call(*service, Method::get, "/models/nope", "", {{"If-None-Match", "*"}}).status ==
          Status::not_found);
}

TEST_CASE("A comma inside an entity-tag does not split it", "[api][conditional][304]") {
    // RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text, and ',' is %x2C: "x,*,y" is one
    // tag. Split at every comma it would read as a "*" between two halves, and match.
    auto service = iris_service();
    const std::string tag = iris_tag(*service);
    for (const std::string value : {"\"x,*,y\"", "W/\"x, *\"", "\"a,\" , \",*,\""}) {
        INFO(value);
        CHECK(call(*service, Method::get, "/models/iris", "", {{"If-None-Match", value}}).status ==
              Status::ok);
    }
    // Tags with commas in a list still leave the others readable.
    for (const std::string& value : {"\"a,b\", " + tag, "W/\",\"," + tag, "\"x,*,y\",\t" + tag + " ,"}) {
        INFO(value);
        CHECK(call(*service, Method::get, "/models/iris", "", {{"If-None-Match", value}}).status ==
              Status::not_modified);
    }
}

TEST_CASE("PUT with an If-Match naming another version is 412 and changes nothing",
          "[api][conditional][412]") {
    auto service = iris_service();
    const std::string tag = iris_tag(*service);
    const std::string bytes = glassbox::test::model_bytes();
    // A stale or garbled tag: 412 with the tag served now, and the model untouched.
    for (const std::string& value : {std::string("\"crc32-00000000\""), "W/" + tag, std::string("garbage")}) {
        INFO(value);
        const auto r = call(*service, Method::put, "/models/iris", bytes, {{"If-Match", value}});
        CHECK(r.status == Status::precondition_failed);
        CHECK(r.body.find("/problems/precondition-failed") != std::string::npos);
        CHECK(r.body.find(tag.substr(1, 14)) != std::string::npos); // names the current ETag
    }
    // 412 comes before the body is judged (RFC 9110 §13.2.2): a bad file with a stale tag is 412.
    CHECK(call(*service, Method::put, "/models/iris", "not a model", {{"If-Match", "\"x\""}}).status ==
          Status::precondition_failed);
    // The current tag (strong comparison) or "*" lets the replacement through, answering the new tag.
    for (const std::string& value : {tag, "\"x\", " + tag, std::string("*")}) {
        INFO(value);
        const auto r = call(*service, Method::put, "/models/iris", bytes, {{"If-Match", value}});
        CHECK(r.status == Status::ok);
        REQUIRE(r.fields.find("ETag") != nullptr);
        CHECK(*r.fields.find("ETag") == tag); // the same file again: the same tag
    }
    // If-Match: * on a name that serves nothing: there is nothing to match.
    const auto absent = call(*service, Method::put, "/models/other", bytes, {{"If-Match", "*"}});
    CHECK(absent.status == Status::precondition_failed);
    CHECK(call(*service, Method::get, "/models/other").status == Status::not_found);
}

TEST_CASE("PUT with If-None-Match: * creates only when the name is free", "[api][conditional][412]") {
    auto service = iris_service();
    const std::string bytes = glassbox::test::model_bytes();
    CHECK(call(*service, Method::put, "/models/iris", bytes, {{"If-None-Match", "*"}}).status ==
          Status::precondition_failed);
    CHECK(call(*service, Method::put, "/models/iris2", bytes, {{"If-None-Match", "*"}}).status ==
          Status::created);
    CHECK(call(*service, Method::put, "/models/iris2", bytes, {{"If-None-Match", "*"}}).status ==
          Status::precondition_failed);
}

TEST_CASE("DELETE honours If-Match: a stale tag keeps the model", "[api][conditional][412]") {
    auto service = iris_service();
    const std::string tag = iris_tag(*service);
    const auto stale =
        call(*service, Method::delete_, "/models/iris", "", {{"If-Match", "\"crc32-00000000\""}});
    CHECK(stale.status == Status::precondition_failed);
    CHECK(call(*service, Method::get, "/models/iris").status == Status::ok);
    CHECK(call(*service, Method::delete_, "/models/iris", "", {{"If-Match", tag}}).status ==
          Status::no_content);
    // Gone now: 404 first, whatever the preconditions say (RFC 9110 §13.2.1).
    CHECK(call(*service, Method::delete_, "/models/iris", "", {{"If-Match", tag}}).status ==
          Status::not_found);
}

TEST_CASE("A failing If-Match is answered from the header section alone", "[api][conditional][412]") {
    // check_head decides before the body is read, so a client with a stale tag does not
    // upload the whole file first.
    auto service = iris_service();
    glassbox::http::Request head;
    head.method = Method::put;
    head.method_text = "PUT";
    head.target = "/models/iris";
    head.fields.add("Host", "localhost");
    head.fields.add("If-Match", "\"crc32-00000000\"");
    glassbox::trace::Trace trace;
    const auto early = service->check_head(head, trace);
    REQUIRE(early.has_value());
    CHECK(early->status == Status::precondition_failed);
    head.fields.set("If-Match", iris_tag(*service));
    CHECK_FALSE(service->check_head(head, trace).has_value());
}
