// tests/fuzz/accept_fuzz.cpp: libFuzzer target for http::negotiate and http::accept_quality.
// Course topic: content negotiation (RFC 9110 §12.5.1) on whatever Accept value a client sends.
// Input: an Accept field value. Every quality must be a qvalue (0 to 1000 thousandths), the
// choice one of the offered types with the highest quality, and both functions must agree.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/negotiation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static constexpr std::string_view offered[] = {"application/json", "text/html", "text/plain"};
    const std::string accept(reinterpret_cast<const char*>(data), size);
    const glassbox::http::Negotiation n = glassbox::http::negotiate(&accept, offered);
    if (n.chosen >= std::size(offered) || n.qualities.size() != std::size(offered)) std::abort();
    glassbox::http::Quality best = 0;
    for (std::size_t i = 0; i < std::size(offered); ++i) {
        const glassbox::http::Quality q = n.qualities[i];
        if (q < 0 || q > 1000 || q != glassbox::http::accept_quality(accept, offered[i])) std::abort();
        if (q > best) best = q;
    }
    if (n.acceptable != (best > 0) || (n.acceptable && n.qualities[n.chosen] != best)) std::abort();
    if (glassbox::http::quality_text(n.qualities[n.chosen]).empty()) std::abort();
    return 0;
}
