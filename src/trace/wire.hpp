// trace/wire.hpp: raw bytes shown as they crossed the wire, CR and LF made visible.
// Course topic: HTTP is text on a TCP byte stream; this is what the stream held.
// Shape (after llhttp's off=): "#3 WIRE  <- off=56     (request 2, byte 0)   GET /health HTTP/1.1\r\n":
// the offset in the connection, then the message and the offset in it.
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

/// Where a run of bytes starts: in its connection, and in the message it belongs to. The same
/// two numbers name a byte in the wire view and in the HTTP "rejected at byte" line.
struct WirePosition {
    std::uint64_t offset = 0;         ///< from the connection's first byte in this direction
    std::uint64_t message = 1;        ///< the request ("<-") or the answer to it ("->"), from 1
    std::uint64_t message_offset = 0; ///< from that message's first byte
};

/// Appends one byte as the wire view shows it: printable ASCII as it is ("\\" doubled), CR, LF
/// and TAB as \r \n \t, every other byte as \xNN. So each escape stands for one byte sent.
/// The trace lines (trace.cpp) and /echo's JSON (api/echo.cpp) write bytes the same way.
void append_visible(std::string& out, unsigned char c);

/// Lines showing `data`, one per line of the input, each with its position (`at` is that of
/// the first byte); CR as "\r", LF as "\n", other control and non-ASCII bytes as "\xNN".
/// `data` is one message or a part of one: the caller starts a new call where a message starts,
/// so pipelined messages never share a line. `direction` is "<-" for bytes read, "->" for bytes
/// written. With `mask`, the values of Authorization and Proxy-Authorization lines are shown as
/// masked_credentials() shows them, whichever reads they arrive in; offsets stay those of the stream.
std::string wire_view(std::uint64_t connection, std::string_view direction, std::string_view data,
                      WirePosition at, CredentialMask* mask = nullptr);

} // namespace glassbox::trace
