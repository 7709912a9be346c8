// cli/inspect.cpp: the 'glassbox inspect' subcommand (placeholder until its issue lands).
#include <cstdio>

#include "cli/commands.hpp"

namespace glassbox::cli {

int inspect(std::span<const std::string_view>) {
    std::fputs("glassbox inspect: not built yet.\n", stderr);
    return 1;
}

} // namespace glassbox::cli
