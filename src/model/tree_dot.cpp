// model/tree_dot.cpp: one tree as Graphviz DOT text (see tree_dot.hpp).
// Course topic: a tree walked from its root, left branch first, as the model reads it.
// DOT grammar: https://graphviz.org/doc/info/lang.html; a label is a quoted string in which
// '"' and '\' are escaped and "\n" (backslash, n) is a line break.
#include "model/tree_dot.hpp"
#include "model/decimal.hpp"

#include <utility>
#include <vector>

namespace glassbox::model {
namespace {

/// `text` as a DOT quoted string.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

/// Nodes in the subtree of tree-local node `i`, the node itself included.
std::size_t subtree_size(const Forest& f, std::size_t base, std::size_t i) {
    std::size_t count = 0;
    std::vector<std::size_t> stack{i};
    while (!stack.empty()) {
        const std::size_t n = stack.back();
        stack.pop_back();
        ++count;
        if (f.feature[base + n] != format::leaf) {
            stack.push_back(f.left[base + n]);
            stack.push_back(f.right[base + n]);
        }
    }
    return count;
}

/// A leaf's label: the predicted class and the fractions, or the regressor's value.
std::string leaf_label(const Model& m, std::size_t global) {
    const Forest& f = *m.forest();
    const double* v = &f.value[global * f.value_width];
    if (!m.is_classifier()) return "value = " + decimal_text(v[0]);
    // The first class of the largest fraction, as predict() picks it (numpy's argmax).
    std::size_t best = 0;
    std::string fractions;
    for (std::size_t c = 0; c < f.value_width; ++c) {
        if (v[c] > v[best]) best = c;
        fractions += (c ? ", " : "") + decimal_text(v[c]);
    }
    return m.class_labels()[best] + "\n[" + fractions + "]";
}

} // namespace

std::string tree_dot(const Model& m, std::size_t t, std::size_t max_depth) {
    const Forest& f = *m.forest();
    const std::size_t base = f.tree_offsets[t];
    std::string out = "digraph tree_" + std::to_string(t) + " {\n";
    out += "    // Tree " + std::to_string(t) + " of model " + quoted(m.name()) +
           ": left (true) when x <= threshold.\n";
    out += "    node [shape=box, fontname=\"Helvetica\"];\n";
    out += "    edge [fontname=\"Helvetica\"];\n";
    // Depth first, left before right; an explicit stack, since a loaded tree may be deep.
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, 0}}; // node, depth
    while (!stack.empty()) {
        const auto [n, depth] = stack.back();
        stack.pop_back();
        const std::size_t g = base + n;
        const std::string id = "n" + std::to_string(n);
        if (f.feature[g] == format::leaf) {
            out += "    " + id + " [label=" + quoted(leaf_label(m, g)) + ", style=rounded];\n";
        } else if (depth >= max_depth) {
            out += "    " + id +
                   " [label=" + quoted("... " + std::to_string(subtree_size(f, base, n)) + " nodes") +
                   ", shape=plaintext];\n";
        } else {
            const std::string name = m.feature_names()[static_cast<std::size_t>(f.feature[g])];
            out += "    " + id + " [label=" + quoted(name + " <= " + decimal_text(f.threshold[g])) + "];\n";
            out += "    " + id + " -> n" + std::to_string(f.left[g]) + " [label=\"true\"];\n";
            out += "    " + id + " -> n" + std::to_string(f.right[g]) + " [label=\"false\"];\n";
            stack.emplace_back(f.right[g], depth + 1);
            stack.emplace_back(f.left[g], depth + 1);
        }
    }
    return out + "}\n";
}

} // namespace glassbox::model
