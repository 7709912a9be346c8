// http/negotiation.hpp: proactive content negotiation: which representation the Accept field prefers.
// Course topic: one resource, several representations (JSON for curl, HTML for a browser).
// Spec: RFC 9110 §12.5.1 (Accept, media ranges, specificity), §12.4.2 (quality values).
// api/service.cpp asks it which of the index's media types to send; no sockets here.
// Try: curl -H 'Accept: text/html;q=0.5, application/json' http://127.0.0.1:8000/
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::http {

/// A quality value in thousandths: "q=0.8" is 800, "q=1" (or no q) is 1000 (RFC 9110 §12.4.2).
using Quality = int;

/// The quality `accept` (an Accept field value) gives the media type `type` ("text/html"):
/// that of the most specific media range matching it ("text/html" over "text/*" over "*/*"),
/// 0 when none matches. Elements that do not parse are skipped.
Quality accept_quality(std::string_view accept, std::string_view type);

/// The outcome of negotiating over the types a server offers.
struct Negotiation {
    std::size_t chosen = 0;         ///< index into the offered types
    std::vector<Quality> qualities; ///< per offered type, in the order offered
    bool acceptable = true;         ///< false: every quality was 0, and `chosen` is the default
};

/**
 * Chooses among `offered` (in the server's order of preference) by the Accept value `accept`
 * (nullptr: the request had no Accept field). The highest quality wins; a tie goes to the
 * earlier type, so curl's wildcard range gets offered[0]. No field means any type is acceptable.
 * When no offered type is acceptable, `acceptable` is false and offered[0] is chosen: RFC 9110
 * §12.5.1 lets a server disregard the field rather than answer 406, and this one does.
 */
Negotiation negotiate(const std::string* accept, std::span<const std::string_view> offered);

/// "q=1" or "q=0.8": a quality as the trace writes it.
std::string quality_text(Quality quality);

} // namespace glassbox::http
