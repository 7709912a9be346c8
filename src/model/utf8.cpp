// model/utf8.cpp: the UTF-8 check, byte by byte, following RFC 3629 §4's table.
// Course topic: loading a model you do not trust. The table below is the RFC's ABNF:
//   UTF8-2 = %xC2-DF UTF8-tail
//   UTF8-3 = %xE0 %xA0-BF UTF8-tail / %xE1-EC 2( UTF8-tail ) / %xED %x80-9F UTF8-tail /
//            %xEE-EF 2( UTF8-tail )
//   UTF8-4 = %xF0 %x90-BF 2( UTF8-tail ) / %xF1-F3 3( UTF8-tail ) / %xF4 %x80-8F 2( UTF8-tail )
#include "model/utf8.hpp"

namespace glassbox::model {

std::size_t utf8_error(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        // The length of the sequence and the range of its second byte: the narrowed ranges
        // after E0, ED, F0 and F4 are what rule out overlong forms, surrogates (U+D800-DFFF)
        // and code points past U+10FFFF. C0, C1 and F5-FF start nothing.
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        } else {
            return i;
        }
        // A sequence that is cut short or has a bad byte inside is reported at its lead byte.
        if (text.size() - i < length) return i;
        const auto second = static_cast<unsigned char>(text[i + 1]);
        if (second < low || second > high) return i;
        for (std::size_t k = 2; k < length; ++k) {
            const auto tail = static_cast<unsigned char>(text[i + k]);
            if (tail < 0x80 || tail > 0xBF) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

} // namespace glassbox::model
