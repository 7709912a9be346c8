// rest/path_pattern.cpp: parsing "/models/{name}" and matching paths against it.
// Course topic: a path is a list of segments; matching walks both lists side by side.
// Spec: RFC 3986 §3.3 (segment = *pchar), §2.1 (percent-encoding).
#include "rest/path_pattern.hpp"

#include <algorithm>
#include <stdexcept>

#include "rest/request_target.hpp"

namespace glassbox::rest {
namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

[[noreturn]] void reject(std::string_view pattern, std::string_view why) {
    throw std::invalid_argument("bad route pattern \"" + std::string(pattern) + "\": " + std::string(why));
}

} // namespace

PathPattern::PathPattern(std::string_view pattern) : text_(pattern) {
    if (pattern.empty() || pattern[0] != '/') reject(pattern, "it must start with '/'");
    if (pattern == "/") {
        segments_.push_back(Segment{false, ""});
        return;
    }
    std::string_view rest = pattern.substr(1);
    while (true) {
        const std::size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (segment.empty()) reject(pattern, "empty segments (\"//\" or a trailing '/') are not allowed");
        if (segment.front() == '{' && segment.back() == '}') {
            const std::string_view name = segment.substr(1, segment.size() - 2);
            if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
                reject(pattern, "a parameter name is letters, digits and '_'");
            }
            for (const Segment& s : segments_) {
                if (s.is_parameter && s.text == name) reject(pattern, "a parameter name appears twice");
            }
            segments_.push_back(Segment{true, std::string(name)});
        } else {
            // Literals are compared with the decoded path, so they are written decoded; these
            // characters could never arrive decoded in one segment, or would be ambiguous.
            if (segment.find_first_of("{}%?#") != std::string_view::npos) {
                reject(pattern, "a literal segment may not hold '{', '}', '%', '?' or '#'");
            }
            segments_.push_back(Segment{false, std::string(segment)});
        }
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
}

bool PathPattern::match(std::string_view path, PathParams& params) const {
    if (path.empty() || path[0] != '/') return false;
    const std::size_t params_before = params.size();
    // NOTE: segments are found one at a time with find('/'), never collected into a vector of
    // strings: match runs for every request against every route, so it should not allocate.
    std::size_t pos = 1; // the first segment starts after the leading '/'
    bool matched = true;
    for (const Segment& segment : segments_) {
        if (pos > path.size()) { // the path has fewer segments than the pattern
            matched = false;
            break;
        }
        const std::size_t end = std::min(path.find('/', pos), path.size());
        const std::string_view raw = path.substr(pos, end - pos);
        pos = end + 1;
        if (!segment.is_parameter) {
            matched = percent_decoded_equals(raw, segment.text);
        } else if (raw.empty()) {
            matched = false;
        } else {
            PathParam& param = params.emplace_back(PathParam{segment.text, {}});
            param.value.reserve(raw.size());
            matched = percent_decode(raw, param.value);
        }
        if (!matched) break;
    }
    // A match also needs the path to end where the pattern does: no segment left over.
    if (matched && pos == path.size() + 1) return true;
    params.erase(params.begin() + static_cast<std::ptrdiff_t>(params_before), params.end());
    return false;
}

bool PathPattern::same_shape(const PathPattern& other) const {
    return std::equal(segments_.begin(), segments_.end(), other.segments_.begin(), other.segments_.end(),
                      [](const Segment& a, const Segment& b) {
                          return a.is_parameter == b.is_parameter && (a.is_parameter || a.text == b.text);
                      });
}

bool PathPattern::tried_before(const PathPattern& other) const {
    return std::lexicographical_compare(
        segments_.begin(), segments_.end(), other.segments_.begin(), other.segments_.end(),
        [](const Segment& a, const Segment& b) { return !a.is_parameter && b.is_parameter; });
}

} // namespace glassbox::rest
