// tests/fuzz/chunked_decoder_fuzz.cpp: libFuzzer target for http::ChunkedDecoder.
// Course topic: the chunked coding (RFC 9112 §7.1) read from hostile bytes.
// The first byte picks a body limit, the second a split point; the decoder must stay
// within its input and its limit, and give the same body and outcome for either split.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

#include "http/chunked_decoder.hpp"

namespace {

using glassbox::http::ChunkedDecoder;

/// What one decode run ended with: the body, where it stopped and why.
struct Outcome {
    std::string body;
    std::size_t consumed = 0;
    std::error_code ec;
    bool done = false;
};

/// Decodes `first` then `second`, as two reads from a socket would arrive.
Outcome run(std::string_view first, std::string_view second, std::size_t limit) {
    ChunkedDecoder decoder;
    Outcome out;
    for (std::string_view piece : {first, second}) {
        // Each call uses at least one byte or stops, so the piece's size bounds the loop
        // (fixed before the loop: the piece shrinks as it is used).
        const std::size_t max_calls = piece.size() + 1;
        for (std::size_t calls = 0; !piece.empty() && calls < max_calls; ++calls) {
            const auto result = decoder.decode(piece, out.body, limit, out.ec);
            if (result.consumed > piece.size()) std::abort();
            if (out.body.size() > limit) std::abort(); // the budget was overrun
            out.consumed += result.consumed;
            piece.remove_prefix(result.consumed);
            if (out.ec) return out;
            if (decoder.done()) {
                out.done = true;
                return out;
            }
            if (result.consumed == 0 && !result.chunk_size_read) std::abort(); // no progress
        }
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t limit = std::size_t{data[0]} * 16;
    const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
    const std::size_t split = data[1] % (input.size() + 1);
    const Outcome whole = run(input, {}, limit);
    const Outcome pieces = run(input.substr(0, split), input.substr(split), limit);
    if (whole.body != pieces.body || whole.ec != pieces.ec || whole.done != pieces.done) std::abort();
    if (!whole.ec && whole.consumed != pieces.consumed) std::abort();
    return 0;
}
