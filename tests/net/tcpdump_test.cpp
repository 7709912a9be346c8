// tests/net/tcpdump_test.cpp: the TCP handshake and close of one exchange, as tcpdump sees them
// on the loopback interface, beside the server's trace (issue 17). The byte count of the
// request's packet is the trace's "read N bytes", the answer's its "write N bytes".
// Needs tcpdump and the right to capture (root or CAP_NET_RAW); skipped with one message
// otherwise. The capture listens on this test's own port only and always ends (-c, timeout).
#include <catch2/catch.hpp>

#include <regex>

#include "support/process.hpp"
#include "support/traced_server.hpp"

using glassbox::test::run_command;
using glassbox::test::TracedServer;

namespace {

/// The number after `prefix` in the first line of `text` that has it, or -1.
long number_after(const std::string& text, const std::string& prefix) {
    const auto at = text.find(prefix);
    if (at == std::string::npos) return -1;
    return std::stol(text.substr(at + prefix.size()));
}

} // namespace

TEST_CASE("tcpdump on lo shows SYN, SYN-ACK, ACK, the trace's bytes, and FIN", "[net][tcpdump]") {
    TracedServer s;
    const auto result =
        run_command("cd '" + glassbox::test::source_dir() + "' && sh examples/tcpdump_exchange.sh " +
                        std::to_string(s.server.port()) + " 2>&1",
                    std::chrono::seconds(20));
    if (result.exit_status == 2) {
        WARN("skipped: tcpdump cannot capture on lo here (" << result.output
                                                            << "); install it and run the tests as root");
        return;
    }
    INFO(result.output);
    REQUIRE(result.exit_status == 0);
    // The order of the packets that every run has.
    const std::regex order("client → server  SYN .*\n"
                           "server → client  SYN-ACK .*\n"
                           "client → server  ACK .*\n"
                           "client → server  [0-9]+ bytes +the request\n"
                           "server → client  [0-9]+ bytes +the answer\n"
                           "client → server  FIN .*\n"
                           "server → client  FIN .*\n");
    CHECK(std::regex_match(result.output, order));
    REQUIRE(s.trace.says("TCP   closed by the client after 1 request"));
    const std::string text = s.trace.text();
    INFO(text);
    std::smatch request, answer;
    REQUIRE(std::regex_search(result.output, request,
                              std::regex("client → server  ([0-9]+) bytes +the request")));
    REQUIRE(
        std::regex_search(result.output, answer, std::regex("server → client  ([0-9]+) bytes +the answer")));
    CHECK(std::stol(request[1]) == number_after(text, "TCP   read "));
    CHECK(std::stol(answer[1]) == number_after(text, "TCP   write "));
}
