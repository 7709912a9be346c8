// http/request_target.cpp: splitting a request-target into its form, path and query.
// Course topic: the request-target's four forms.
// Spec: RFC 9112 §3.2, RFC 3986 §3.1 (scheme).
#include "http/request_target.hpp"

#include <algorithm>

#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// The length of `scheme ":"` at the start of `text`, or 0.
/// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
std::size_t scheme_colon_length(std::string_view text) {
    if (text.empty() || !is_alpha(text[0])) return 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') return i + 1;
        const bool scheme_char = is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
        if (!scheme_char) return 0;
    }
    return 0;
}

} // namespace

RequestTarget split_request_target(std::string_view target) {
    RequestTarget result;
    std::string_view rest = target;
    if (target == "*") {
        result.form = TargetForm::asterisk;
        result.path = target;
        return result;
    }
    if (target.empty() || target[0] != '/') {
        const std::size_t scheme = scheme_colon_length(target);
        if (scheme != 0 && target.substr(scheme, 2) == "//") {
            // absolute-URI = scheme ":" "//" authority path-abempty [ "?" query ]
            result.form = TargetForm::absolute;
            rest = target.substr(scheme + 2);
            rest.remove_prefix(std::min(rest.find_first_of("/?"), rest.size()));
        } else {
            // "host:443" reads as a scheme and a rootless path, so anything else is treated
            // as authority-form; the router refuses it with 400.
            result.form = TargetForm::authority;
            result.path = target;
            return result;
        }
    }
    const std::size_t question = rest.find('?');
    result.path = rest.substr(0, question);
    if (question != std::string_view::npos) result.query = rest.substr(question + 1);
    // RFC 9112 §3.2.2 with RFC 9110 §4.2.3: an empty path in absolute-form means "/".
    if (result.path.empty()) result.path = "/";
    return result;
}

} // namespace glassbox::http
