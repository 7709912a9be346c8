// rest/request_target.hpp: the request-target split into path and query, and percent-decoding.
// Course topic: what "/models/iris%20v2?verbose=1" means before any route is chosen.
// Spec: RFC 9112 §3.2 (the four forms of request-target), RFC 3986 §2.1 (percent-encoding),
// §3.3-3.4 (path, query); WHATWG URL "application/x-www-form-urlencoded" for the query pairs.
// Read next: path_pattern.hpp, which matches the path split here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::rest {

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
    std::string_view path;  ///< still percent-encoded; "/" for "http://host"; "*" for asterisk-form
    std::string_view query; ///< after the first '?', without it; empty when there is none
};

/// Splits a request-target into its form, path and query. Absolute-form is reduced to its
/// path and query ("http://h:8000/a?b" → "/a", "b"); the authority is ignored, as the Host
/// header names the host. No allocation; never fails (a path not starting with '/' is for the
/// caller to reject).
RequestTarget split_request_target(std::string_view target);

/// The value of one hex digit, or -1.
int hex_digit_value(char c);

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

} // namespace glassbox::rest
