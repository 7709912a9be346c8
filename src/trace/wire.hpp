// trace/wire.hpp: raw bytes shown as they crossed the wire, CR and LF made visible.
// Course topic: HTTP is text on a TCP byte stream; this is what the stream held.
// Shape (after llhttp's off=): "#3 WIRE  <- off=0      GET /health HTTP/1.1\r\n".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace glassbox::trace {

/// True for a field whose value is a credential: Authorization and Proxy-Authorization
/// (RFC 9110 §11.6.2, §11.7.2). The trace never prints such a value.
bool carries_credentials(std::string_view field_name);

/// A credential as the trace shows it: the scheme, then stars and the length of what they hide,
/// e.g. "Bearer ****** (6 bytes)"; a value with no scheme is all hidden: "****** (6 bytes)".
std::string masked_credentials(std::string_view value);

/// Where the wire view of one direction stands in its stream, so that an Authorization value
/// split over two reads is still hidden (see wire_view). One per connection and direction.
struct CredentialMask {
    /// Where in a line the last byte was.
    enum class State {
        name,      ///< the start of a line: possibly a field name
        other,     ///< the rest of a line that carries no credential
        value_ows, ///< after "Authorization:", the optional whitespace
        scheme,    ///< a word that is the scheme if a space follows (held, not yet shown)
        hidden,    ///< the credential itself: counted, never shown
    };
    State state = State::name;
    std::string name;       ///< the line's first bytes, while they may be a field name
    std::string scheme;     ///< the held word
    std::size_t hidden = 0; ///< credential bytes counted and not yet shown as "******"
};

/// Lines showing `data` (read at stream offset `offset`), one per line of the input, with
/// CR as "\r", LF as "\n", other control and non-ASCII bytes as "\xNN".
/// `direction` is "<-" for bytes read and "->" for bytes written.
/// With `mask`, the values of Authorization and Proxy-Authorization lines are shown as
/// masked_credentials() shows them, whichever reads they arrive in; offsets stay those of the stream.
std::string wire_view(std::uint64_t connection, std::string_view direction, std::string_view data,
                      std::uint64_t offset, CredentialMask* mask = nullptr);

} // namespace glassbox::trace
