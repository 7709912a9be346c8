// tests/support/feature_bodies.hpp: predictions bodies at the decoders' corners.
// The spellings the fast path leaves to the SAX decoder, and a body for each error, shared by
// tests/api/feature_scanner_test.cpp (the two decoders agree) and tests/api/engines_test.cpp
// (the two engines send the same bytes over HTTP).
#pragma once

namespace glassbox::test {

/// Bodies for a 2-feature model, at most 2 rows, that the fast path refuses: duplicate or
/// escaped keys, a byte-order mark, an overflow, a short row, no rows, a trailing comma, a
/// leading zero, trailing bytes, a missing brace, an empty body, one row too many.
inline constexpr const char* rare_bodies_2[] = {R"({"features": [[1, 2], [3, 4]], "features": [[1, 2]]})",
                                                R"({"feat\u0075res": [[1, 2]]})",
                                                "\xEF\xBB\xBF{\"features\": [[1, 2]]}",
                                                R"({"features": [[1, 1e999]]})",
                                                R"({"features": [[1, 2], [3]]})",
                                                R"({"features": []})",
                                                R"({"features": [[1, 2],]})",
                                                R"({"features": [[01, 2]]})",
                                                R"({"features": [[1, 2]]} x)",
                                                R"({"features": [[1, 2]])",
                                                "",
                                                R"({"features": [[1, 2], [3, 4], [5, 6]]})"};

/// One body per error for a 4-feature model, at most 2 rows: malformed JSON, a short row, a
/// string, null, overflows, a number among rows, no rows, a leading zero, another member,
/// trailing bytes, an array at the top, too many rows, "4.", a lone "-", a missing brace.
inline constexpr const char* error_bodies_4[] = {
    R"({"features": [[1, 2,, 3]]})",
    R"({"features": [[1, 2, 3, 4], [1, 2, 3]]})",
    R"({"features": [[1, 2, 3, 4], [1, "2", 3, 4]]})",
    R"({"features": [1, 2, null, 4]})",
    R"({"features": [[1, 2, 3, 4], [1, 2, 1e999, 4]]})",
    R"({"features": [-1e400, 1, 2, 3]})",
    R"({"features": [[1, 2, 3, 4], 5]})",
    R"({"features": []})",
    R"({"features": [[01, 2, 3, 4]]})",
    R"({"features": [[1, 2, 3, 4]], "x": 1})",
    R"({"features": [[1, 2, 3, 4]]}])",
    "[[1, 2, 3, 4]]",
    R"({"features": [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]})",
    R"({"features": [[1, 2, 3, 4.]]})",
    R"({"features": [[1, 2, 3, -]]})",
    R"({"features": [[1, 2, 3, 4]])"};

} // namespace glassbox::test
