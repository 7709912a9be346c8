// tests/support/forest_bytes.hpp: writes a forest model file byte by byte, trusting nothing.
// Course topic: loading a model you do not trust. save() only writes what a Model holds,
// and a Model is built from checked trees; an attacker writes any arrays at all. This
// writer does too: a valid header, metadata and CRC-32 around tree arrays given as they are.
// Used by tests/model/tree_shape_test.cpp and tests/fuzz/model_trees_fuzz.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/byte_writer.hpp"
#include "model/crc32.hpp"
#include "model/format.hpp"

namespace glassbox::model::test {

/// One tree's five arrays, written as given (node count = feature.size()).
struct RawTree {
    std::vector<std::int32_t> feature;
    std::vector<double> threshold;
    std::vector<std::uint32_t> left;
    std::vector<std::uint32_t> right;
    std::vector<double> value; ///< value_width numbers per node
};

/// A whole model file: a forest classifier over `n_features` features when `classes` has
/// two or more labels, else a forest regressor; its trees written exactly as given.
inline std::vector<std::uint8_t> forest_file(std::size_t n_features, const std::vector<std::string>& classes,
                                             const std::vector<RawTree>& trees) {
    ByteWriter w;
    w.bytes(format::magic.data(), format::magic.size());
    w.u32(format::version);
    w.u32(classes.empty() ? format::kind_forest_regressor : format::kind_forest_classifier);
    w.u64(0); // the file size, patched at the end
    w.str("crafted");
    w.u32(static_cast<std::uint32_t>(n_features));
    for (std::size_t j = 0; j < n_features; ++j) w.str("f" + std::to_string(j));
    w.u32(static_cast<std::uint32_t>(classes.size()));
    for (const std::string& label : classes) w.str(label);
    for (std::size_t j = 0; j < n_features; ++j) {
        w.u64(10);                                             // training rows
        for (const double s : {0.5, 0.25, 0.0, 1.0}) w.f64(s); // mean, stddev, min, max
        w.u32(0);                                              // no histogram
    }
    w.u32(static_cast<std::uint32_t>(trees.size()));
    for (const RawTree& t : trees) {
        w.u32(static_cast<std::uint32_t>(t.feature.size()));
        for (const auto v : t.feature) w.i32(v);
        for (const auto v : t.threshold) w.f64(v);
        for (const auto v : t.left) w.u32(v);
        for (const auto v : t.right) w.u32(v);
        for (const auto v : t.value) w.f64(v);
    }
    w.patch_u64(format::file_size_offset, w.data().size() + format::trailer_bytes);
    w.u32(crc32(w.data()));
    return w.take();
}

} // namespace glassbox::model::test
