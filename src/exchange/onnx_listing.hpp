// exchange/onnx_listing.hpp: an ONNX file as annotated protobuf, one line per field.
// Course topic: serialization made visible, for the third format: each field's offset,
// number and wire type, and what onnx.proto calls it ("graph.node[0].attribute
// 'nodes_featureids' = [2, 3, 3, ...]"), as 'glassbox inspect' shows model.bin.
// Read next: protobuf_reader.hpp (the checked decoder this walks with).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox::exchange {

/// The lines describing `bytes` as an ONNX ModelProto: ModelProto, GraphProto and NodeProto
/// fields one line each, attributes one line each with their first `shown` values. Stops at
/// the first fault with `error` set (the lines so far are still returned).
std::vector<std::string> onnx_listing(std::span<const std::uint8_t> bytes, std::size_t shown,
                                      std::string& error);

} // namespace glassbox::exchange
