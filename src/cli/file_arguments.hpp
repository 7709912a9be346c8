// cli/file_arguments.hpp: the command line of 'export' and 'import': one input file and
// options that each take a value ("-o FILE", "--format onnx"), in any order.
// Course topic: the command a learner types; errors are one sentence and exit status 2.
#pragma once

#include <cstdio>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace glassbox::cli {

/// Prints "glassbox COMMAND: SENTENCE Run 'glassbox COMMAND --help' for the options." and returns 2.
inline int usage_error(std::string_view command, const std::string& sentence) {
    std::fprintf(stderr, "glassbox %.*s: %s Run 'glassbox %.*s --help' for the options.\n",
                 static_cast<int>(command.size()), command.data(), sentence.c_str(),
                 static_cast<int>(command.size()), command.data());
    return 2;
}

/// Reads `args` into `input` and the `options` (flag → where its value goes); prints
/// `usage` for --help. Returns -1 to go on, else the exit status (0 after --help, 2 on a mistake).
inline int parse_file_arguments(std::span<const std::string_view> args, std::string_view command,
                                std::string_view usage,
                                std::initializer_list<std::pair<std::string_view, std::string*>> options,
                                std::string& input) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::fwrite(usage.data(), 1, usage.size(), stdout);
            return 0;
        }
        std::string* value = nullptr;
        for (const auto& [flag, where] : options)
            if (arg == flag) value = where;
        if (value) {
            if (i + 1 == args.size())
                return usage_error(command, "'" + std::string(arg) + "' needs a value.");
            *value = args[++i];
        } else if (arg.starts_with("-")) {
            return usage_error(command, "'" + std::string(arg) + "' is not an option of " +
                                            std::string(command) + ".");
        } else if (input.empty()) {
            input = arg;
        } else {
            return usage_error(command, "name one input file; '" + std::string(arg) + "' is a second one.");
        }
    }
    return -1;
}

} // namespace glassbox::cli
