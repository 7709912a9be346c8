// exchange/pickle_walker.hpp: what a pickle or joblib file holds, found without running it.
// Course topic: a pickle is a program: it names the classes to import and calls them. This
// walker reads its opcodes as data (like Python's pickletools), on a stack of inert values,
// to list what loading it would import and call, and the versions it records.
// It trusts nothing: every length is checked against the bytes left; the work is one pass.
// Read next: pickle_opcodes.hpp (the instruction set), cli/inspect.cpp (the report).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace glassbox::exchange {

/// A class or function the pickle names (GLOBAL, STACK_GLOBAL, INST): loading imports it.
struct PickleImport {
    std::string module;     ///< "sklearn.ensemble._forest"
    std::string name;       ///< "RandomForestClassifier"
    std::size_t offset = 0; ///< where the opcode naming it first is
    std::size_t calls = 0;  ///< REDUCE / NEWOBJ / OBJ / INST opcodes that call it
};

/// What a walk of a pickle found.
struct PickleSummary {
    int protocol = 0;                          ///< from PROTO; 0 when absent (protocols 0 and 1)
    std::size_t opcodes = 0;                   ///< opcodes read
    std::vector<PickleImport> imports;         ///< in the order they first appear
    std::vector<std::string> sklearn_versions; ///< distinct "_sklearn_version" values, in order
    std::size_t sklearn_versioned = 0;         ///< state dicts that carry "_sklearn_version"
    std::size_t joblib_arrays = 0;             ///< NumpyArrayWrapper arrays whose raw bytes were skipped
    std::uint64_t joblib_array_bytes = 0;      ///< the raw bytes skipped, padding included
    std::size_t joblib_nested = 0;             ///< object arrays, which joblib writes as a pickle inside
    bool persistent_ids = false;               ///< PERSID / BINPERSID: the loader must supply objects
    bool out_of_band = false;                  ///< NEXT_BUFFER: the loader must supply buffers
    std::size_t end = 0;                       ///< one past the STOP opcode (or where the walk stopped)
    std::string stopped; ///< a sentence when the walk stopped early on data it cannot size
    std::string error;   ///< a sentence naming the byte when the file is not a valid pickle
};

/**
 * Walks the opcodes of the pickle in `bytes` (a plain pickle, or joblib.dump's format:
 * a pickle with each numpy array's raw bytes after its NumpyArrayWrapper object) from the
 * first byte to the STOP opcode. Nothing is imported or run: each value is an inert record.
 * Limits: one pass over the bytes, at most `max_values` values, nesting of joblib's
 * object arrays at most 4 deep. On a fault, `error` names the byte and what was wrong; the
 * fields found until then are kept.
 */
PickleSummary walk_pickle(std::span<const std::uint8_t> bytes);

/// The most values (objects, strings, numbers) a walk keeps; a larger pickle is refused.
/// About 100 MB at most; the 100-tree iris forest of docs/01 makes fewer than 20 thousand.
inline constexpr std::size_t max_values = std::size_t{1} << 20;

} // namespace glassbox::exchange
