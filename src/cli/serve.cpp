// cli/serve.cpp: the 'glassbox serve' subcommand (placeholder until its issue lands).
#include <cstdio>

#include "cli/commands.hpp"

namespace glassbox::cli {

int serve(std::span<const std::string_view>) {
    std::fputs("glassbox serve: not built yet.\n", stderr);
    return 1;
}

} // namespace glassbox::cli
