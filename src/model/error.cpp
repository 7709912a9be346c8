// model/error.cpp: the "glassbox.model" and "glassbox.data" error categories.
// Course topic: saving and loading a model; errors as values (std::error_code).
// Each message() is a title; the detailed sentence travels in a Diagnostic.
#include "model/error.hpp"

namespace glassbox::model {
namespace {

class FormatCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "glassbox.model"; }
    std::string message(int value) const override {
        switch (static_cast<FormatError>(value)) {
        case FormatError::bad_magic: return "not a glassbox model file";
        case FormatError::unsupported_version: return "unsupported model format version";
        case FormatError::unknown_kind: return "unknown model kind";
        case FormatError::truncated: return "model file is truncated";
        case FormatError::trailing_bytes: return "unexpected bytes before the checksum";
        case FormatError::checksum_mismatch: return "checksum mismatch";
        case FormatError::count_out_of_range: return "count out of range";
        case FormatError::child_out_of_range: return "child index out of range";
        case FormatError::feature_out_of_range: return "feature index out of range";
        case FormatError::bad_value: return "number that must be finite is not";
        case FormatError::inconsistent: return "fields contradict each other";
        case FormatError::not_a_tree: return "the nodes do not form a tree";
        case FormatError::bad_text: return "text that is not UTF-8";
        }
        return "unknown model format error";
    }
};

class DataCategory final : public std::error_category {
public:
    const char* name() const noexcept override { return "glassbox.data"; }
    std::string message(int value) const override {
        switch (static_cast<DataError>(value)) {
        case DataError::empty_file: return "the data file is empty";
        case DataError::no_rows: return "the data file has no rows";
        case DataError::missing_column: return "no such column";
        case DataError::ragged_row: return "a row has the wrong number of cells";
        case DataError::non_numeric: return "a feature value is not a number";
        case DataError::too_few_classes: return "fewer than two classes";
        case DataError::bad_option: return "training option out of range";
        case DataError::not_converged: return "the solver did not converge";
        case DataError::singular: return "the features are collinear";
        case DataError::bad_text: return "a name or label is not UTF-8";
        }
        return "unknown data error";
    }
};

} // namespace

const std::error_category& format_category() noexcept {
    static const FormatCategory category;
    return category;
}

const std::error_category& data_category() noexcept {
    static const DataCategory category;
    return category;
}

std::error_code make_error_code(FormatError e) noexcept { return {static_cast<int>(e), format_category()}; }

std::error_code make_error_code(DataError e) noexcept { return {static_cast<int>(e), data_category()}; }

} // namespace glassbox::model
