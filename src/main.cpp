// main.cpp: the glassbox command: subcommand dispatch only, in the style of git.
// Course topic: the program a learner runs. Each subcommand lives in src/cli/.
// Try: glassbox --help; glassbox serve --help.
#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"

namespace {

constexpr std::string_view usage = R"(usage: glassbox <command> [options]

A small HTTP/1.1 model server for learning how a trained model reaches production.

commands:
  serve     serve models over HTTP on http://127.0.0.1:8000 (model.bin by default)
  train     train a model from a CSV file and save it as a model file
  inspect   show every field of a model file with its byte offset
  predict   predict offline with a model file: glassbox predict model.bin 5.1 3.5 1.4 0.2
  export    write a model file as ONNX-ML or PMML: glassbox export model.bin --format onnx -o iris.onnx
  import    read an ONNX-ML file into a model file: glassbox import iris.onnx -o back.bin

Run 'glassbox <command> --help' for a command's options.
)";

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(usage.data(), args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
    const std::string_view command = args[0];
    if (command == "serve") return glassbox::cli::serve(rest);
    if (command == "train") return glassbox::cli::train(rest);
    if (command == "inspect") return glassbox::cli::inspect(rest);
    if (command == "predict") return glassbox::cli::predict(rest);
    if (command == "export") return glassbox::cli::export_model(rest);
    if (command == "import") return glassbox::cli::import_model(rest);
    std::fprintf(stderr, "glassbox: '%.*s' is not a command. Run 'glassbox --help' for the list.\n",
                 static_cast<int>(command.size()), command.data());
    return 2;
}
