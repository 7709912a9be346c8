// tests/support/text.hpp: the one text check the tests share.
// Course topic: none (test support). Tests assert that an answer, a trace or a message
// contains a phrase; this is that check, in one place.
#pragma once

#include <string_view>

namespace glassbox::test {

/// True when `part` occurs in `text`.
inline bool has(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

} // namespace glassbox::test
