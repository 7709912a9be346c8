// examples/raw_client.cpp: the client side of TCP and HTTP, on Asio, with nothing hidden.
// Course topic: what curl does for you: resolve a name, open a TCP connection, write the
// request's bytes, read the response's bytes until the server closes.
// Every byte sent and received is printed, CR and LF made visible.
// Try: ./build/raw_client 127.0.0.1 8000 GET /health
#include <cstdio>
#include <string>
#include <string_view>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

namespace {

/// `data` line by line after `prefix`, with "\r" and "\n" written out.
void print_visible(std::string_view prefix, std::string_view data) {
    std::string line(prefix);
    for (const char c : data) {
        if (c == '\r') {
            line += "\\r";
        } else if (c == '\n') {
            line += "\\n";
            std::printf("%s\n", line.c_str());
            line = prefix;
        } else {
            line += c;
        }
    }
    if (line != prefix) std::printf("%s\n", line.c_str());
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 5 || argc > 6) {
        std::fprintf(stderr, "usage: raw_client HOST PORT METHOD TARGET [JSON-BODY]\n"
                             "  e.g. raw_client 127.0.0.1 8000 GET /health\n");
        return 2;
    }
    const std::string host = argv[1], port = argv[2], method = argv[3], target = argv[4];
    const std::string body = argc == 6 ? argv[5] : "";
    try {
        asio::io_context io;
        // DNS (or a numeric address) → endpoints; then the TCP three-way handshake.
        asio::ip::tcp::resolver resolver(io);
        asio::ip::tcp::socket socket(io);
        const asio::ip::tcp::endpoint server = asio::connect(socket, resolver.resolve(host, port));
        std::printf("connected to %s port %u\n", server.address().to_string().c_str(),
                    static_cast<unsigned>(server.port()));

        // The request: request line, fields, empty line, body. "Connection: close" asks the
        // server to close after answering, so "read until the server closes" ends the response.
        std::string request = method + " " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n";
        if (!body.empty()) {
            request +=
                "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
        }
        request += "Connection: close\r\n\r\n" + body;
        asio::write(socket, asio::buffer(request));
        print_visible("-> ", request);
        std::printf("sent %zu bytes\n", request.size());

        // The response: whatever arrives until end of stream (eof is how TCP says "closed").
        std::string response;
        std::error_code ec;
        asio::read(socket, asio::dynamic_buffer(response), ec);
        if (ec && ec != asio::error::eof) {
            std::fprintf(stderr, "raw_client: reading failed: %s\n", ec.message().c_str());
            return 1;
        }
        print_visible("<- ", response);
        std::printf("received %zu bytes; the server closed the connection\n", response.size());
        return 0;
    } catch (const std::system_error& e) {
        std::fprintf(stderr, "raw_client: %s\n", e.what());
        return 1;
    }
}
