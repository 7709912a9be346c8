// model/format.hpp: the constants of the model.bin format: magic, version, kind codes.
// Course topic: saving and loading a model (serialization as a contract between programs).
// The layout below mirrors docs/model-format.md, which documents every field byte by byte.
// Read next: byte_reader.hpp (how a field is read), load.cpp (the checks), save.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace glassbox::model::format {

// Layout (all integers little-endian, all reals IEEE-754 binary64 little-endian):
//
//   header    magic "GLASSBOX" (8) | u32 version | u32 kind | u64 file size (all bytes, trailer included)
//   metadata  str name | u32 n_features | n_features x str | u32 n_classes | n_classes x str
//   stats     n_features x { u64 count | f64 mean, stddev, min, max | u32 n_bins | n_bins x u64 }
//   payload   linear:  u32 n_outputs | u32 link | f64 coef[n_outputs * n_features] | f64 intercept[n_outputs]
//             forest:  u32 n_trees | per tree: u32 n_nodes | i32 feature[n] | f64 threshold[n]
//                      | u32 left[n] | u32 right[n] | f64 value[n * value_width]
//   trailer   u32 CRC-32 of every byte before it
//
// where str = u32 byte length | UTF-8 bytes (no terminator).

/// The first eight bytes of every model file.
constexpr std::array<std::uint8_t, 8> magic = {'G', 'L', 'A', 'S', 'S', 'B', 'O', 'X'};
/// The only format version this reader understands.
constexpr std::uint32_t version = 1;

/// Kind codes as stored in the header (Kind in model.hpp maps onto these).
constexpr std::uint32_t kind_linear_regression = 1;
/// Logistic regression (binary or multinomial).
constexpr std::uint32_t kind_logistic_regression = 2;
/// Random forest (or a single tree) that predicts a class.
constexpr std::uint32_t kind_forest_classifier = 3;
/// Random forest (or a single tree) that predicts a number.
constexpr std::uint32_t kind_forest_regressor = 4;

/// `feature[i] == leaf` marks node i as a leaf (its threshold, left and right are 0).
constexpr std::int32_t leaf = -1;

/// Size in bytes of the fixed header (magic, version, kind, file size).
constexpr std::size_t header_bytes = 24;
/// Offset of the u64 file size in the header.
constexpr std::size_t file_size_offset = 16;
/// Size in bytes of the CRC-32 trailer.
constexpr std::size_t trailer_bytes = 4;

/// Longest name, feature name or class label accepted, in bytes.
constexpr std::uint32_t max_string_bytes = 4096;
/// Most histogram bins accepted per feature.
constexpr std::uint32_t max_histogram_bins = 1024;
/// Bins in the histograms written by `glassbox train`.
constexpr std::uint32_t default_histogram_bins = 10;

} // namespace glassbox::model::format
