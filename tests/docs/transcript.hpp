// tests/docs/transcript.hpp: the transcripts in docs/*.md, read as tests.
// Convention (also in docs/README.md): a ```console block holds commands, each on a line
// starting "$ " (a line ending in "\" continues on the next), followed by the output they
// print; a ```trace block right after it holds what `glassbox serve --trace` printed
// meanwhile. Both are compared with the masks below applied to each side.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::test {

/// One "$ " command of a console block and the lines of output the page shows for it.
struct DocCommand {
    std::string command;          ///< without "$ ", continuation lines joined by "\n"
    std::size_t line = 0;         ///< 1-based line of the "$ " in the page
    std::size_t output_begin = 0; ///< 0-based index of the first output line in the page
    std::size_t output_end = 0;   ///< one past the last output line
    std::string expected;         ///< the output lines, each ending in "\n"
};

/// One ```console block, with the ```trace block that follows it, if any.
struct DocTranscript {
    /// Set by a "<!-- docs-test: serve ARGS -->" after an earlier block: the server is started
    /// again with these arguments before this block runs (and keeps them for the blocks after).
    std::optional<std::vector<std::string>> restart_args;
    std::vector<DocCommand> commands;
    bool has_trace = false;
    std::size_t trace_begin = 0; ///< 0-based index of the first trace line in the page
    std::size_t trace_end = 0;
    std::string trace; ///< the trace lines, each ending in "\n"
};

/// A page: the server it needs and its transcripts.
struct DocPage {
    /// Arguments for `glassbox serve` from the "<!-- docs-test: serve ARGS -->" before the first
    /// block (default "--trace").
    std::vector<std::string> serve_args{"--trace"};
    /// False after "<!-- docs-test: no-server -->".
    bool needs_server = true;
    std::vector<DocTranscript> transcripts;
    std::vector<std::string> lines; ///< the page, line by line, for rewriting it
};

/// The whole file at `path` ("" if it cannot be read).
std::string read_file(const std::filesystem::path& path);

/// A free port from 8100 to 9999 on 127.0.0.1: four digits, like 8000, so that putting it
/// in place of 8000 changes no byte count or offset in a page.
std::uint16_t free_four_digit_port();

/// Reads the transcripts of a markdown page.
DocPage parse_page(std::string_view markdown);

/// Applies the masks that hide what changes from run to run: HTTP dates → "<date>",
/// client (ephemeral, 5-digit) ports → "<port>", ISO 8601 moments → "<datetime>",
/// durations in µs/ms → "<time>".
std::string mask(std::string text);

/// A documented command made runnable: "8000" after ':' or ' ' becomes `port`.
std::string with_port(const std::string& command, std::uint16_t port);

/// Output made comparable: `port` after ':' or "port " becomes 8000; CRs dropped; a final
/// newline added when missing (a page cannot show its absence).
std::string normalise_output(std::string output, std::uint16_t port);

/// The page with each command's output and each trace replaced by `outputs` and `traces`
/// (in page order), for GLASSBOX_DOCS_UPDATE=1.
std::string rewrite_page(const DocPage& page, const std::vector<std::string>& outputs,
                         const std::vector<std::string>& traces);

} // namespace glassbox::test
