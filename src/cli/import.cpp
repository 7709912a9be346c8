// cli/import.cpp: 'glassbox import': an ONNX-ML file back into a model file.
// Course topic: one model, several files, in the other direction: what export wrote becomes
// a model.bin that glassbox serves (sklearn-onnx's conventions are followed, untested here).
// Try: glassbox export model.bin --format onnx -o /tmp/i.onnx
//      glassbox import /tmp/i.onnx -o /tmp/back.bin
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "cli/file_arguments.hpp"
#include "exchange/onnx_reader.hpp"
#include "model/file.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage = R"(usage: glassbox import FILE.onnx -o MODEL.bin [--name NAME]

Reads an ONNX-ML model and writes the same model as a glassbox model file. The graph must
hold one of the ai.onnx.ml operators TreeEnsembleClassifier, TreeEnsembleRegressor,
LinearClassifier or LinearRegressor, and only the helper nodes 'glassbox export' puts
around them (Div, ArgMax, Gather, Normalizer; ZipMap, Cast and Identity are ignored too).
Anything else is refused with a sentence naming the operator or attribute. sklearn-onnx's
conventions (weights divided by the tree count, a two-class forest weighted for class 1
only, BRANCH_LT splits) are followed, but only files 'glassbox export' wrote are tested.

ONNX keeps weights and thresholds as float32: a file written by 'glassbox export' imports
as a model that predicts the same labels, and whose own export is byte for byte the file
it came from. The file keeps no training statistics, so the model's are empty.

  -o, --output FILE   the model file to write
  --name NAME         the model's name (default: the file's glassbox.name, else the graph's name)

Exit status: 0 written, 1 an unreadable or unsupported file or an unwritable output, 2 bad options.
)";

} // namespace

int import_model(std::span<const std::string_view> args) {
    std::string input, output, name;
    if (const int status = parse_file_arguments(
            args, "import", usage, {{"-o", &output}, {"--output", &output}, {"--name", &name}}, input);
        status >= 0)
        return status;
    if (input.empty() || output.empty()) return usage_error("import", "an ONNX file and -o are required.");
    model::Diagnostic d;
    const std::vector<std::uint8_t> bytes = model::read_file_bytes(input, d);
    if (d) {
        std::fprintf(stderr, "glassbox import: %s: %s\n", input.c_str(), d.message.c_str());
        return 1;
    }
    std::string why;
    const model::Model m = exchange::from_onnx(bytes, name, why);
    if (!why.empty()) {
        std::fprintf(stderr, "glassbox import: %s: %s\n", input.c_str(), why.c_str());
        return 1;
    }
    model::save_file(m, output, d);
    if (d) {
        std::fprintf(stderr, "glassbox import: %s: %s\n", output.c_str(), d.message.c_str());
        return 1;
    }
    std::printf("wrote %s: %s '%s', %zu features%s\n", output.c_str(),
                std::string(model::kind_name(m.kind())).c_str(), m.name().c_str(), m.n_features(),
                m.is_classifier() ? (", " + std::to_string(m.n_classes()) + " classes").c_str() : "");
    return 0;
}

} // namespace glassbox::cli
