// model/csv.hpp: a small CSV reader for training data.
// Course topic: the data a model is trained on: a header row of column names, then one
// row per example. RFC 4180 style: comma-separated, optional double quotes ("" inside
// quotes is one quote), CRLF or LF line ends; blank lines are skipped.
// Read next: dataset.hpp, which turns the cells into numbers and labels.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/error.hpp"

namespace glassbox::model {

/// The cells of a CSV file, as text.
struct Table {
    std::vector<std::string> header;            ///< column names from the first row
    std::vector<std::vector<std::string>> rows; ///< data rows, each with header.size() cells
    std::vector<std::size_t> lines;             ///< the 1-based line number of each row
};

/// Splits `text` into a header and rows. Errors (empty file, a row with the wrong number
/// of cells, an unterminated quote) go to `diagnostic` with the line number.
Table parse_csv(std::string_view text, Diagnostic& diagnostic);

} // namespace glassbox::model
