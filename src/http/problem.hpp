// http/problem.hpp: error responses as RFC 9457 "problem details" (application/problem+json).
// Course topic: how an HTTP API tells a client what went wrong, in a body both a program
// and a person at a telnet prompt can read: {"type","title","status","detail", ...}.
// Spec: RFC 9457 §3 (members), §4.2.1 ("about:blank"); RFC 8259 §7 (JSON strings).
// The JSON is written by hand here, so the http layer needs nothing but the standard library.
// Read next: rest/router.hpp, which answers 404/405/501 with these.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace glassbox::http {

/// The media type of a problem body (RFC 9457 §3).
inline constexpr std::string_view problem_media_type = "application/problem+json";

/// One extension member (RFC 9457 §3.2): a name and a value that is already JSON,
/// e.g. {"row", "1"} or {"allow", R"(["GET","HEAD"])"}. The name must not be one of the
/// standard members (type, title, status, detail, instance).
struct ProblemMember {
    std::string name;
    std::string json_value;
};

/// The contents of a problem body.
///
/// `type` choice: "about:blank" (RFC 9457 §4.2.1) when the status code says it all, as for
/// the router's 404/405/501; a relative reference with the full path, "/problems/<slug>"
/// (RFC 9457 §3.1.1 asks relative types to include the full path), when the API defines a
/// problem of its own, e.g. "/problems/bad-features". `title` is always the reason phrase.
struct Problem {
    Status status = Status::internal_server_error;
    std::string detail;                 ///< a full sentence for a person, e.g. "No resource at /nope."
    std::string type = "about:blank";   ///< a URI reference naming the kind of problem
    std::vector<ProblemMember> members; ///< extension members, written after the standard ones
};

/// The problem body as JSON text: {"type":…,"title":…,"status":…,"detail":…, members…}.
std::string problem_json(const Problem& problem);

/// A response carrying `problem`, with Content-Type: application/problem+json.
Response problem(const Problem& problem);

/// A response for `status` with type "about:blank" and the given detail sentence.
Response problem(Status status, std::string_view detail);

/// `text` escaped for the inside of a JSON string (no surrounding quotes): `"` and `\`
/// escaped, control characters as \n, \t, … or \u00XX; valid UTF-8 passes through, and each
/// ill-formed UTF-8 sequence becomes \ufffd, so the result is always valid JSON.
std::string json_escape(std::string_view text);

/// `text` as a complete JSON string: json_escape(text) between double quotes.
std::string json_string(std::string_view text);

} // namespace glassbox::http
