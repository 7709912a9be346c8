// api/access.cpp: bearer tokens and comparing them in constant time.
// Course topic: deploying safely. Spec: RFC 6750 §2.1 (Authorization: Bearer), §3 (WWW-Authenticate).
// Try: curl -i -X DELETE -H 'Authorization: Bearer wrong' http://127.0.0.1:8000/models/iris
#include "api/access.hpp"

namespace glassbox::api {

bool constant_time_equals(std::string_view given, std::string_view expected) noexcept {
    // NOTE: every byte of `expected` is visited whatever `given` holds; differences are
    // collected with OR, never returned early. The length is not secret.
    unsigned char difference = given.size() == expected.size() ? 0 : 1;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
        difference |= static_cast<unsigned char>(g ^ static_cast<unsigned char>(expected[i]));
    }
    return difference == 0;
}

std::string_view bearer_token(const http::Request& request) noexcept {
    const std::string* field = request.fields.find("Authorization");
    if (field == nullptr) return {};
    const std::string_view value = *field;
    constexpr std::string_view scheme = "Bearer ";
    // RFC 9110 §11.1: the auth-scheme is case-insensitive.
    if (value.size() <= scheme.size() || !http::iequals(value.substr(0, scheme.size()), scheme)) return {};
    std::string_view token = value.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    return token;
}

} // namespace glassbox::api
