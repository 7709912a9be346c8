// trace/wire.hpp: raw bytes shown as they crossed the wire, CR and LF made visible.
// Course topic: HTTP is text on a TCP byte stream; this is what the stream held.
// Shape (after llhttp's off=): "#3 WIRE  <- off=0      GET /health HTTP/1.1\r\n".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox::trace {

/// Lines showing `data` (read at stream offset `offset`), one per line of the input, with
/// CR as "\r", LF as "\n", other control and non-ASCII bytes as "\xNN".
/// `direction` is "<-" for bytes read and "->" for bytes written.
std::string wire_view(std::uint64_t connection, std::string_view direction, std::string_view data,
                      std::uint64_t offset);

} // namespace glassbox::trace
