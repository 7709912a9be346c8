// api/access.cpp: bearer tokens, comparing them in constant time, and the loopback rule.
// Course topic: deploying safely. Spec: RFC 6750 §2.1 (Authorization: Bearer), §3 (WWW-Authenticate),
// RFC 6454 §7 (Origin), RFC 9110 §7.2 (Host).
// Try: curl -i -X DELETE -H 'Authorization: Bearer wrong' http://127.0.0.1:8000/models/iris
// Try: curl -i -X DELETE -H 'Host: rebind.example' http://127.0.0.1:8000/models/iris
#include "api/access.hpp"

#include <system_error>

#include "http/request_target.hpp"

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

bool names_this_machine(std::string_view host) noexcept {
    std::error_code ec;
    const http::HostParts parts = http::split_host(host, ec);
    if (ec) return false;
    switch (parts.kind) {
    // RFC 6761 §6.3: "localhost" is this machine, whatever DNS says; the name is matched
    // exactly, since "localhost.attacker.example" is anybody's.
    case http::HostKind::reg_name: return http::iequals(parts.host, "localhost");
    case http::HostKind::ipv4: return parts.address[0] == 127; // RFC 1122 §3.2.1.3: 127.0.0.0/8
    case http::HostKind::ipv6: {                               // RFC 4291 §2.5.3: ::1
        for (std::size_t i = 0; i < 15; ++i) {
            if (parts.address[i] != 0) return false;
        }
        return parts.address[15] == 1;
    }
    case http::HostKind::ipv_future: return false;
    }
    return false;
}

LocalAccess local_access(const http::Request& request) noexcept {
    // NOTE: DNS rebinding. A page from attacker.example has its name re-pointed at 127.0.0.1;
    // the browser then sends its PUT here as a same-origin request, with no preflight, but
    // with "Host: attacker.example". A name only this machine can mean is the defence.
    const std::string* host = request.fields.find("Host");
    if (host == nullptr || !names_this_machine(*host)) return LocalAccess::host_not_local;
    // RFC 6454 §7.3: a browser names the page that made the request. A page served by
    // another origin (or "null", a sandbox or a file) does not get to change models here.
    // Scheme and host compare case-insensitively (RFC 3986 §6.2.2.1).
    const std::string* origin = request.fields.find("Origin");
    if (origin == nullptr) return LocalAccess::allowed;
    constexpr std::string_view scheme = "http://";
    const std::string_view value = *origin;
    if (!http::iequals(value.substr(0, scheme.size()), scheme)) return LocalAccess::cross_origin;
    return http::iequals(value.substr(scheme.size()), *host) ? LocalAccess::allowed
                                                             : LocalAccess::cross_origin;
}

} // namespace glassbox::api
