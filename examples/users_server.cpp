// examples/users_server.cpp: the course's /rest/users CRUD service, on glassbox's own router.
// Course topic: REST: two resources (the collection /rest/users and one user
// /rest/users/{id}) and the methods on them: GET (read), POST (create), PUT (replace), DELETE.
// Nothing here knows about models: net::Server and rest::Router are general.
// Try: ./build/release/users_server --port 8001 (after scripts/serve.sh), then curl -i http://127.0.0.1:8001/rest/users
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/problem.hpp"
#include "net/endpoint.hpp"
#include "net/server.hpp"
#include "rest/router.hpp"
#include "trace/trace.hpp"

namespace {

using glassbox::http::Method;
using glassbox::http::Request;
using glassbox::http::Response;
using glassbox::http::Status;
using glassbox::rest::RouteMatch;
using Handler = std::function<Response(const Request&, const RouteMatch&)>;

constexpr std::string_view json_type = "application/json";

/// The in-memory store: users by id. Worker threads share it, so a mutex guards it.
class Users {
public:
    /// All users as a JSON array, in id order.
    nlohmann::json list() const {
        const std::lock_guard lock(mutex_);
        nlohmann::json out = nlohmann::json::array();
        for (const auto& [id, user] : users_) out.push_back(with_id(id, user));
        return out;
    }
    /// One user, or null when there is none with this id.
    nlohmann::json find(long id) const {
        const std::lock_guard lock(mutex_);
        const auto it = users_.find(id);
        return it == users_.end() ? nlohmann::json() : with_id(id, it->second);
    }
    /// Stores a new user and returns it with its id.
    nlohmann::json create(nlohmann::json user) {
        const std::lock_guard lock(mutex_);
        const long id = next_id_++;
        users_[id] = user;
        return with_id(id, user);
    }
    /// Replaces a user; false when there is none with this id.
    bool replace(long id, nlohmann::json user) {
        const std::lock_guard lock(mutex_);
        const auto it = users_.find(id);
        if (it == users_.end()) return false;
        it->second = std::move(user);
        return true;
    }
    /// Removes a user; false when there is none with this id.
    bool remove(long id) {
        const std::lock_guard lock(mutex_);
        return users_.erase(id) == 1;
    }

private:
    static nlohmann::json with_id(long id, nlohmann::json user) {
        user["id"] = id;
        return user;
    }
    mutable std::mutex mutex_;
    std::map<long, nlohmann::json> users_;
    long next_id_ = 1;
};

/// The {id} parameter as a number, or -1 when it is not one.
long id_of(const RouteMatch& match) {
    const std::string* text = match.param("id");
    long id = -1;
    if (text == nullptr) return -1;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
    return (ec == std::errc{} && end == text->data() + text->size() && id > 0) ? id : -1;
}

/// The request body as a user {"name": string, "email": string}, or a problem response.
bool read_user(const Request& request, nlohmann::json& user, Response& error) {
    const std::string* type = request.fields.find("Content-Type");
    if (type == nullptr || type->find("application/json") == std::string::npos) {
        error = glassbox::http::problem(
            Status::unsupported_media_type,
            "Send the user as JSON: curl --json '{\"name\":\"Ada\",\"email\":\"ada@example.org\"}'.");
        return false;
    }
    user = nlohmann::json::parse(request.body, nullptr, false);
    if (user.is_discarded()) {
        error = glassbox::http::problem(Status::bad_request, "The body is not valid JSON.");
        return false;
    }
    if (!user.is_object() || !user.contains("name") || !user["name"].is_string() || !user.contains("email") ||
        !user["email"].is_string()) {
        error = glassbox::http::problem(Status::unprocessable_content,
                                        "A user is an object with a string \"name\" and a string \"email\".");
        return false;
    }
    user = {{"name", user["name"]}, {"email", user["email"]}};
    return true;
}

Response not_found(const RouteMatch& match) {
    return glassbox::http::problem(Status::not_found, "No user at " + std::string(match.path) + ".");
}

glassbox::rest::Router<Handler> users_router(Users& users) {
    glassbox::rest::Router<Handler> router;
    router.add(Method::get, "/rest/users", [&users](const Request&, const RouteMatch&) {
        return Response(Status::ok, std::string(json_type), users.list().dump());
    });
    router.add(Method::post, "/rest/users", [&users](const Request& request, const RouteMatch&) {
        nlohmann::json user;
        Response error;
        if (!read_user(request, user, error)) return error;
        const nlohmann::json created = users.create(std::move(user));
        Response response(Status::created, std::string(json_type), created.dump());
        // RFC 9110 §15.3.2: 201 names the new resource in Location.
        response.fields.add("Location", "/rest/users/" + std::to_string(created["id"].get<long>()));
        return response;
    });
    router.add(Method::get, "/rest/users/{id}", [&users](const Request&, const RouteMatch& match) {
        const nlohmann::json user = users.find(id_of(match));
        if (user.is_null()) return not_found(match);
        return Response(Status::ok, std::string(json_type), user.dump());
    });
    router.add(Method::put, "/rest/users/{id}", [&users](const Request& request, const RouteMatch& match) {
        nlohmann::json user;
        Response error;
        if (!read_user(request, user, error)) return error;
        if (!users.replace(id_of(match), user)) return not_found(match);
        return Response(Status::ok, std::string(json_type), users.find(id_of(match)).dump());
    });
    router.add(Method::delete_, "/rest/users/{id}", [&users](const Request&, const RouteMatch& match) {
        if (!users.remove(id_of(match))) return not_found(match);
        return Response(Status::no_content, "", "");
    });
    // A bug on purpose, as a real handler might have one (an .at() past the end, say): it
    // throws. net::Server answers 500 with a problem, traces the exception's message, and
    // goes on serving. Try: curl -i http://127.0.0.1:8001/rest/bug
    router.add(Method::get, "/rest/bug", [](const Request&, const RouteMatch&) -> Response {
        throw std::logic_error("GET /rest/bug fails on purpose, to show a 500");
    });
    return router;
}

/// A port number from 0 to 65535, or false.
bool parse_port(std::string_view text, unsigned& port) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    return ec == std::errc{} && end == text.data() + text.size() && port <= 65535;
}

} // namespace

int main(int argc, char** argv) {
    glassbox::net::ServerOptions options;
    options.port = 8001;
    glassbox::trace::Sink sink(stderr, false, false);
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        unsigned port = 0;
        if (arg == "--port" && i + 1 < argc && parse_port(argv[++i], port)) {
            options.port = static_cast<std::uint16_t>(port);
        } else if (arg == "--trace") {
            options.trace = &sink;
        } else {
            std::fprintf(stderr, "usage: users_server [--port N] [--trace]\n");
            return 2;
        }
    }
    Users users;
    const glassbox::rest::Router<Handler> router = users_router(users);
    try {
        glassbox::net::Server server(options, [&router](const Request& request, glassbox::trace::Trace&) {
            const RouteMatch match = router.match(request);
            if (match.outcome != glassbox::rest::Outcome::matched) return glassbox::rest::response_for(match);
            return router.handler(match)(request, match);
        });
        server.handle_signals(nullptr);
        const auto facts = glassbox::net::describe(server.local_endpoint());
        std::printf("users_server: serving on http://%s/ (Ctrl-C to stop)\n", facts.text().c_str());
        std::fflush(stdout);
        server.run();
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "users_server: cannot listen on port %u: %s\n",
                     static_cast<unsigned>(options.port), e.what());
        return 1;
    }
}
