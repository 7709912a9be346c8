// rest/request_target.hpp: percent-decoding and query pairs of a request-target.
// Course topic: what "/models/iris%20v2?verbose=1" means before any route is chosen.
// Spec: RFC 9112 §3.2 (the four forms of request-target), RFC 3986 §2.1 (percent-encoding),
// §3.3-3.4 (path, query); WHATWG URL "application/x-www-form-urlencoded" for the query pairs.
// Read next: path_pattern.hpp, which matches the path split here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_target.hpp"

namespace glassbox::rest {

// The forms and their split live in http/request_target.hpp: the parser's trace names them too.
using http::RequestTarget;
using http::split_request_target;
using http::TargetForm;

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
