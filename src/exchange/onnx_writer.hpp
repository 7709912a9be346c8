// exchange/onnx_writer.hpp: a glassbox model as an ONNX-ML file (a protobuf ModelProto).
// Course topic: the course's ONNX-ML format, run by ONNX Runtime: the same trees and
// weights, written as ai.onnx.ml operators over one float input [N, features].
// Spec: onnx/onnx.proto (IR version 8) and docs/Operators-ml.md (ai.onnx.ml opset 3).
// Read next: protobuf_writer.hpp (the wire format), onnx_writer.cpp (each field number).
#pragma once

#include <cstdint>
#include <vector>

#include "model/model.hpp"

namespace glassbox::exchange {

/**
 * The largest float not above `t`: the threshold that makes ONNX Runtime, which compares a
 * float input x with a float threshold (BRANCH_LEQ: x <= t32), send every float x the way
 * glassbox does ((double)x <= t). Rounding to nearest instead would send the floats between
 * t and the rounded-up threshold left where glassbox goes right. Beyond float's range:
 * FLT_MAX for t >= FLT_MAX, -infinity below -FLT_MAX (only -infinity is <= such a t).
 */
float threshold_below(double t) noexcept;

/**
 * The bytes of an ONNX-ML model that predicts as `model` does, up to float arithmetic:
 * input "features" float [N, n_features]; classifiers output "label" (string [N]) and
 * "probabilities" (float [N, n_classes], in class_labels() order), regressors "variable"
 * (float [N, 1]). The name, kind, feature names and class labels are in the graph name and
 * the metadata_props. Deterministic: the same model gives the same bytes.
 */
std::vector<std::uint8_t> to_onnx(const model::Model& model);

} // namespace glassbox::exchange
