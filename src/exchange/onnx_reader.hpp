// exchange/onnx_reader.hpp: an ONNX-ML file back into a glassbox model.
// Course topic: importing a model another tool wrote: which operators and attributes mean
// what, and refusing the rest with a sentence rather than guessing.
// Reads what onnx_writer.cpp writes (tested), and follows sklearn-onnx's conventions for the
// same operators (untested: sklearn-onnx is not in Debian 12).
// Read next: protobuf_reader.hpp (the checked wire format), onnx_reader.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "model/model.hpp"

namespace glassbox::exchange {

/**
 * The model in the ONNX-ML file `bytes`: one TreeEnsembleClassifier, TreeEnsembleRegressor,
 * LinearClassifier or LinearRegressor node (ai.onnx.ml), with the helper nodes export
 * writes or sklearn-onnx adds (Div, ArgMax, Gather, Normalizer, ZipMap, Cast, Identity).
 * Trees are renumbered parents first; BRANCH_LT/GT/GTE become glassbox's "<=" with the
 * threshold or the children adjusted so every float input takes the same branch.
 * On failure `error` is a sentence (the byte offset, or the operator or attribute that is
 * not supported) and an empty Model is returned; never throws on bad input. `name`, if not
 * empty, names the model; else the file's metadata or graph name does.
 */
model::Model from_onnx(std::span<const std::uint8_t> bytes, const std::string& name, std::string& error);

} // namespace glassbox::exchange
