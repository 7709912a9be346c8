// tests/support/cli_run.hpp: running the glassbox command as a user would, in the source tree.
// Course topic: the command line: exit status 0 / 1 (runtime) / 2 (usage) and one-sentence
// errors on stderr, captured apart from stdout so a test can check each.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace glassbox::test {

/// How a glassbox command exited and what it printed on each stream.
struct Run {
    int status;
    std::string out, err;
};

/// Runs `glassbox ARGS` through the shell in the source directory, stdin from `input`.
inline Run run_glassbox(const std::string& args, const std::string& input = "/dev/null") {
    const auto dir = std::filesystem::temp_directory_path();
    const std::string tag = std::to_string(getpid());
    const std::string out = (dir / ("glassbox-cli-" + tag + ".out")).string();
    const std::string err = (dir / ("glassbox-cli-" + tag + ".err")).string();
    const std::string command = "cd '" + std::string(GLASSBOX_SOURCE_DIR) + "' && '" + GLASSBOX_BINARY +
                                "' " + args + " < " + input + " > '" + out + "' 2> '" + err + "'";
    const int status = std::system(command.c_str());
    const auto text = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    Run run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, text(out), text(err)};
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return run;
}

} // namespace glassbox::test
