// http/request_target.cpp: splitting a request-target into its form, path and query.
// Course topic: the request-target's four forms.
// Spec: RFC 9112 §3.2, RFC 3986 §3 (scheme, authority, path), RFC 8141 (URN).
#include "http/request_target.hpp"

#include <algorithm>

#include "http/message.hpp"
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
        const std::string_view after = target.substr(scheme);
        const bool port_only = std::all_of(after.begin(), after.end(), is_digit);
        if (scheme == 0 || port_only) {
            // authority-form = uri-host ":" port. "host:443" also reads as a scheme and a
            // rootless path, so digits after the colon decide; anything else without a scheme
            // ("models") lands here too, and the router refuses it with 400.
            result.form = TargetForm::authority;
            result.path = target;
            return result;
        }
        result.form = TargetForm::absolute;
        result.scheme = target.substr(0, scheme - 1);
        rest = after;
        if (after.starts_with("//")) {
            // absolute-URI = scheme ":" "//" authority path-abempty [ "?" query ]
            rest.remove_prefix(2);
            const std::size_t end = std::min(rest.find_first_of("/?"), rest.size());
            result.authority = rest.substr(0, end);
            rest.remove_prefix(end);
        } else {
            // absolute-URI = scheme ":" path-rootless [ "?" query ]: urn:isbn:0451450523,
            // mailto:a@b. No authority, so no host to ask: the path is left as it is.
            const std::size_t question = rest.find('?');
            result.path = rest.substr(0, question);
            if (question != std::string_view::npos) result.query = rest.substr(question + 1);
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

bool is_urn(const RequestTarget& target) {
    // RFC 3986 §3.1: schemes are case-insensitive.
    return target.form == TargetForm::absolute && iequals(target.scheme, "urn");
}

} // namespace glassbox::http
