// http/chunked_decoder.cpp: the chunked transfer coding's state machine.
// Course topic: HTTP message anatomy: "5\r\nhello\r\n0\r\n\r\n" is a 5-byte body.
// Spec: RFC 9112 §7.1. Size lines are read byte by byte; chunk data is copied in bulk.
// Try: printf 'POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' | nc 127.0.0.1 8000
#include "http/chunked_decoder.hpp"

#include <algorithm>
#include <limits>

#include "http/error.hpp"
#include "http/token.hpp"

namespace glassbox::http {

void ChunkedDecoder::reset() { *this = ChunkedDecoder{}; }

// chunk      = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
// chunk-size = 1*HEXDIG
// last-chunk = 1*("0") [ chunk-ext ] CRLF
// chunk-data = 1*OCTET
ChunkedDecoder::Result ChunkedDecoder::decode(std::string_view bytes, std::string& body,
                                              std::size_t body_limit, std::error_code& ec) {
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        const char c = bytes[pos];
        switch (state_) {
        case State::done: return {pos, false};
        case State::chunk_data: {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size() - pos));
            body.append(bytes.data() + pos, n);
            pos += n;
            remaining_ -= n;
            if (remaining_ == 0) state_ = State::chunk_data_cr;
            continue;
        }
        // RFC 9112 §7.1: chunk-data is followed by CRLF. §2.2's leniency for a bare LF covers
        // the start line and fields only; accepting other line ends here is how two servers
        // come to disagree about where a chunk ends (request smuggling).
        case State::chunk_data_cr:
            if (c != '\r') {
                ec = ParseError::bad_chunk_line_end;
                return {pos, false};
            }
            state_ = State::chunk_data_lf;
            ++pos;
            continue;
        case State::chunk_data_lf:
            if (c != '\n') {
                ec = ParseError::bad_chunk_line_end;
                return {pos, false};
            }
            state_ = State::chunk_size;
            chunk_size_ = 0;
            has_digit_ = false;
            line_length_ = 0;
            ++pos;
            continue;
        case State::chunk_size_lf:
            if (c != '\n') {
                ec = ParseError::bad_chunk_line_end;
                return {pos, false};
            }
            ++pos;
            if (chunk_size_ == 0) {
                state_ = State::done;
                return {pos, true};
            }
            // The budget is checked when the size is announced, before any of the data is kept.
            if (chunk_size_ > body_limit - std::min(body_limit, body.size())) {
                ec = ParseError::body_too_large;
                return {pos - 1, false};
            }
            remaining_ = chunk_size_;
            state_ = State::chunk_data;
            return {pos, true};
        case State::chunk_size:
        case State::chunk_ext:
        case State::chunk_ext_name_start:
        case State::chunk_ext_name:
        case State::chunk_ext_after_name:
        case State::chunk_ext_val_start:
        case State::chunk_ext_token:
        case State::chunk_ext_quoted:
        case State::chunk_ext_quoted_pair:
            if (c != '\r' && ++line_length_ > max_chunk_line) {
                ec = ParseError::chunk_line_too_long;
                return {pos, false};
            }
            if (!size_line_byte(c, ec)) return {pos, false};
            ++pos;
            continue;
        }
    }
    return {pos, false};
}

// chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
// chunk-ext-name = token
// chunk-ext-val  = token / quoted-string
// Extensions are checked and skipped: RFC 9112 §7.1.1 lets a recipient ignore the ones it
// does not understand, and this server understands none.
bool ChunkedDecoder::size_line_byte(char c, std::error_code& ec) {
    const auto to = [this](State next) {
        state_ = next;
        return true;
    };
    const auto fail = [&ec](ParseError e) {
        ec = e;
        return false;
    };
    if (c == '\n') return fail(ParseError::bad_chunk_line_end); // a bare LF, see chunk_data_cr
    switch (state_) {
    case State::chunk_size:
        if (is_hexdig(c)) {
            // Overflow is checked before the shift: 16 hex digits is the most a uint64 holds.
            if (chunk_size_ > (std::numeric_limits<std::uint64_t>::max() >> 4)) {
                return fail(ParseError::bad_chunk_size);
            }
            chunk_size_ = (chunk_size_ << 4) | hex_value(c);
            has_digit_ = true;
            return true;
        }
        if (!has_digit_) return fail(ParseError::bad_chunk_size);
        state_ = State::chunk_ext;
        return size_line_byte(c, ec);
    case State::chunk_ext:
        if (is_ows(c)) return true;
        if (c == ';') return to(State::chunk_ext_name_start);
        if (c == '\r') return to(State::chunk_size_lf);
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_ext_name_start:
        if (is_ows(c)) return true;
        if (is_tchar(c)) return to(State::chunk_ext_name);
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_ext_name:
        if (is_tchar(c)) return true;
        state_ = State::chunk_ext_after_name;
        return size_line_byte(c, ec);
    case State::chunk_ext_after_name:
        if (is_ows(c)) return true;
        if (c == '=') return to(State::chunk_ext_val_start);
        if (c == ';') return to(State::chunk_ext_name_start);
        if (c == '\r') return to(State::chunk_size_lf);
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_ext_val_start:
        if (is_ows(c)) return true;
        if (c == '"') return to(State::chunk_ext_quoted);
        if (is_tchar(c)) return to(State::chunk_ext_token);
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_ext_token:
        if (is_tchar(c)) return true;
        state_ = State::chunk_ext;
        return size_line_byte(c, ec);
    case State::chunk_ext_quoted:
        if (c == '"') return to(State::chunk_ext);
        if (c == '\\') return to(State::chunk_ext_quoted_pair);
        if (is_qdtext(c)) return true;
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_ext_quoted_pair:
        if (is_ows(c) || is_field_vchar(c)) return to(State::chunk_ext_quoted);
        return fail(ParseError::bad_chunk_extension);
    case State::chunk_size_lf:
    case State::chunk_data:
    case State::chunk_data_cr:
    case State::chunk_data_lf:
    case State::done: break; // decode() handles these states itself
    }
    return fail(ParseError::bad_chunk_size);
}

} // namespace glassbox::http
