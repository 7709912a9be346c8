// http/chunked_decoder.hpp: the chunked transfer coding, undone.
// Course topic: HTTP message anatomy: a body whose length nobody knew in advance.
// Spec: RFC 9112 §7.1 (chunked-body), §7.1.1 (chunk extensions).
// request_parser.cpp hands it the body bytes; it stops after the last-chunk line, and the
// parser reads the trailer section with its own field-line states. Read next: request_parser.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace glassbox::http {

/// Longest chunk-size line (size, extensions; not the CRLF) the decoder reads. Extensions are
/// skipped, not stored, but a client must not keep us reading one line forever.
constexpr std::size_t max_chunk_line = 4096;

/// Decodes `chunk-size [chunk-ext] CRLF chunk-data CRLF ... last-chunk` into a body.
/// The trailer section and final CRLF that follow the last chunk are not its business.
class ChunkedDecoder {
public:
    /// What one decode() call did.
    struct Result {
        std::size_t consumed = 0;     ///< bytes of input used
        bool chunk_size_read = false; ///< a chunk-size line ended at `consumed`; see chunk_size()
    };

    /**
     * Decodes a prefix of `bytes`, appending chunk data to `body`.
     *
     * Returns after each complete chunk-size line (so the caller can report the size before
     * any of its data), or when every byte was used, or on error. A chunk larger than
     * `body_limit - body.size()` is refused at its size line, before any of it is copied.
     * On error `ec` is set (a ParseError) and `consumed` is where the bad byte is; the decoder
     * must then be reset() before reuse. After the last chunk (size 0) done() is true and
     * decode() consumes nothing more.
     */
    Result decode(std::string_view bytes, std::string& body, std::size_t body_limit, std::error_code& ec);

    /// The size of the chunk whose size line was read last.
    std::uint64_t chunk_size() const { return chunk_size_; }

    /// True once the last-chunk line ("0" CRLF) has been read.
    bool done() const { return state_ == State::done; }

    /// Back to the start of a chunked body.
    void reset();

private:
    /// One state per place in the chunked grammar (RFC 9112 §7.1).
    enum class State {
        chunk_size,            ///< §7.1    chunk-size = 1*HEXDIG
        chunk_ext,             ///< §7.1.1  after the size or a value: BWS ";" or the line's CRLF
        chunk_ext_name_start,  ///< §7.1.1  BWS chunk-ext-name (after ';')
        chunk_ext_name,        ///< §7.1.1  chunk-ext-name = token
        chunk_ext_after_name,  ///< §7.1.1  BWS, then "=", ";" or CRLF
        chunk_ext_val_start,   ///< §7.1.1  BWS chunk-ext-val (after '=')
        chunk_ext_token,       ///< §7.1.1  chunk-ext-val = token
        chunk_ext_quoted,      ///< §5.6.4 (RFC 9110) quoted-string: DQUOTE *( qdtext / quoted-pair ) DQUOTE
        chunk_ext_quoted_pair, ///< §5.6.4 (RFC 9110) quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
        chunk_size_lf,         ///< §7.1    the LF of the size line's CRLF
        chunk_data,            ///< §7.1    chunk-data = 1*OCTET, copied in bulk
        chunk_data_cr,         ///< §7.1    the CR after chunk-data
        chunk_data_lf,         ///< §7.1    the LF after chunk-data
        done,                  ///< §7.1    last-chunk read; the trailer section is the parser's
    };

    /// Handles one byte of a chunk-size line (size and extensions); false on error.
    bool size_line_byte(char c, std::error_code& ec);

    State state_ = State::chunk_size;
    std::uint64_t chunk_size_ = 0; ///< the size being read, then the size of the current chunk
    std::uint64_t remaining_ = 0;  ///< chunk-data bytes still to copy
    std::size_t line_length_ = 0;  ///< bytes of the current chunk-size line so far
    bool has_digit_ = false;       ///< at least one HEXDIG in the current chunk-size
};

} // namespace glassbox::http
