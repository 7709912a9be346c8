// cli/predict.cpp: the 'glassbox predict' subcommand (placeholder until its issue lands).
#include <cstdio>

#include "cli/commands.hpp"

namespace glassbox::cli {

int predict(std::span<const std::string_view>) {
    std::fputs("glassbox predict: not built yet.\n", stderr);
    return 1;
}

} // namespace glassbox::cli
