// rest/path_pattern.hpp: a route's path, "/models/{name}/predictions", as segments.
// Course topic: REST resources are named by paths; a pattern names a family of them.
// Spec: RFC 3986 §3.3 (path segments), §2.1 and §6.2.2.2 (percent-encoding; "%6Dodels"
// and "models" are the same segment). No regular expressions (STYLE "Do not" #8).
// Read next: router.hpp, which keeps one PathPattern per resource.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace glassbox::rest {

/// One path parameter of a match: {name} in the pattern and the decoded segment it matched.
struct PathParam {
    std::string_view name; ///< views into the PathPattern, which outlives the match
    std::string value;     ///< percent-decoded; may hold any byte, '/' included (from %2F)
};

/// The parameters of one match, in the order they appear in the pattern.
using PathParams = std::vector<PathParam>;

/// A parsed path pattern.
///
/// Rules, for patterns and for the paths they match:
///  - A pattern starts with '/'; its segments are literals ("models") or whole-segment
///    parameters ("{name}", name of letters, digits and '_'). Only the root pattern "/" has an
///    empty segment: "/models/" and "/a//b" are not valid patterns.
///  - Paths are split on '/' first and each segment percent-decoded after, so "%2F" inside a
///    parameter stays inside it: "/models/a%2Fb" gives name = "a/b".
///  - Trailing slashes are significant: "/models/" does not match "/models".
///  - A parameter matches one non-empty segment: "/models//predictions" matches nothing.
///  - No dot-segment removal: "/models/../health" is not "/health".
///  - A segment with a bad escape ("%zz", "%4") matches nothing here; the router checks
///    escapes first so that the client gets 400 rather than 404.
class PathPattern {
public:
    /// Parses `pattern`. Throws std::invalid_argument when it breaks the rules above: routes
    /// are written by the programmer and registered at startup, so a bad one stops startup.
    explicit PathPattern(std::string_view pattern);

    /**
     * Matches an origin-form path (still percent-encoded, without the query).
     * On a match, appends one PathParam per parameter to `params` and returns true; otherwise
     * returns false and leaves `params` as it was. Allocates only for parameter values.
     */
    bool match(std::string_view path, PathParams& params) const;

    /// The pattern as written, e.g. "/models/{name}".
    const std::string& text() const { return text_; }
    /// How many segments it has: the only paths it can match have that many '/'.
    std::size_t segment_count() const { return segments_.size(); }

    /// True when both patterns have the same literals and parameters in the same places,
    /// whatever the parameters are called ("/m/{a}" and "/m/{b}"): they match the same paths.
    bool same_shape(const PathPattern& other) const;

    /// The order the router tries patterns in: by segment kinds, left to right, a literal
    /// before a parameter, so "/models/latest" is tried before "/models/{name}". (Patterns of
    /// different lengths never match the same path; shorter first just makes the order total.)
    bool tried_before(const PathPattern& other) const;

private:
    struct Segment {
        bool is_parameter;
        std::string text; ///< the literal, or the parameter's name
    };

    std::string text_;
    std::vector<Segment> segments_;
};

} // namespace glassbox::rest
