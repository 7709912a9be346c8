// tests/docs/transcript.cpp: reading transcripts out of markdown, and the masks.
// The masks are the only leniency the docs test allows; each one hides a value that
// changes from run to run and nothing else (docs/README.md lists them for readers).
#include "docs/transcript.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace glassbox::test {
namespace {

constexpr std::string_view directive = "<!-- docs-test: ";

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

std::vector<std::string> split_words(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Replaces `from` by `to` where `from` follows one of `before` and no digit follows it.
std::string replace_number(std::string text, const std::string& from, const std::string& to,
                           std::initializer_list<std::string_view> before) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        bool replaced = false;
        if (text.compare(i, from.size(), from) == 0) {
            const std::size_t after = i + from.size();
            const bool digit_after = after < text.size() && is_digit(text[after]);
            for (std::string_view b : before) {
                if (!digit_after && i >= b.size() && text.compare(i - b.size(), b.size(), b) == 0) {
                    replaced = true;
                    break;
                }
            }
        }
        if (replaced) {
            out += to;
            i += from.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

/// True when nothing listens on 127.0.0.1:`port` (a bind succeeds).
bool port_free(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

} // namespace

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A free four-digit port, so "Host: 127.0.0.1:8000" and the real one have the same length
/// and every byte count and offset in the pages stays exact.
std::uint16_t free_four_digit_port() {
    std::mt19937 random(static_cast<unsigned>(::getpid()) ^
                        static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::uniform_int_distribution<int> pick(8100, 9999);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const auto port = static_cast<std::uint16_t>(pick(random));
        if (port_free(port)) return port;
    }
    throw std::runtime_error("no free port between 8100 and 9999");
}

DocPage parse_page(std::string_view markdown) {
    DocPage page;
    page.lines = split_lines(markdown);
    enum class In { prose, console, trace, other } in = In::prose;
    std::optional<std::vector<std::string>> restart; // for the next console block
    const auto& lines = page.lines;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (in == In::prose) {
            if (line.starts_with(directive)) {
                const std::string body = line.substr(directive.size(), line.rfind("-->") - directive.size());
                std::vector<std::string> words = split_words(body);
                if (!words.empty() && words[0] == "no-server") page.needs_server = false;
                if (!words.empty() && words[0] == "serve") {
                    const std::vector<std::string> args(words.begin() + 1, words.end());
                    if (page.transcripts.empty())
                        page.serve_args = args;
                    else
                        restart = args;
                }
            } else if (line == "```console") {
                in = In::console;
                page.transcripts.emplace_back();
                page.transcripts.back().restart_args = std::exchange(restart, std::nullopt);
            } else if (line == "```trace") {
                in = In::trace;
                if (page.transcripts.empty()) page.transcripts.emplace_back();
                page.transcripts.back().has_trace = true;
                page.transcripts.back().trace_begin = i + 1;
            } else if (line.starts_with("```")) {
                in = In::other;
            }
            continue;
        }
        if (line == "```") {
            if (in == In::trace) page.transcripts.back().trace_end = i;
            in = In::prose;
            continue;
        }
        if (in == In::trace) {
            page.transcripts.back().trace += line + "\n";
        } else if (in == In::console) {
            auto& commands = page.transcripts.back().commands;
            if (line.starts_with("$ ")) {
                DocCommand c;
                c.line = i + 1;
                c.command = line.substr(2);
                while (c.command.ends_with("\\") && i + 1 < lines.size()) c.command += "\n" + lines[++i];
                c.output_begin = c.output_end = i + 1;
                commands.push_back(std::move(c));
            } else if (!commands.empty()) {
                commands.back().expected += line + "\n";
                commands.back().output_end = i + 1;
            }
        }
    }
    return page;
}

std::string mask(std::string text) {
    struct Mask {
        std::regex pattern;
        const char* replacement;
    };
    static const Mask masks[] = {
        // An HTTP date (RFC 9110 §5.6.7), in Date fields and the wire view.
        {std::regex(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT)"),
         "<date>"},
        // The client's port: the kernel picks a new one for every connection.
        {std::regex(R"(client port \d+)"), "client port <port>"},
        {std::regex(R"((127\.0\.0\.1|\[::1\]|localhost):\d{5}\b)"), "$1:<port>"},
        // A moment in ISO 8601 (RFC 3339), e.g. when a model was loaded.
        {std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)"), "<datetime>"},
        // How long something took.
        {std::regex(R"(\b\d+(\.\d+)? ?(µs|us|ms)\b)"), "<time>"},
    };
    for (const Mask& m : masks) text = std::regex_replace(text, m.pattern, m.replacement);
    return text;
}

std::string with_port(const std::string& command, std::uint16_t port) {
    std::string out = replace_number(command, "8000", std::to_string(port), {":", " "});
    return out;
}

std::string normalise_output(std::string output, std::uint16_t port) {
    std::string out;
    for (char c : output) {
        if (c != '\r') out += c;
    }
    out = replace_number(out, std::to_string(port), "8000", {":", "port "});
    if (!out.empty() && !out.ends_with("\n")) out += "\n";
    return out;
}

std::string rewrite_page(const DocPage& page, const std::vector<std::string>& outputs,
                         const std::vector<std::string>& traces) {
    // Replacement line ranges in page order: [begin, end) → new text.
    struct Edit {
        std::size_t begin, end;
        std::string text;
    };
    std::vector<Edit> edits;
    std::size_t next_output = 0, next_trace = 0;
    for (const auto& t : page.transcripts) {
        for (const auto& c : t.commands)
            edits.push_back({c.output_begin, c.output_end, outputs.at(next_output++)});
        if (t.has_trace) edits.push_back({t.trace_begin, t.trace_end, traces.at(next_trace++)});
    }
    std::string out;
    std::size_t line = 0;
    for (const Edit& e : edits) {
        for (; line < e.begin; ++line) out += page.lines[line] + "\n";
        out += e.text;
        line = e.end;
    }
    for (; line < page.lines.size(); ++line) out += page.lines[line] + "\n";
    return out;
}

} // namespace glassbox::test
