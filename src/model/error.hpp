// model/error.hpp: what can be wrong with a model file or a training data set.
// Course topic: saving and loading a model; errors a person at a prompt can act on.
// Two std::error_code enums in the style of Boost.Beast: FormatError (category
// "glassbox.model") for model.bin, DataError (category "glassbox.data") for CSV input.
// A Diagnostic carries the code plus a sentence naming the byte offset or the line.
#pragma once

#include <string>
#include <system_error>

namespace glassbox::model {

/// Why a model file was rejected. The category's message() is a short title; the full
/// sentence with the byte offset is in Diagnostic::message.
enum class FormatError {
    bad_magic = 1,        ///< the file does not start with "GLASSBOX"
    unsupported_version,  ///< a format version this reader does not know
    unknown_kind,         ///< a model kind code that is not 1-4
    truncated,            ///< the file ends inside a field
    trailing_bytes,       ///< bytes beyond the declared file size or after the payload
    checksum_mismatch,    ///< the stored CRC-32 differs from the bytes' CRC-32
    count_out_of_range,   ///< a count is larger than the bytes left or a fixed limit
    child_out_of_range,   ///< a child index is not after its parent or past the tree
    feature_out_of_range, ///< a split feature index is not below the feature count
    bad_value,            ///< a real number that must be finite is NaN or infinite
    inconsistent,         ///< fields that contradict each other (e.g. classes on a regressor)
    not_a_tree,           ///< a node with two parents, or none: the nodes do not form a tree
    bad_text,             ///< a name or label that is not well-formed UTF-8 (RFC 3629)
};

/// Why a training data set or option was rejected.
enum class DataError {
    empty_file = 1,  ///< no header row
    no_rows,         ///< a header but no data rows
    missing_column,  ///< the target column is not in the header
    ragged_row,      ///< a row with a different number of cells than the header
    non_numeric,     ///< a feature cell that is not a finite number
    too_few_classes, ///< a classifier needs two classes or more
    bad_option,      ///< a training option out of its range
    not_converged,   ///< the solver did not converge
    singular,        ///< the features are collinear: least squares has no unique answer
    bad_text,        ///< a column name or class label that is not well-formed UTF-8
};

/// The error category of FormatError, named "glassbox.model".
const std::error_category& format_category() noexcept;
/// The error category of DataError, named "glassbox.data".
const std::error_category& data_category() noexcept;

/// Makes FormatError usable as a std::error_code (found by argument-dependent lookup).
std::error_code make_error_code(FormatError e) noexcept;
/// Makes DataError usable as a std::error_code (found by argument-dependent lookup).
std::error_code make_error_code(DataError e) noexcept;

/// An error code and the sentence that explains it ("at byte 0x1c: tree 3 declares ...").
struct Diagnostic {
    std::error_code code; ///< empty when all went well
    std::string message;  ///< a full sentence for a person; empty when all went well
    /// True when there is an error.
    explicit operator bool() const noexcept { return static_cast<bool>(code); }
};

} // namespace glassbox::model

template <> struct std::is_error_code_enum<glassbox::model::FormatError> : std::true_type {};
template <> struct std::is_error_code_enum<glassbox::model::DataError> : std::true_type {};
