// cli/export.cpp: 'glassbox export': a model file in another format the course names.
// Course topic: one model, several files: ONNX-ML for ONNX Runtime, PMML for PMML engines.
// The writers live in src/exchange/; this file only reads the model and writes the bytes.
// Try: glassbox export model.bin --format onnx -o /tmp/iris.onnx
//      glassbox export model.bin --format pmml -o /tmp/iris.pmml
#include <cstdio>
#include <fstream>
#include <string>

#include "cli/commands.hpp"
#include "cli/file_arguments.hpp"
#include "exchange/onnx_writer.hpp"
#include "exchange/pmml_writer.hpp"
#include "model/file.hpp"

namespace glassbox::cli {
namespace {

constexpr std::string_view usage = R"(usage: glassbox export MODEL.bin --format onnx|pmml -o FILE

Writes the model in MODEL.bin in another format, for another runtime:

  --format onnx   ONNX-ML (protobuf), for ONNX Runtime: one float input "features"
                  [N, n_features]; classifiers output "label" [N] and "probabilities"
                  [N, n_classes]; regressors output "variable" [N, 1]. Operators of
                  ai.onnx.ml opset 3: TreeEnsembleClassifier/Regressor, LinearClassifier/
                  Regressor, Normalizer (one-vs-rest), with ArgMax and Gather (ai.onnx 13)
                  picking a forest's label. The runtime computes in float32: probabilities
                  agree with 'glassbox predict' to about 1e-7; split thresholds are rounded
                  down to float32 so every float input takes glassbox's branch.
  --format pmml   PMML 4.4 (XML): a MiningModel averaging TreeModels (forests; one tree is
                  a TreeModel), or a RegressionModel (linear; logistic with logit or
                  softmax; one-vs-rest as a modelChain of logit models and simplemax).
                  Forest inputs are DataFields of dataType "float", as glassbox's trees
                  compare float32 inputs. Numbers read back as the same double.
  -o, --output FILE   where to write it (replaced if it exists)

Every model kind exports: linear and logistic regression (binary, multinomial,
one-vs-rest), forest classifiers and regressors (a single tree is a forest of one).

Exit status: 0 written, 1 unreadable or invalid model file or unwritable output, 2 bad options.
)";

} // namespace

int export_model(std::span<const std::string_view> args) {
    std::string input, format, output;
    if (const int status = parse_file_arguments(
            args, "export", usage, {{"--format", &format}, {"-o", &output}, {"--output", &output}}, input);
        status >= 0)
        return status;
    if (input.empty() || format.empty() || output.empty())
        return usage_error("export", "a model file, --format and -o are required.");
    if (format != "onnx" && format != "pmml")
        return usage_error("export", "'" + format + "' is not a format export writes (onnx or pmml).");

    model::Diagnostic d;
    const model::Model m = model::load_file(input, d);
    if (d) {
        std::fprintf(stderr, "glassbox export: %s: %s\n", input.c_str(), d.message.c_str());
        return 1;
    }
    std::vector<std::uint8_t> bytes;
    if (format == "onnx") {
        bytes = exchange::to_onnx(m);
    } else {
        if (const std::string why = exchange::pmml_refusal(m); !why.empty()) {
            std::fprintf(stderr, "glassbox export: %s: %s\n", input.c_str(), why.c_str());
            return 1;
        }
        const std::string text = exchange::to_pmml(m);
        bytes.assign(text.begin(), text.end());
    }
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
        std::fprintf(stderr, "glassbox export: could not write '%s'.\n", output.c_str());
        return 1;
    }
    std::printf("wrote %s: %zu bytes, %s (%s, %zu features%s)\n", output.c_str(), bytes.size(),
                format == "onnx" ? "ONNX-ML" : "PMML 4.4", std::string(model::kind_name(m.kind())).c_str(),
                m.n_features(),
                m.is_classifier() ? (", " + std::to_string(m.n_classes()) + " classes").c_str() : "");
    return 0;
}

} // namespace glassbox::cli
