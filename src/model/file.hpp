// model/file.hpp: model.bin in and out: load() checks everything, save() is deterministic.
// Course topic: saving and loading a model; a file format as a contract.
// The format is documented byte by byte in docs/model-format.md and summarised in
// format.hpp. load() never throws on bad input: a damaged file is a Diagnostic.
// Read next: load.cpp (every check, in file order), save.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "model/byte_reader.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace glassbox::model {

/// Largest model file load_file() reads (1 GiB): a budget, not a format limit.
constexpr std::size_t max_file_bytes = std::size_t{1} << 30;

/**
 * Reads a model from the bytes of a model file.
 * Checks, in this order: the magic, the version, the CRC-32 trailer over all other bytes,
 * then every field in file order; each count against the bytes left before anything is
 * allocated; every split feature against the feature count; every child index against its
 * parent (must be greater, so trees cannot loop) and the tree's size; finite reals; UTF-8 text.
 * On success `diagnostic` is cleared and the model returned. On failure `diagnostic` holds a
 * FormatError and a sentence with the byte offset ("at byte 0x1c: tree 3 declares 9 nodes
 * but the file ends after 4 bytes.") and an empty Model is returned. Never throws on bad
 * input (only std::bad_alloc for a valid file larger than memory). `observer`, if given,
 * sees every field as it is read (glassbox inspect).
 */
Model load(std::span<const std::uint8_t> bytes, Diagnostic& diagnostic, FieldObserver* observer = nullptr);
/// load() for callers that need only the error code.
Model load(std::span<const std::uint8_t> bytes, std::error_code& ec);
/// Reads the file at `path` (at most max_file_bytes) into memory; errors go to `diagnostic`.
std::vector<std::uint8_t> read_file_bytes(const std::string& path, Diagnostic& diagnostic);
/// read_file_bytes() then load().
Model load_file(const std::string& path, Diagnostic& diagnostic);

/// The bytes of `model`'s file. Same model, same bytes: no timestamps, fixed field order.
/// Encodes only: what it returns may be a file load() refuses (use the checked overload to write).
std::vector<std::uint8_t> save(const Model& model);
/// save(model), checked: the bytes, or none with `diagnostic` set when load() would refuse
/// them (non-finite numbers, strings over 4096 bytes or not UTF-8, bad trees, over max_file_bytes).
/// Every file this returns, load() accepts.
std::vector<std::uint8_t> save(const Model& model, Diagnostic& diagnostic);
/// Writes the checked save(model) to `path` and returns the written file's size and CRC-32
/// (what load() of it will report). A model that would not load back, or an error from the
/// operating system, goes to `diagnostic` with a sentence; then no file is created and the
/// facts are zeros.
FileFacts save_file(const Model& model, const std::string& path, Diagnostic& diagnostic);
/// save_file() for callers that need only the error code.
void save_file(const Model& model, const std::string& path, std::error_code& ec);
/// The CRC-32 stored in the last four bytes of a model file (0 when shorter than 4 bytes).
std::uint32_t stored_checksum(std::span<const std::uint8_t> file) noexcept;

} // namespace glassbox::model
