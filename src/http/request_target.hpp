// http/request_target.hpp: the URI a request names: its form, path, query and Host.
// Course topic: URI, URL, URN: what "/models/iris%20v2?x=1", "http://host/models", "*" and
// "urn:isbn:…" each ask for; Host, the one field every HTTP/1.1 request must carry.
// Spec: RFC 9112 §3.2; RFC 9110 §7.2; RFC 3986 §2.1 (percent-encoding), §3 (scheme, authority,
// host, port, path, query); RFC 8141 (URN); WHATWG URL form-urlencoded (the query pairs).
// Read next: rest/router.hpp, which decodes and routes the path.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace glassbox::http {

/// The four forms of request-target (RFC 9112 §3.2).
enum class TargetForm {
    origin,    ///< §3.2.1 "/models/iris?x=1": what clients send to an origin server
    absolute,  ///< §3.2.2 "http://host/models/iris?x=1": sent to proxies; servers MUST accept it
    authority, ///< §3.2.3 "host:443": only for CONNECT through a proxy
    asterisk,  ///< §3.2.4 "*": only for a server-wide OPTIONS
};

/// A request-target taken apart. Views into the target string: valid while it lives.
struct RequestTarget {
    TargetForm form = TargetForm::origin;
    std::string_view scheme;    ///< absolute-form only: "http", or "urn" for urn:isbn:…; else empty
    std::string_view authority; ///< absolute-form only: "h:8000" after "//"; empty without "//"
    std::string_view path;      ///< still percent-encoded; "/" for "http://host"; "*" for asterisk-form;
                                ///< for a URI without "//" (urn:isbn:1, mailto:a@b) what follows "scheme:"
    std::string_view query;     ///< after the first '?', without it; empty when there is none
};

/// Splits a request-target into its form, path and query. Absolute-form is split into scheme,
/// authority, path and query ("http://h:8000/a?b" → "http", "h:8000", "/a", "b"); this server
/// serves every host alike, so the router reads only the path and the query.
/// An absolute URI without "//" ("urn:isbn:0451450523", RFC 3986 §3: scheme ":" path-rootless)
/// is absolute-form with an empty authority and a path not starting with '/': it names no
/// place on a server, and the router refuses it. "host:port" (all digits after the colon) is
/// authority-form. No allocation; never fails (a path not starting with '/' is for the caller
/// to reject).
RequestTarget split_request_target(std::string_view target);

/// True for a URN (RFC 8141): an absolute URI of scheme "urn", any case.
bool is_urn(const RequestTarget& target);

/// Which of RFC 3986's three kinds of host a Host field names.
enum class HostKind {
    reg_name,   ///< a name such as "localhost" or "models.example.com" (maybe empty)
    ipv4,       ///< IPv4address, four decimal octets such as "127.0.0.1"
    ipv6,       ///< IP-literal holding an IPv6address, such as "[::1]"
    ipv_future, ///< IP-literal holding IPvFuture, "[v1.x]": well formed, never this machine
};

/// A Host field value split into its parts; views into the value.
struct HostParts {
    HostKind kind = HostKind::reg_name;
    std::string_view host;                ///< uri-host as sent, brackets included for an IP-literal
    std::string_view port;                ///< the digits after ':', possibly empty; "" when there is no ':'
    std::array<std::uint8_t, 16> address; ///< the address in network order: 4 bytes (ipv4) or 16 (ipv6)
};

/**
 * Splits a Host field value (already trimmed of OWS) into host and port, checking it:
 *
 *     Host     = uri-host [ ":" port ]
 *     uri-host = IP-literal / IPv4address / reg-name
 *     port     = *DIGIT, here at most 5 digits with a value up to 65535
 *
 * On a value that is not this, `ec` is ParseError::bad_host and the result means nothing.
 * Stricter than RFC 3986 in one place: a reg-name may not hold ',' (see is_reg_name in request_target.cpp).
 */
HostParts split_host(std::string_view value, std::error_code& ec);

/// The offset of the first '%' not followed by two hex digits (RFC 3986 §2.1), or npos.
std::size_t find_bad_percent_escape(std::string_view text);

/// Appends `raw` with each "%XY" decoded to `out`. Returns false on a bad escape (and `out`
/// holds a partial result). '+' stays '+': in a path it is just a character.
bool percent_decode(std::string_view raw, std::string& out);

/// True when `raw`, percent-decoded, equals `decoded`; no allocation. False on a bad escape.
bool percent_decoded_equals(std::string_view raw, std::string_view decoded);

/// One name=value pair of a query string, decoded.
struct QueryParam {
    std::string name;
    std::string value;
};

/// The pairs of a query string in order: "a=1&b=x%20y&c" → (a,1) (b,"x y") (c,"").
/// Form-urlencoded rules (WHATWG): '+' is a space, empty pieces between '&' are skipped,
/// and a '%' not followed by two hex digits is kept literally rather than rejected.
std::vector<QueryParam> parse_query(std::string_view query);

} // namespace glassbox::http
