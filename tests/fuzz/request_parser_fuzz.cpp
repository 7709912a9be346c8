// tests/fuzz/request_parser_fuzz.cpp: libFuzzer target for http::RequestParser.
// Course topic: a parser facing hostile bytes must never crash, read past its input, or
// depend on how TCP happened to split the stream (Beast's "parsegrind", at random).
// The first two bytes choose two split points; the rest is fed once whole and once in
// three pieces, pipelined requests included, and both runs must agree exactly. The split run
// also reuses each request for the next (reset(Request&&), as a connection does): nothing
// of one request may show through in the next.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request_parser.hpp"

namespace {

using glassbox::http::ParseStatus;
using glassbox::http::RequestParser;

/// Most requests one input may hold; bounds the loop whatever the parser does.
constexpr std::size_t max_requests = 64;

/// One line per finished request: what a connection would act on.
std::string describe(const glassbox::http::Request& request) {
    std::string line = request.method_text + " " + request.target + " " + std::to_string(request.version);
    for (const auto& field : request.fields.items()) line += "|" + field.name + ":" + field.value;
    for (const auto& field : request.trailers.items()) line += "|trailer " + field.name + ":" + field.value;
    return line + "|body " + std::to_string(request.body.size()) + ":" + request.body + "\n";
}

/// Feeds `pieces` in order, as a connection would, and logs every request that completes
/// and the error, if any.
std::string run(const std::vector<std::string_view>& pieces, bool reuse) {
    RequestParser parser;
    std::string log;
    std::size_t finished = 0;
    for (std::string_view piece : pieces) {
        while (finished < max_requests) {
            const auto [status, consumed] = parser.feed(piece);
            if (consumed > piece.size()) std::abort();
            if (status == ParseStatus::need_more) {
                if (consumed != piece.size()) std::abort(); // need_more means all bytes were used
                break;
            }
            ++finished;
            if (status == ParseStatus::error) // the connection closes here
                return log + "error " + std::to_string(parser.error().value()) + "\n";
            glassbox::http::Request request = parser.take_request();
            log += describe(request);
            if (reuse) {
                parser.reset(std::move(request));
            } else {
                parser.reset();
            }
            piece.remove_prefix(consumed);
        }
    }
    return log;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);
    std::size_t a = input.empty() ? 0 : data[0] % (input.size() + 1);
    std::size_t b = input.empty() ? 0 : data[1] % (input.size() + 1);
    if (a > b) std::swap(a, b);
    const std::string whole = run({input}, false);
    const std::string split = run({input.substr(0, a), input.substr(a, b - a), input.substr(b)}, true);
    if (whole != split) std::abort(); // the split changed the outcome
    return 0;
}
