// tests/rest/router_test.cpp: the router's decisions (matched, 404, 405 + Allow, 501, OPTIONS,
// HEAD from GET, 400) and the problem responses it builds. No sockets.
// The routes are a small "users" CRUD service, the shape the api layer registers.
// Run: ./glassbox_tests '[router]'
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <stdexcept>
#include <string>

#include "http/message.hpp"
#include "rest/router.hpp"

using glassbox::http::Method;
using glassbox::http::Request;
using glassbox::http::Response;
using glassbox::http::Status;
using glassbox::rest::Outcome;
using glassbox::rest::RouteMatch;

namespace {

using Handler = std::function<Response(const Request&, const RouteMatch&)>;
using Router = glassbox::rest::Router<Handler>;

/// A handler that answers with its own name, so a test can see which one was chosen.
Handler named(std::string name) {
    return [name](const Request&, const RouteMatch& m) {
        std::string body = name;
        for (const auto& p : m.params) body += " " + std::string(p.name) + "=" + p.value;
        return Response(Status::ok, "text/plain", body);
    };
}

Router users_router() {
    Router r;
    r.add(Method::get, "/", named("index"));
    r.add(Method::get, "/health", named("health"));
    r.add(Method::get, "/users", named("list"));
    r.add(Method::post, "/users", named("create"));
    r.add(Method::get, "/users/{id}", named("read"));
    r.add(Method::put, "/users/{id}", named("replace"));
    r.add(Method::delete_, "/users/{id}", named("delete"));
    r.add(Method::get, "/users/me", named("me"));
    r.add(Method::get, "/users/{id}/posts/{post}", named("post"));
    return r;
}

Request request(std::string method, std::string target) {
    Request req;
    req.method = glassbox::http::method_from_token(method);
    req.method_text = std::move(method);
    req.target = std::move(target);
    return req;
}

/// Routes and calls the handler, or builds the router's own response: the api layer's loop.
Response dispatch(const Router& router, const Request& req) {
    const RouteMatch m = router.match(req);
    if (m.outcome != Outcome::matched) return glassbox::rest::response_for(m);
    return router.handler(m)(req, m);
}

nlohmann::json problem_body(const Response& r) {
    REQUIRE(r.fields.find("Content-Type") != nullptr);
    CHECK(*r.fields.find("Content-Type") == "application/problem+json");
    auto body = nlohmann::json::parse(r.body);
    CHECK(body["type"] == "about:blank");
    CHECK(body["status"] == static_cast<int>(r.status));
    return body;
}

} // namespace

TEST_CASE("registered routes dispatch to their handlers with decoded params", "[rest][router]") {
    const Router r = users_router();
    CHECK(dispatch(r, request("GET", "/")).body == "index");
    CHECK(dispatch(r, request("GET", "/users")).body == "list");
    CHECK(dispatch(r, request("POST", "/users")).body == "create");
    CHECK(dispatch(r, request("GET", "/users/42")).body == "read id=42");
    CHECK(dispatch(r, request("PUT", "/users/a%2Fb")).body == "replace id=a/b");
    CHECK(dispatch(r, request("DELETE", "/users/42")).body == "delete id=42");
    CHECK(dispatch(r, request("GET", "/users/7/posts/9")).body == "post id=7 post=9");
    CHECK(dispatch(r, request("GET", "http://example.com/users/42?x=1")).body == "read id=42");
}

TEST_CASE("a literal pattern wins over a parameter, whatever the order of registration", "[rest][router]") {
    const Router r = users_router(); // "/users/me" was added after "/users/{id}"
    const RouteMatch m = r.match(Method::get, "/users/me");
    CHECK(m.outcome == Outcome::matched);
    CHECK(m.pattern == "/users/me");
    CHECK(r.handler(m)(Request{}, m).body == "me");
    // Pattern first, then method: "/users/me" has no DELETE, so 405 (not the {id} route).
    CHECK(r.match(Method::delete_, "/users/me").outcome == Outcome::method_not_allowed);
}

TEST_CASE("a match reports pattern, params and query", "[rest][router]") {
    const Router r = users_router();
    const RouteMatch m = r.match(Method::get, "/users/ada%20l?fields=name&x=a+b&flag");
    REQUIRE(m.outcome == Outcome::matched);
    CHECK(m.pattern == "/users/{id}");
    CHECK(m.path == "/users/ada%20l");
    REQUIRE(m.param("id") != nullptr);
    CHECK(*m.param("id") == "ada l");
    CHECK(m.param("nope") == nullptr);
    REQUIRE(m.query.size() == 3);
    CHECK(m.query[0].name == "fields");
    CHECK(m.query[1].value == "a b");
    CHECK(m.query[2].name == "flag");
    CHECK_FALSE(m.head);
}

TEST_CASE("unknown path is 404 with a hint for a person", "[rest][router]") {
    const Router r = users_router();
    // ("/users/" and "/users/42/" are 308s now: see "A trailing slash redirects ...".)
    for (const auto* target : {"/nope", "/nope/", "/users//posts/1", "/users/1/posts"}) {
        CAPTURE(target);
        CHECK(r.match(Method::get, target).outcome == Outcome::not_found);
    }
    const Response resp = dispatch(r, request("GET", "/nope"));
    CHECK(resp.status == Status::not_found);
    const auto body = problem_body(resp);
    CHECK(body["title"] == "Not Found");
    CHECK(body["detail"] == "No resource at /nope. Try GET / for the list of resources.");

    Router bare;
    bare.add(Method::get, "/health", named("health"));
    CHECK(problem_body(dispatch(bare, request("GET", "/x")))["detail"] == "No resource at /x.");
}

TEST_CASE("wrong method on a known path is 405 with Allow", "[rest][router]") {
    const Router r = users_router();
    const RouteMatch m = r.match(Method::delete_, "/health");
    CHECK(m.outcome == Outcome::method_not_allowed);
    CHECK(m.allow == "GET, HEAD, OPTIONS");
    CHECK(r.match(Method::patch, "/users/1").allow == "GET, HEAD, PUT, DELETE, OPTIONS");
    CHECK(r.match(Method::delete_, "/users").allow == "GET, HEAD, POST, OPTIONS");

    const Response resp = dispatch(r, request("DELETE", "/health"));
    CHECK(resp.status == Status::method_not_allowed);
    REQUIRE(resp.fields.find("Allow") != nullptr);
    CHECK(*resp.fields.find("Allow") == "GET, HEAD, OPTIONS");
    const auto body = problem_body(resp);
    CHECK(body["title"] == "Method Not Allowed");
    CHECK(body["detail"] == "DELETE is not allowed on /health. Allowed: GET, HEAD, OPTIONS.");
    CHECK(body["allow"] == nlohmann::json::array({"GET", "HEAD", "OPTIONS"}));
}

TEST_CASE("unknown method token is 501 on any path", "[rest][router]") {
    const Router r = users_router();
    for (const auto* target : {"/health", "/nope", "/%zz"}) {
        CAPTURE(target);
        const Response resp = dispatch(r, request("BREW", target));
        CHECK(resp.status == Status::not_implemented);
        CHECK(problem_body(resp)["detail"] == "BREW is not a method this server recognises. It recognises "
                                              "GET, HEAD, POST, PUT, DELETE, CONNECT, "
                                              "OPTIONS, TRACE and PATCH; a resource answers 405 to those it "
                                              "does not take and lists the ones it "
                                              "takes in Allow (ask with OPTIONS). Here the resources take "
                                              "GET, HEAD, POST, PUT, DELETE, OPTIONS.");
    }
}

TEST_CASE("OPTIONS on a known path is 204 with Allow", "[rest][router]") {
    const Router r = users_router();
    const Response resp = dispatch(r, request("OPTIONS", "/users/1"));
    CHECK(resp.status == Status::no_content);
    CHECK(resp.body.empty());
    REQUIRE(resp.fields.find("Allow") != nullptr);
    CHECK(*resp.fields.find("Allow") == "GET, HEAD, PUT, DELETE, OPTIONS");
    CHECK(resp.fields.find("Content-Type") == nullptr);

    CHECK(r.match(Method::options, "/nope").outcome == Outcome::not_found);
    const RouteMatch star = r.match(Method::options, "*");
    CHECK(star.outcome == Outcome::options);
    CHECK(star.allow == "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    CHECK(r.match(Method::get, "*").outcome == Outcome::bad_request);
}

TEST_CASE("an OPTIONS or HEAD handler of its own takes precedence", "[rest][router]") {
    Router r;
    r.add(Method::get, "/x", named("get"));
    r.add(Method::head, "/x", named("head"));
    r.add(Method::options, "/x", named("options"));
    const RouteMatch head = r.match(Method::head, "/x");
    CHECK(head.outcome == Outcome::matched);
    CHECK_FALSE(head.head);
    CHECK(r.handler(head)(Request{}, head).body == "head");
    CHECK(r.handler(r.match(Method::options, "/x"))(Request{}, head).body == "options");
    CHECK(r.match(Method::post, "/x").allow == "GET, HEAD, OPTIONS");
}

TEST_CASE("HEAD is served by GET's handler with the body to be dropped", "[rest][router]") {
    const Router r = users_router();
    const RouteMatch m = r.match(Method::head, "/users/5");
    REQUIRE(m.outcome == Outcome::matched);
    CHECK(m.head);
    CHECK(r.handler(m)(Request{}, m).body == "read id=5");
    CHECK_FALSE(r.match(Method::get, "/users/5").head);

    Router post_only;
    post_only.add(Method::post, "/jobs", named("create"));
    const RouteMatch no_get = post_only.match(Method::head, "/jobs");
    CHECK(no_get.outcome == Outcome::method_not_allowed);
    CHECK(no_get.allow == "POST, OPTIONS");
}

TEST_CASE("unreadable targets are 400 with the reason", "[rest][router]") {
    const Router r = users_router();
    for (const auto* target : {"/users/%zz", "/users/%4", "/users/1%", "example.com:443", "users"}) {
        CAPTURE(target);
        const Response resp = dispatch(r, request("GET", target));
        CHECK(resp.status == Status::bad_request);
        CHECK(problem_body(resp)["detail"].get<std::string>().rfind("The request-target ", 0) == 0);
    }
    CHECK(problem_body(dispatch(r, request("GET", "/users/%zz")))["detail"] ==
          "The request-target /users/%zz cannot be routed: a '%' in it is not followed by two hex digits "
          "(RFC 3986 section 2.1).");
}

TEST_CASE("a URN as request-target is 400 saying what a URN is", "[rest][router][uri]") {
    const Router r = users_router();
    const Response resp = dispatch(r, request("GET", "urn:isbn:0451450523"));
    CHECK(resp.status == Status::bad_request);
    const std::string detail = problem_body(resp)["detail"];
    CHECK(detail ==
          "The request-target urn:isbn:0451450523 cannot be routed: it is a URN, a Uniform "
          "Resource Name (RFC 8141), which names a thing (urn:isbn: names a book) for as long as it "
          "exists but says nothing of where it is: no host, no path, so no server can fetch it. "
          "Send a URL's path instead, such as /models, or a whole URL, such as "
          "http://host/models.");
    // Any other scheme without "//" names no place on a server either (mailto:, tel:, data:).
    const Response mailto = dispatch(r, request("GET", "mailto:a@example.com"));
    CHECK(mailto.status == Status::bad_request);
    CHECK(problem_body(mailto)["detail"] ==
          "The request-target mailto:a@example.com cannot be routed: it is a URI with a scheme but no "
          "'//' and host after the colon (as mailto: and tel:), so it names no place on a server. Send a "
          "path such as /models, or a URL such as http://host/models.");
    // The absolute-form of a URL is accepted (RFC 9112 §3.2.2: a server MUST accept it).
    CHECK(dispatch(r, request("GET", "http://example.com/users/7")).body == "read id=7");
}

TEST_CASE("hostile paths still give valid JSON problems", "[rest][router]") {
    const Router r = users_router();
    const Response resp = dispatch(r, request("GET", std::string("/\"\\\x01\xff", 5)));
    CHECK(resp.status == Status::not_found);
    CHECK(problem_body(resp)["detail"] ==
          "No resource at /\"\\\x01\xef\xbf\xbd. Try GET / for the list of resources.");
}

TEST_CASE("the route list gives patterns, methods and Allow", "[rest][router]") {
    const Router r = users_router();
    std::string listing;
    for (const auto& route : r.routes()) {
        listing += std::string(route.pattern) + " [";
        for (const Method m : route.methods) listing += std::string(glassbox::http::method_token(m)) + " ";
        listing += "] " + std::string(route.allow) + "\n";
    }
    CHECK(listing == "/ [GET ] GET, HEAD, OPTIONS\n"
                     "/health [GET ] GET, HEAD, OPTIONS\n"
                     "/users [GET POST ] GET, HEAD, POST, OPTIONS\n"
                     "/users/me [GET ] GET, HEAD, OPTIONS\n"
                     "/users/{id} [GET PUT DELETE ] GET, HEAD, PUT, DELETE, OPTIONS\n"
                     "/users/{id}/posts/{post} [GET ] GET, HEAD, OPTIONS\n");
}

TEST_CASE("a resource is registered once, with its description", "[rest][router]") {
    Router r;
    r.add("/users/{id}", "one user", {{Method::get, named("read")}, {Method::delete_, named("remove")}});
    r.add("/users", "every user", {{Method::get, named("list")}});
    r.add("/", "the index", {{Method::get, named("index")}});
    // routes() keeps the order tried (PathPattern::tried_before); `number` the order registered.
    std::string listing;
    for (const auto& route : r.routes())
        listing += std::to_string(route.number) + " " + std::string(route.pattern) + " " +
                   std::string(route.allow) + ": " + std::string(route.description) + "\n";
    CHECK(listing == "1 /users GET, HEAD, OPTIONS: every user\n"
                     "2 / GET, HEAD, OPTIONS: the index\n"
                     "0 /users/{id} GET, HEAD, DELETE, OPTIONS: one user\n");
    // A match names its resource by that number, whatever the outcome that found the pattern.
    CHECK(r.match(Method::delete_, "/users/7").resource == 0);
    CHECK(r.match(Method::head, "/users").resource == 1);
    CHECK(r.match(Method::post, "/users").outcome == Outcome::method_not_allowed);
    CHECK(r.match(Method::post, "/users").resource == 1);
    CHECK(r.match(Method::options, "/").resource == 2);
    CHECK(r.match(Method::get, "/users/7/").outcome == Outcome::redirect);
    CHECK(r.match(Method::get, "/users/7/").resource == 0);
    CHECK(r.match(Method::get, "/nope").resource == glassbox::rest::no_resource);
    CHECK(r.match(Method::options, "*").resource == glassbox::rest::no_resource);
    const RouteMatch m = r.match(Method::delete_, "/users/7");
    CHECK(r.handler(m)(Request{}, m).body == "remove id=7");
    // Described once: a second description, or one for a pattern never added, is a mistake.
    CHECK_THROWS_AS(r.add("/users", "again", {{Method::post, named("create")}}), std::invalid_argument);
    glassbox::rest::RouteTable table;
    CHECK_THROWS_AS(table.describe("/x", "nothing here"), std::invalid_argument);
}

TEST_CASE("registration mistakes are refused", "[rest][router]") {
    Router r;
    r.add(Method::get, "/users/{id}", named("read"));
    CHECK_THROWS_AS(r.add(Method::get, "/users/{id}", named("again")), std::invalid_argument);
    CHECK_THROWS_AS(r.add(Method::put, "/users/{name}", named("shadow")), std::invalid_argument);
    CHECK_THROWS_AS(r.add(Method::unknown, "/x", named("x")), std::invalid_argument);
    CHECK_THROWS_AS(r.add(Method::get, "no-slash", named("x")), std::invalid_argument);
    // The failed registrations left no trace: the table still has one route, one method.
    REQUIRE(r.routes().size() == 1);
    CHECK(r.routes()[0].methods.size() == 1);
    const RouteMatch m = r.match(Method::get, "/users/1");
    CHECK(r.handler(m)(Request{}, m).body == "read id=1");
}

TEST_CASE("A trailing slash redirects 308 to the resource without it", "[router][308]") {
    const Router router = users_router();
    for (const auto& [target, location] :
         {std::pair<std::string, std::string>{"/users/", "/users"},
          {"/users/7/", "/users/7"},
          {"/users/7/posts/3/?full=1&x=%20", "/users/7/posts/3?full=1&x=%20"},
          {"http://localhost:8000/health/", "/health"}}) {
        for (const std::string method : {"GET", "HEAD", "POST", "DELETE"}) {
            INFO(method << " " << target);
            const Response r = dispatch(router, request(method, target));
            CHECK(r.status == Status::permanent_redirect);
            REQUIRE(r.fields.find("Location") != nullptr);
            CHECK(*r.fields.find("Location") == location);     // the query kept, as sent
            CHECK(r.body.find(location) != std::string::npos); // the body says it for a person
        }
    }
    // "/" is the root, not a path with a trailing slash; a path that is absent either way is
    // 404, and so is one with two slashes (one redirect, never a chain).
    CHECK(dispatch(router, request("GET", "/")).status == Status::ok);
    CHECK(dispatch(router, request("GET", "/nope/")).status == Status::not_found);
    CHECK(dispatch(router, request("GET", "/users//")).status == Status::not_found);
    const RouteMatch m = router.match(request("GET", "/users/7/"));
    CHECK(m.outcome == Outcome::redirect);
    CHECK(m.pattern == "/users/{id}");
}
