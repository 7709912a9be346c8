// tests/support/temp_directory.hpp: a directory of the test's own under /tmp, removed after.
// For tests that write configs, unit files or model files for a real program to read:
// the destructor removes it, so a failing test leaves nothing behind either.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace glassbox::test {

/// A fresh directory /tmp/STEM-XXXXXX, removed with everything in it by the destructor.
class TempDirectory {
public:
    /// Makes the directory (mkdtemp); throws std::runtime_error if it cannot.
    explicit TempDirectory(const std::string& stem) {
        std::string pattern = "/tmp/" + stem + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp() failed");
        path_ = pattern;
    }
    ~TempDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    /// The directory's absolute path.
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

} // namespace glassbox::test
