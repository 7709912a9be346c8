// tests/support/trace_file.hpp: a trace sink writing to a temporary file, read back by tests.
// The server writes through its own FILE; text() reads through another stream, so a test
// reading the trace never races the server's writes on one FILE.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unistd.h>

#include "trace/trace.hpp"

namespace glassbox::test {

/// A trace sink writing to a temporary file of its own, removed by the destructor.
struct TraceFile {
    std::string path;
    std::FILE* file = nullptr;
    glassbox::trace::Sink sink;
    explicit TraceFile(bool wire = false)
        : path(make_path()), file(std::fopen(path.c_str(), "w")), sink(file, false, wire) {}
    ~TraceFile() {
        std::fclose(file);
        std::remove(path.c_str());
    }
    static std::string make_path() {
        char name[] = "/tmp/glassbox-trace-XXXXXX";
        const int fd = ::mkstemp(name);
        if (fd >= 0) ::close(fd);
        return name;
    }
    std::string text() const {
        std::ifstream in(path);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }
    /// Waits (bounded) until the trace holds `wanted`.
    bool says(std::string_view wanted, std::chrono::milliseconds timeout = std::chrono::seconds(2)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (text().find(wanted) == std::string::npos) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return true;
    }
};

} // namespace glassbox::test
