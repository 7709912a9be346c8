// net/forwarded.cpp: believing X-Forwarded-For only from a trusted proxy, read from the right.
// Course topic: which layer knows what; why a header anyone can write is not an address.
// Spec: X-Forwarded-For (de facto; "client, proxy1, proxy2", each proxy appending the address
// it received the request from), RFC 9110 §5.6.1 (lists, empty elements ignored).
// Try: glassbox serve --trace --trusted-proxy 127.0.0.1, then
//      curl -H 'X-Forwarded-For: 203.0.113.7' http://127.0.0.1:8000/health
#include "net/forwarded.hpp"

#include <algorithm>
#include <system_error>

#include "http/token.hpp"
#include "net/endpoint.hpp"

namespace glassbox::net {
namespace {

/// Longest text of an address: a full IPv6 address with an IPv4 tail, in brackets (47).
constexpr std::size_t longest_address = 47;

/// The address an element names, or an error: plain IPv4 ("203.0.113.7"), plain IPv6
/// ("2001:db8::1") or IPv6 in brackets ("[2001:db8::1]"). No port, no "unknown", no
/// obfuscated identifier (RFC 7239 §6.3): this server has no use for them.
asio::ip::address parse_element(std::string_view element, std::error_code& ec) {
    if (element.size() > longest_address) {
        ec = std::make_error_code(std::errc::invalid_argument);
        return {};
    }
    if (element.size() >= 2 && element.front() == '[' && element.back() == ']') {
        element = element.substr(1, element.size() - 2);
        const asio::ip::address address = asio::ip::make_address(std::string(element), ec);
        if (!ec && !address.is_v6()) ec = std::make_error_code(std::errc::invalid_argument);
        return address;
    }
    return asio::ip::make_address(std::string(element), ec);
}

/// `text` in single quotes, cut to `limit` bytes with "…" (a trace line stays a line).
std::string quoted(std::string_view text, std::size_t limit = 64) {
    std::string out = "'";
    out.append(text.substr(0, limit));
    if (text.size() > limit) out += "…";
    out += '\'';
    return out;
}

} // namespace

bool is_trusted(const asio::ip::address& address, const std::vector<asio::ip::address>& trusted) {
    const asio::ip::address plain = unmapped(address);
    return std::any_of(trusted.begin(), trusted.end(),
                       [&](const asio::ip::address& proxy) { return unmapped(proxy) == plain; });
}

ClientOrigin client_origin(const asio::ip::address& peer_address, const std::string* forwarded,
                           const std::vector<asio::ip::address>& trusted) {
    const std::string peer = unmapped(peer_address).to_string();
    if (!is_trusted(peer_address, trusted)) {
        // NOTE: anyone can send "X-Forwarded-For: 10.0.0.1". Believed from any peer, it would
        // let a client choose the address its requests are logged (and limited) under.
        if (forwarded == nullptr) return {peer, ""};
        return {peer, "X-Forwarded-For " + quoted(*forwarded) + " ignored: the peer " + peer +
                          " is not a --trusted-proxy, and any client can write this field"};
    }
    if (forwarded == nullptr)
        return {peer, "the peer " + peer +
                          " is a --trusted-proxy but sent no X-Forwarded-For: the "
                          "client is taken to be the proxy itself"};

    // Each proxy appends the address it received the request from, so the right end of the
    // list is the most trustworthy: walk leftwards past our own proxies; the first address
    // that is not one of them is the client. Whatever lies further left came from that
    // client and is not believed (nor even read as an address). The list is split first,
    // skipping empty elements (RFC 9110 §5.6.1.2), then walked from its right end.
    std::vector<std::string_view> elements;
    http::for_each_list_element(*forwarded, [&](std::string_view element) { elements.push_back(element); });
    std::string leftmost;
    for (auto element = elements.rbegin(); element != elements.rend(); ++element) {
        std::error_code ec;
        const asio::ip::address address = parse_element(*element, ec);
        if (ec) {
            return {peer, "X-Forwarded-For " + quoted(*forwarded) + " from the --trusted-proxy " + peer +
                              " ignored: " + quoted(*element) +
                              " is not an IP address; the client is taken to be the proxy"};
        }
        const std::string text = unmapped(address).to_string();
        if (!is_trusted(address, trusted)) {
            return {text + " via proxy " + peer, "client " + text + " via proxy " + peer +
                                                     ": the right-most address of X-Forwarded-For " +
                                                     quoted(*forwarded) + " that is not a --trusted-proxy"};
        }
        leftmost = text;
    }
    if (leftmost.empty()) {
        return {peer, "X-Forwarded-For from the --trusted-proxy " + peer +
                          " ignored: it names no address; the client is taken to be the proxy"};
    }
    return {leftmost + " via proxy " + peer, "client " + leftmost + " via proxy " + peer +
                                                 ": every address of X-Forwarded-For " + quoted(*forwarded) +
                                                 " is a --trusted-proxy, so the client is the left-most one"};
}

} // namespace glassbox::net
