// cli/train.cpp: the 'glassbox train' subcommand (placeholder until its issue lands).
#include <cstdio>

#include "cli/commands.hpp"

namespace glassbox::cli {

int train(std::span<const std::string_view>) {
    std::fputs("glassbox train: not built yet.\n", stderr);
    return 1;
}

} // namespace glassbox::cli
