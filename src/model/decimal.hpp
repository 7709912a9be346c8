// model/decimal.hpp: decimal text to double, one rule for every number glassbox reads; and back.
// Course topic: the numbers a model is fed. The same text must give the same double offline
// ('glassbox predict', 'glassbox train' CSV cells) and over HTTP (JSON features), so both
// convert with read_decimal(): correctly rounded (std::from_chars), locale-free, and with
// strtod's range rule: an underflow is the nearest double (0 or a subnormal, sign kept), an
// overflow is not a number a double can hold. Read next: dataset.hpp, api/read_json_number.hpp.
#pragma once

#include <string>
#include <string_view>

namespace glassbox::model {

/// What read_decimal made of a text.
enum class Decimal {
    ok,           ///< `value` holds the nearest double (an underflow gives 0 or a subnormal)
    not_a_number, ///< the text is not (all of it) a decimal number
    not_finite,   ///< a number beyond a double's range (1e400), or "inf" / "nan" spelled out
};

/**
 * Reads all of `text` as std::from_chars reads a decimal (optional '-', digits with an
 * optional '.', optional exponent; callers check stricter grammars such as JSON's first) and
 * sets `value` to the correctly rounded double. A magnitude below the smallest subnormal
 * (1e-400) reads as 0.0 or -0.0, as strtod, Python's float() and JSON parsers read it; one
 * above DBL_MAX (1e400) is not_finite, and `value` is then unchanged.
 */
Decimal read_decimal(std::string_view text, double& value) noexcept;

/// The shortest text that reads back as exactly `value` (std::to_chars without a precision):
/// 0.1 stays 0.1, and 0.30000000000000004 keeps the 17 digits that tell it from 0.3. What
/// `glassbox predict`, `inspect`, the DOT and PMML writers print; read_decimal reads it back.
std::string decimal_text(double value);

} // namespace glassbox::model
