// model/csv.cpp: splitting CSV text into cells, line by line.
// Course topic: training data. Cells are trimmed of spaces outside quotes, so
// "5.1, 3.5" reads as two numbers.
#include "model/csv.hpp"

namespace glassbox::model {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Reads one record starting at `pos`, which may span lines inside quotes. Returns false on
// an unterminated quote.
bool read_record(std::string_view text, std::size_t& pos, std::size_t& line,
                 std::vector<std::string>& cells) {
    cells.clear();
    std::string cell;
    bool quoted = false;
    bool was_quoted = false;
    for (; pos < text.size(); ++pos) {
        const char c = text[pos];
        if (quoted) {
            if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
                cell += '"';
                ++pos;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        if (c == '"' && trim(cell).empty()) {
            quoted = was_quoted = true;
            cell.clear();
        } else if (c == ',' || c == '\n') {
            cells.push_back(was_quoted ? cell : std::string(trim(cell)));
            cell.clear();
            was_quoted = false;
            if (c == '\n') {
                ++pos;
                return true;
            }
        } else if (!was_quoted) {
            cell += c;
        }
    }
    if (quoted) return false;
    cells.push_back(was_quoted ? cell : std::string(trim(cell)));
    return true;
}

bool blank(const std::vector<std::string>& cells) { return cells.size() == 1 && cells[0].empty(); }

} // namespace

Table parse_csv(std::string_view text, Diagnostic& diagnostic) {
    diagnostic = {};
    Table table;
    std::size_t pos = 0;
    std::size_t line = 1;
    std::vector<std::string> cells;
    while (pos < text.size()) {
        const std::size_t record_line = line;
        if (!read_record(text, pos, line, cells)) {
            diagnostic.code = DataError::ragged_row;
            diagnostic.message = "line " + std::to_string(record_line) + " opens a quote that never closes.";
            return {};
        }
        ++line;
        if (blank(cells)) continue;
        if (table.header.empty()) {
            table.header = cells;
            continue;
        }
        if (cells.size() != table.header.size()) {
            diagnostic.code = DataError::ragged_row;
            diagnostic.message = "line " + std::to_string(record_line) + " has " +
                                 std::to_string(cells.size()) + " cells but the header has " +
                                 std::to_string(table.header.size()) + ".";
            return {};
        }
        table.rows.push_back(cells);
        table.lines.push_back(record_line);
    }
    if (table.header.empty()) {
        diagnostic.code = DataError::empty_file;
        diagnostic.message = "the data file is empty; it needs a header row of column names, then data rows.";
    } else if (table.rows.empty()) {
        diagnostic.code = DataError::no_rows;
        diagnostic.message = "the data file has a header row but no data rows.";
    }
    return table;
}

} // namespace glassbox::model
