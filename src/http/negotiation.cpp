// http/negotiation.cpp: reading an Accept field and choosing a representation by it.
// Course topic: content negotiation. Spec: RFC 9110 §12.5.1, §12.4.2, §5.6 (lists, tokens).
// Lenient on purpose: an element that does not parse is skipped, not the whole field (a
// browser's field still picks HTML when one odd element follows), and a media range's
// parameters other than q are ignored: glassbox's types carry none to compare them with.
#include "http/negotiation.hpp"

#include "http/message.hpp"
#include "http/token.hpp"

namespace glassbox::http {
namespace {

/// One element of the Accept list as read.
struct MediaRange {
    std::string_view type;    ///< "text", or "*"
    std::string_view subtype; ///< "html", or "*"
    Quality quality = 1000;
};

/// A cursor over the field value.
struct Reader {
    std::string_view text;
    std::size_t at = 0;

    bool done() const { return at >= text.size(); }
    char peek() const { return done() ? '\0' : text[at]; }
    void skip_ows() {
        while (!done() && is_ows(text[at])) ++at;
    }
    /// token = 1*tchar; empty when none is here.
    std::string_view token() {
        const std::size_t start = at;
        while (!done() && is_tchar(text[at])) ++at;
        return text.substr(start, at - start);
    }
    /// quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; false when unterminated.
    bool quoted_string() {
        ++at; // the opening DQUOTE
        while (!done()) {
            const char c = text[at++];
            if (c == '"') return true;
            if (c == '\\') ++at; // quoted-pair: the next byte is taken as it is
        }
        return false;
    }
    /// Skips to the next ',' outside a quoted-string: past an element that did not parse.
    void skip_element() {
        while (!done() && text[at] != ',') {
            if (text[at] == '"') {
                if (!quoted_string()) return;
            } else {
                ++at;
            }
        }
    }
};

/// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ); -1 when `text` is not one.
Quality parse_qvalue(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return -1;
    Quality value = (text[0] - '0') * 1000;
    if (text.size() == 1) return value;
    if (text[1] != '.' || text.size() > 5) return -1;
    Quality scale = 100;
    for (const char c : text.substr(2)) {
        if (!is_digit(c)) return -1;
        value += (c - '0') * scale;
        scale /= 10;
    }
    return value <= 1000 ? value : -1;
}

/// media-range [ weight ], with parameters = *( OWS ";" OWS [ parameter ] ); false when the
/// element does not parse (the reader then stands somewhere inside it).
bool read_media_range(Reader& in, MediaRange& range) {
    range.type = in.token();
    if (range.type.empty() || in.peek() != '/') return false;
    ++in.at;
    range.subtype = in.token();
    // "*/*" or "type/*" or "type/subtype"; "*/html" is not a media range.
    if (range.subtype.empty() || (range.type == "*" && range.subtype != "*")) return false;
    for (;;) {
        in.skip_ows();
        if (in.peek() != ';') return true;
        ++in.at;
        in.skip_ows();
        if (in.done() || in.peek() == ',' || in.peek() == ';') continue; // an empty parameter
        const std::string_view name = in.token();
        if (name.empty() || in.peek() != '=') return false;
        ++in.at;
        std::string_view value;
        if (in.peek() == '"') {
            if (!in.quoted_string()) return false;
        } else {
            value = in.token();
            if (value.empty()) return false;
        }
        if (iequals(name, "q")) {
            // weight = OWS ";" OWS "q=" qvalue (§12.4.2)
            range.quality = parse_qvalue(value);
            if (range.quality < 0) return false;
        }
    }
}

/// #element: every element that parses, in order; empty list elements are allowed (§5.6.1).
/// NOTE: not for_each_list_element (token.hpp), which splits at every comma: a parameter's
/// value may be a quoted-string holding one (text/html;x="a,b"), so the reader steps over
/// quoted-strings itself.
std::vector<MediaRange> parse_accept(std::string_view accept) {
    std::vector<MediaRange> ranges;
    Reader in{accept};
    while (!in.done()) {
        in.skip_ows();
        if (in.peek() == ',') {
            ++in.at;
            continue;
        }
        MediaRange range;
        if (read_media_range(in, range) && (in.done() || in.peek() == ',')) {
            ranges.push_back(range);
        } else {
            in.skip_element();
        }
    }
    return ranges;
}

/// 3 for "text/html" matching text/html, 2 for "text/*", 1 for "*/*", 0 for no match.
int specificity(const MediaRange& range, std::string_view type, std::string_view subtype) {
    // §8.3.1: type and subtype are case-insensitive.
    if (range.type == "*") return 1;
    if (!iequals(range.type, type)) return 0;
    if (range.subtype == "*") return 2;
    return iequals(range.subtype, subtype) ? 3 : 0;
}

Quality quality_in(const std::vector<MediaRange>& ranges, std::string_view media_type) {
    const std::size_t slash = media_type.find('/');
    const std::string_view type = media_type.substr(0, slash);
    const std::string_view subtype = slash == std::string_view::npos ? "" : media_type.substr(slash + 1);
    // §12.5.1: "Media ranges can be overridden by more specific media ranges or specific media
    // types": text/html;q=0 beats */*;q=1 for text/html.
    int best = 0;
    Quality quality = 0;
    for (const MediaRange& range : ranges) {
        const int s = specificity(range, type, subtype);
        if (s > best) {
            best = s;
            quality = range.quality;
        }
    }
    return quality;
}

} // namespace

Quality accept_quality(std::string_view accept, std::string_view type) {
    return quality_in(parse_accept(accept), type);
}

Negotiation negotiate(const std::string* accept, std::span<const std::string_view> offered) {
    Negotiation result;
    if (accept == nullptr) {
        // §12.5.1: "A request without any Accept header field implies that the user agent
        // will accept any media type in response."
        result.qualities.assign(offered.size(), 1000);
        return result;
    }
    const std::vector<MediaRange> ranges = parse_accept(*accept);
    Quality best = 0;
    for (std::size_t i = 0; i < offered.size(); ++i) {
        result.qualities.push_back(quality_in(ranges, offered[i]));
        if (result.qualities[i] > best) { // strictly greater: a tie keeps the earlier type
            best = result.qualities[i];
            result.chosen = i;
        }
    }
    result.acceptable = best > 0;
    return result;
}

std::string quality_text(Quality quality) {
    if (quality >= 1000) return "q=1";
    std::string text = "q=0." + std::to_string(1000 + quality).substr(1);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

} // namespace glassbox::http
