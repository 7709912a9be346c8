// model/utf8.hpp: is this string well-formed UTF-8?
// Course topic: loading a model; text in a file is bytes until it is checked. Names and labels
// end up in JSON strings (RFC 8259 §8.1: JSON text is UTF-8), so a model file may hold only
// well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing past U+10FFFF).
// Read next: byte_reader.cpp (str() calls this for every string in a model file).
#pragma once

#include <cstddef>
#include <string_view>

namespace glassbox::model {

/// The offset of the first byte of `text` that does not belong to a well-formed UTF-8
/// sequence (RFC 3629 §4), or std::string_view::npos when all of it is well-formed.
std::size_t utf8_error(std::string_view text) noexcept;

} // namespace glassbox::model
