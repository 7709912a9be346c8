// api/conditional.cpp: entity-tag lists, strong and weak comparison, RFC 9110 §13.2.2's order.
// Course topic: conditional requests. One ETag per model file: the CRC-32 its last 4 bytes carry.
// Spec: RFC 9110 §8.8.3 (entity-tag grammar), §8.8.3.2 (comparison), §13.1.1-2, §13.2.2.
// Try: curl -i -H 'If-None-Match: "crc32-…"' http://127.0.0.1:8000/models/iris
#include "api/conditional.hpp"

#include <algorithm>
#include <cstdio>

#include "api/service.hpp"
#include "http/token.hpp"

namespace glassbox::api {
namespace {

enum class Comparison { strong, weak };

/// True when the comma-separated list in `value` is "*" or names `current`.
/// If-Match = "*" / #entity-tag; entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE  (RFC 9110 §8.8.3)
/// NOTE: etagc = %x21 / %x23-7E / obs-text includes ',' (%x2C), so this list cannot be split
/// at every comma as http::for_each_list_element does: "x,*,y" is one tag, not a "*" between
/// two halves. An element ends at the first comma after its tag's closing DQUOTE (etagc has
/// no DQUOTE and no escapes, so the next one closes it).
bool list_matches(std::string_view value, std::string_view current, Comparison comparison) {
    std::size_t i = 0;
    while (i < value.size()) {
        // #rule: skip OWS and empty list elements (RFC 9110 §5.6.1.2).
        while (i < value.size() && (http::is_ows(value[i]) || value[i] == ',')) ++i;
        if (i == value.size()) break;
        std::size_t end = value.substr(i, 2) == "W/" ? i + 2 : i;
        if (end < value.size() && value[end] == '"') end = std::min(value.find('"', end + 1), value.size());
        end = std::min(value.find(',', end), value.size());
        std::string_view member = http::trim_ows(value.substr(i, end - i));
        i = end + 1;
        if (member == "*") return !current.empty();
        bool weak = false;
        if (member.substr(0, 2) == "W/") {
            weak = true;
            member.remove_prefix(2);
        }
        if (member.size() < 2 || member.front() != '"' || member.back() != '"') continue;
        // §8.8.3.2: strong comparison needs both tags strong; ours always are, so only the
        // client's W/ decides. Weak comparison ignores W/ on either side.
        if (weak && comparison == Comparison::strong) continue;
        if (member == current) return true;
    }
    return false;
}

} // namespace

std::string model_entity_tag(std::uint32_t checksum) {
    char tag[24];
    std::snprintf(tag, sizeof tag, "\"crc32-%08x\"", static_cast<unsigned>(checksum));
    return tag;
}

Precondition evaluate_preconditions(const http::Fields& fields, std::string_view current, bool safe) {
    std::string list;
    // Step 1: If-Match, strong comparison (§13.1.1): "*" is true only when a model is served.
    if (fields.combined("If-Match", list) && !list_matches(list, current, Comparison::strong))
        return Precondition::failed;
    // Step 3: If-None-Match, weak comparison (§13.1.2): a match means "you already have it".
    list.clear();
    if (fields.combined("If-None-Match", list) && list_matches(list, current, Comparison::weak))
        return safe ? Precondition::not_modified : Precondition::failed;
    return Precondition::proceed;
}

// 412 (RFC 9110 §15.5.13) with a sentence naming the ETag served now, if any.
http::Response precondition_failed(const std::string& name, const std::string& current) {
    if (current.empty()) {
        return api_problem(http::Status::precondition_failed, "precondition-failed",
                           "There is no model named '" + name +
                               "' now, so the request's If-Match does not hold. Nothing was changed.",
                           {{"model", http::json_string(name)}});
    }
    return api_problem(http::Status::precondition_failed, "precondition-failed",
                       "The model '" + name + "' served now has ETag " + current +
                           ", and the request's If-Match or If-None-Match does not allow that version. "
                           "Nothing was changed: GET /models/" +
                           name + " to see it, then decide again.",
                       {{"model", http::json_string(name)}, {"etag", http::json_string(current)}});
}

} // namespace glassbox::api
