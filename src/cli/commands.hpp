// cli/commands.hpp: the glassbox subcommands, one function each.
// Course topic: the command a learner types: serve, train, inspect, predict, export, import.
// main.cpp only dispatches here. Each function receives the arguments after its
// subcommand's name, prints errors to stderr as one sentence, and returns the exit status
// (0 success, 1 runtime failure, 2 usage error).
#pragma once

#include <span>
#include <string_view>

namespace glassbox::cli {

/// `glassbox serve [--host H] [--port P] [--threads N] ...`: the HTTP server.
int serve(std::span<const std::string_view> args);
/// `glassbox train --data FILE.csv --target COLUMN --kind ... -o model.bin`.
int train(std::span<const std::string_view> args);
/// `glassbox inspect model.bin`: every field of the file with its byte offset.
int inspect(std::span<const std::string_view> args);
/// `glassbox predict model.bin 5.1 3.5 1.4 0.2` (or CSV rows on stdin).
int predict(std::span<const std::string_view> args);
/// `glassbox export model.bin --format onnx -o iris.onnx`: the model in another format.
int export_model(std::span<const std::string_view> args);
/// `glassbox import iris.onnx -o model.bin`: an ONNX-ML file as a model file.
int import_model(std::span<const std::string_view> args);

} // namespace glassbox::cli
