// exchange/onnx_reader.cpp: ModelProto → GraphProto → NodeProto → AttributeProto, then a Model.
// Course topic: decoding a format defensively. The decoder descends only into those four
// messages (and a TensorProto initializer), so nesting is at most five deep whatever the
// file says; every other field is skipped by its wire type. Field numbers: onnx/onnx.proto.
// Try: glassbox export model.bin --format onnx -o /tmp/i.onnx && glassbox import /tmp/i.onnx -o /tmp/i.bin
#include "exchange/onnx_reader.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "exchange/protobuf_reader.hpp"
#include "model/format.hpp"

namespace glassbox::exchange {
namespace {

/// Most input columns import accepts: a budget (each feature costs a name and statistics).
constexpr std::size_t max_features = std::size_t{1} << 20;

/// One AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8, strings = 9.
struct Attribute {
    std::string name;
    float f = 0;
    std::int64_t i = 0;
    std::string s;
    bool tensor = false;
    std::vector<float> floats;
    std::vector<std::int64_t> ints;
    std::vector<std::string> strings;
};

/// One NodeProto: input = 1, output = 2, op_type = 4, attribute = 5, domain = 7.
struct Node {
    std::string op_type, domain;
    std::vector<std::string> inputs, outputs;
    std::vector<Attribute> attributes;

    const Attribute* find(std::string_view name) const {
        for (const auto& a : attributes)
            if (a.name == name) return &a;
        return nullptr;
    }
};

/// What the reader keeps of the file.
struct File {
    std::string graph_name;
    std::vector<Node> nodes;
    std::map<std::string, std::vector<float>> float_initializers; ///< name → float_data
    std::int64_t input_width = 0;                                 ///< the input's second dimension, if given
    std::map<std::string, std::string> metadata;                  ///< metadata_props
};

bool parse_attribute(std::span<const std::uint8_t> bytes, std::size_t base, Attribute& a,
                     std::string& error) {
    ProtoReader r(bytes, base);
    ProtoField f;
    while (r.next(f)) {
        const bool text = f.type == WireType::length_delimited;
        if (f.number == 1 && text) a.name = as_text(f);
        if (f.number == 2 && f.type == WireType::fixed32)
            a.f = std::bit_cast<float>(static_cast<std::uint32_t>(f.value));
        if (f.number == 3 && f.type == WireType::varint) a.i = static_cast<std::int64_t>(f.value);
        if (f.number == 4 && text) a.s = as_text(f);
        if (f.number == 5) a.tensor = true;
        if (f.number == 7 && !append_floats(f, a.floats, error)) return false;
        if (f.number == 8 && !append_int64s(f, a.ints, error)) return false;
        if (f.number == 9 && text) a.strings.emplace_back(as_text(f));
    }
    if (!r.error().empty()) error = r.error();
    return r.error().empty();
}

bool parse_node(std::span<const std::uint8_t> bytes, std::size_t base, Node& n, std::string& error) {
    ProtoReader r(bytes, base);
    ProtoField f;
    while (r.next(f)) {
        if (f.type != WireType::length_delimited) continue;
        if (f.number == 1) n.inputs.emplace_back(as_text(f));
        if (f.number == 2) n.outputs.emplace_back(as_text(f));
        if (f.number == 4) n.op_type = as_text(f);
        if (f.number == 7) n.domain = as_text(f);
        if (f.number == 5) {
            n.attributes.emplace_back();
            if (!parse_attribute(f.bytes, f.bytes_offset, n.attributes.back(), error)) return false;
        }
    }
    if (!r.error().empty()) error = r.error();
    return r.error().empty();
}

/// TensorProto (data_type = 2, float_data = 4, name = 8): float initializers only (Div's divisor).
bool parse_initializer(std::span<const std::uint8_t> bytes, std::size_t base, File& file,
                       std::string& error) {
    ProtoReader r(bytes, base);
    ProtoField f;
    std::string name;
    std::vector<float> values;
    while (r.next(f)) {
        if (f.number == 8 && f.type == WireType::length_delimited) name = as_text(f);
        if (f.number == 4 && !append_floats(f, values, error)) return false;
    }
    if (!r.error().empty()) error = r.error();
    if (!values.empty()) file.float_initializers[name] = values;
    return r.error().empty();
}

/// ValueInfoProto.type = 2 → TypeProto.tensor_type = 1 → shape = 2 → dim = 1 → dim_value = 1.
std::int64_t second_dimension(std::span<const std::uint8_t> bytes, std::size_t base) {
    const auto child = [](std::span<const std::uint8_t> b, std::size_t at, std::uint32_t number,
                          std::vector<ProtoField>& out) {
        ProtoReader r(b, at);
        ProtoField f;
        while (r.next(f))
            if (f.number == number && f.type == WireType::length_delimited) out.push_back(f);
    };
    std::vector<ProtoField> type, tensor, shape, dims, value;
    child(bytes, base, 2, type);
    if (type.empty()) return 0;
    child(type[0].bytes, type[0].bytes_offset, 1, tensor);
    if (tensor.empty()) return 0;
    child(tensor[0].bytes, tensor[0].bytes_offset, 2, shape);
    if (shape.empty()) return 0;
    child(shape[0].bytes, shape[0].bytes_offset, 1, dims);
    if (dims.size() != 2) return 0;
    ProtoReader r(dims[1].bytes, dims[1].bytes_offset);
    ProtoField f;
    while (r.next(f))
        if (f.number == 1 && f.type == WireType::varint) return static_cast<std::int64_t>(f.value);
    return 0;
}

bool parse_graph(std::span<const std::uint8_t> bytes, std::size_t base, File& file, std::string& error) {
    ProtoReader r(bytes, base);
    ProtoField f;
    bool first_input = true;
    while (r.next(f)) {
        if (f.type != WireType::length_delimited) continue;
        if (f.number == 2) file.graph_name = as_text(f);
        if (f.number == 1) {
            file.nodes.emplace_back();
            if (!parse_node(f.bytes, f.bytes_offset, file.nodes.back(), error)) return false;
        }
        if (f.number == 5 && !parse_initializer(f.bytes, f.bytes_offset, file, error)) return false;
        if (f.number == 11 && first_input) {
            file.input_width = second_dimension(f.bytes, f.bytes_offset);
            first_input = false;
        }
    }
    if (!r.error().empty()) error = r.error();
    return r.error().empty();
}

bool parse_model(std::span<const std::uint8_t> bytes, File& file, std::string& error) {
    ProtoReader r(bytes);
    ProtoField f;
    bool graph = false;
    while (r.next(f)) {
        if (f.type != WireType::length_delimited) continue;
        if (f.number == 7) {
            if (!parse_graph(f.bytes, f.bytes_offset, file, error)) return false;
            graph = true;
        }
        if (f.number == 14) { // StringStringEntryProto key = 1, value = 2
            ProtoReader e(f.bytes, f.bytes_offset);
            ProtoField kv;
            std::string key, value;
            while (e.next(kv)) {
                if (kv.number == 1 && kv.type == WireType::length_delimited) key = as_text(kv);
                if (kv.number == 2 && kv.type == WireType::length_delimited) value = as_text(kv);
            }
            file.metadata[key] = value;
        }
    }
    if (!r.error().empty()) {
        error = r.error();
        return false;
    }
    if (!graph) error = "the file has no graph (ModelProto field 7): is it an ONNX model?";
    return graph;
}

/// The strings of a JSON array of strings as export writes it, or nothing if it is not one.
std::optional<std::vector<std::string>> json_strings(std::string_view text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    if (text.size() < 2 || text[at++] != '[') return std::nullopt;
    while (at < text.size() && text[at] != ']') {
        if (!out.empty() && text[at++] != ',') return std::nullopt;
        if (at >= text.size() || text[at++] != '"') return std::nullopt;
        std::string s;
        while (at < text.size() && text[at] != '"') {
            char c = text[at++];
            if (c == '\\') {
                if (at >= text.size()) return std::nullopt;
                c = text[at++];
                if (c == 'u') { // only \u00XX, the control characters export escapes
                    unsigned code = 0;
                    if (at + 4 > text.size() || text.substr(at, 2) != "00" ||
                        std::from_chars(text.data() + at + 2, text.data() + at + 4, code, 16).ptr !=
                            text.data() + at + 4)
                        return std::nullopt;
                    c = static_cast<char>(code);
                    at += 4;
                } else if (c != '"' && c != '\\') {
                    return std::nullopt;
                }
            }
            s += c;
        }
        if (at++ >= text.size()) return std::nullopt;
        out.push_back(std::move(s));
    }
    if (at + 1 != text.size()) return std::nullopt;
    return out;
}

std::string refuse_attribute(const Node& n, std::string_view name, std::string_view why) {
    return "the " + n.op_type + " attribute '" + std::string(name) + "' " + std::string(why);
}

/// A split rule of ONNX as glassbox's "go left when x <= threshold".
struct Split {
    double threshold;
    bool swap; ///< true: the ONNX "true" child is glassbox's right child
};

std::optional<Split> as_leq(std::string_view mode, float t) {
    const float below = std::nextafter(t, -std::numeric_limits<float>::infinity());
    // For float x: x < t  <=>  x <= the float below t; x >= t is "not x < t".
    if (mode == "BRANCH_LEQ") return Split{t, false};
    if (mode == "BRANCH_LT") return Split{below, false};
    if (mode == "BRANCH_GT") return Split{t, true};
    if (mode == "BRANCH_GTE") return Split{below, true};
    return std::nullopt;
}

/// The trees of a TreeEnsemble* node as a Forest of `width` values per leaf.
bool build_forest(const Node& n, std::string_view prefix, std::size_t width, std::size_t n_features,
                  model::Forest& forest, std::string& error) {
    const auto ints = [&](std::string_view name) -> const std::vector<std::int64_t>& {
        static const std::vector<std::int64_t> none;
        const Attribute* a = n.find(name);
        return a ? a->ints : none;
    };
    const auto& tree_ids = ints("nodes_treeids");
    const auto& node_ids = ints("nodes_nodeids");
    const auto& feature_ids = ints("nodes_featureids");
    const auto& true_ids = ints("nodes_truenodeids");
    const auto& false_ids = ints("nodes_falsenodeids");
    const Attribute* modes = n.find("nodes_modes");
    const Attribute* values = n.find("nodes_values");
    if (n.find("nodes_values_as_tensor")) {
        error = refuse_attribute(n, "nodes_values_as_tensor",
                                 "(double thresholds) is not supported; use nodes_values.");
        return false;
    }
    const std::size_t count = tree_ids.size();
    if (count == 0 || !modes || !values || node_ids.size() != count || feature_ids.size() != count ||
        true_ids.size() != count || false_ids.size() != count || modes->strings.size() != count ||
        values->floats.size() != count) {
        error = "the " + n.op_type + " node's nodes_* attributes are missing or of different lengths.";
        return false;
    }
    if (const Attribute* missing = n.find("nodes_missing_value_tracks_true"))
        for (const auto v : missing->ints)
            if (v != 0) {
                error =
                    refuse_attribute(n, "nodes_missing_value_tracks_true",
                                     "sends a missing value to the true branch; glassbox sends it right.");
                return false;
            }
    // (tree, node id) → index into the attribute arrays.
    std::map<std::int64_t, std::map<std::int64_t, std::size_t>> trees;
    for (std::size_t i = 0; i < count; ++i)
        if (!trees[tree_ids[i]].emplace(node_ids[i], i).second) {
            error = "tree " + std::to_string(tree_ids[i]) + " has node id " + std::to_string(node_ids[i]) +
                    " twice.";
            return false;
        }
    // Leaf weights: prefix_treeids, _nodeids, _ids (class_ids / target_ids), _weights.
    const std::string p(prefix);
    const auto& w_trees = ints(p + "_treeids");
    const auto& w_nodes = ints(p + "_nodeids");
    const auto& w_ids = ints(p + "_ids");
    const Attribute* weights = n.find(p + "_weights");
    if (!weights || w_nodes.size() != w_trees.size() || w_ids.size() != w_trees.size() ||
        weights->floats.size() != w_trees.size()) {
        error = "the " + n.op_type + " node's " + p + "_* attributes are missing or of different lengths.";
        return false;
    }
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<double>> leaf_values;
    for (std::size_t i = 0; i < w_trees.size(); ++i) {
        if (w_ids[i] < 0 || static_cast<std::uint64_t>(w_ids[i]) >= width) {
            error = "a leaf weight names output " + std::to_string(w_ids[i]) + " but the model has " +
                    std::to_string(width) + ".";
            return false;
        }
        auto& v = leaf_values[{w_trees[i], w_nodes[i]}];
        v.resize(width, 0.0);
        v[static_cast<std::size_t>(w_ids[i])] += weights->floats[i];
    }
    forest.value_width = width;
    for (const auto& [tree, nodes] : trees) {
        // Renumber breadth first from the root (the node no split names): parents come first,
        // so every child index is greater than its parent's; a node reached twice is refused.
        std::map<std::int64_t, int> parents;
        for (const auto& [id, i] : nodes)
            if (modes->strings[i] != "LEAF") {
                ++parents[true_ids[i]];
                ++parents[false_ids[i]];
            }
        std::vector<std::int64_t> order;
        for (const auto& [id, i] : nodes)
            if (!parents.count(id)) order.push_back(id);
        if (order.size() != 1) {
            error = "tree " + std::to_string(tree) + " has " + std::to_string(order.size()) +
                    " roots (nodes no split names); a tree has one.";
            return false;
        }
        std::map<std::int64_t, std::uint32_t> local{{order[0], 0}}; // node id → index, given when queued
        std::vector<std::int32_t> feature;
        std::vector<double> threshold, value;
        std::vector<std::uint32_t> left, right;
        for (std::size_t k = 0; k < order.size(); ++k) {
            const std::int64_t id = order[k];
            const std::size_t i = nodes.at(id);
            const std::string& mode = modes->strings[i];
            if (mode == "LEAF") {
                feature.push_back(model::format::leaf);
                threshold.push_back(0.0);
                left.push_back(0);
                right.push_back(0);
                auto it = leaf_values.find({tree, id});
                std::vector<double> v =
                    it == leaf_values.end() ? std::vector<double>(width, 0.0) : it->second;
                value.insert(value.end(), v.begin(), v.end());
                continue;
            }
            const auto split = as_leq(mode, values->floats[i]);
            if (!split) {
                error = "tree " + std::to_string(tree) + " uses the split mode '" + mode +
                        "'; glassbox reads BRANCH_LEQ, BRANCH_LT, BRANCH_GT, BRANCH_GTE and LEAF.";
                return false;
            }
            if (feature_ids[i] < 0 || static_cast<std::uint64_t>(feature_ids[i]) >= n_features) {
                error = "tree " + std::to_string(tree) + " splits on feature " +
                        std::to_string(feature_ids[i]) + " but the input has " + std::to_string(n_features) +
                        ".";
                return false;
            }
            for (const std::int64_t child : {true_ids[i], false_ids[i]})
                if (!nodes.count(child) || local.count(child) || true_ids[i] == false_ids[i]) {
                    error = "tree " + std::to_string(tree) + ": node " + std::to_string(id) +
                            " names child " + std::to_string(child) +
                            ", which is missing or already in the tree.";
                    return false;
                }
            const std::int64_t l = split->swap ? false_ids[i] : true_ids[i];
            const std::int64_t r = split->swap ? true_ids[i] : false_ids[i];
            feature.push_back(static_cast<std::int32_t>(feature_ids[i]));
            threshold.push_back(split->threshold);
            for (const std::int64_t child : {l, r}) {
                local[child] = static_cast<std::uint32_t>(order.size());
                (child == l ? left : right).push_back(local[child]);
                order.push_back(child);
            }
            value.insert(value.end(), width, 0.0);
        }
        if (order.size() != nodes.size()) {
            error = "tree " + std::to_string(tree) + " has nodes its root does not reach.";
            return false;
        }
        // Keep the file's own numbering when it is already parents first with ids 0..n-1 (as
        // export writes it): then a file imports and exports back to the same bytes.
        const std::size_t n = order.size();
        bool keep = nodes.begin()->first == 0 && nodes.rbegin()->first == static_cast<std::int64_t>(n - 1);
        for (std::size_t k = 0; k < n && keep; ++k)
            if (feature[k] != model::format::leaf)
                keep = order[left[k]] > order[k] && order[right[k]] > order[k];
        if (keep) {
            std::vector<std::int32_t> f2(n);
            std::vector<double> t2(n), v2(n * width);
            std::vector<std::uint32_t> l2(n), r2(n);
            for (std::size_t k = 0; k < n; ++k) {
                const auto id = static_cast<std::size_t>(order[k]);
                f2[id] = feature[k];
                t2[id] = threshold[k];
                l2[id] = feature[k] == model::format::leaf ? 0 : static_cast<std::uint32_t>(order[left[k]]);
                r2[id] = feature[k] == model::format::leaf ? 0 : static_cast<std::uint32_t>(order[right[k]]);
                std::copy_n(value.begin() + static_cast<std::ptrdiff_t>(k * width), width,
                            v2.begin() + static_cast<std::ptrdiff_t>(id * width));
            }
            feature = std::move(f2);
            threshold = std::move(t2);
            left = std::move(l2);
            right = std::move(r2);
            value = std::move(v2);
        }
        forest.add_tree(feature, threshold, left, right, value);
    }
    return true;
}

bool is_helper(const Node& n) {
    for (const std::string_view op : {"Div", "ArgMax", "Gather", "Normalizer", "ZipMap", "Cast", "Identity"})
        if (n.op_type == op) return true;
    return false;
}

std::vector<std::string> class_labels(const Node& n) {
    if (const Attribute* s = n.find("classlabels_strings"); s && !s->strings.empty()) return s->strings;
    std::vector<std::string> out;
    if (const Attribute* i = n.find("classlabels_ints"))
        for (const auto v : i->ints) out.push_back(std::to_string(v));
    return out;
}

std::string text_attribute(const Node& n, std::string_view name, std::string_view fallback) {
    const Attribute* a = n.find(name);
    return a ? a->s : std::string(fallback);
}

} // namespace

model::Model from_onnx(std::span<const std::uint8_t> bytes, const std::string& name, std::string& error) {
    error.clear();
    File file;
    if (!parse_model(bytes, file, error)) return {};
    const Node* main = nullptr;
    bool normalised = false, divided = false;
    for (const Node& n : file.nodes) {
        if (is_helper(n)) {
            normalised = normalised || n.op_type == "Normalizer";
            // export's Div: the sum over trees divided by a float initializer.
            if (n.op_type == "Div" && n.inputs.size() == 2)
                divided = file.float_initializers.count(n.inputs[1]) > 0;
            continue;
        }
        const bool known = n.op_type == "TreeEnsembleClassifier" || n.op_type == "TreeEnsembleRegressor" ||
                           n.op_type == "LinearClassifier" || n.op_type == "LinearRegressor";
        if (!known) {
            error = "the operator '" + n.op_type +
                    "' is not supported; glassbox imports TreeEnsembleClassifier, "
                    "TreeEnsembleRegressor, LinearClassifier and LinearRegressor (ai.onnx.ml).";
            return {};
        }
        if (main) {
            error = "the graph has two model operators (" + main->op_type + " and " + n.op_type +
                    "); glassbox imports one.";
            return {};
        }
        main = &n;
    }
    if (!main) {
        error = "the graph has no TreeEnsembleClassifier, TreeEnsembleRegressor, LinearClassifier or "
                "LinearRegressor node.";
        return {};
    }
    const Node& n = *main;
    if (const Attribute* b = n.find("base_values"))
        for (const float v : b->floats)
            if (v != 0.0f) {
                error =
                    refuse_attribute(n, "base_values", "is not zero; glassbox models have no base value.");
                return {};
            }

    model::Metadata meta;
    meta.name = !name.empty()                          ? name
                : file.metadata.count("glassbox.name") ? file.metadata["glassbox.name"]
                : !file.graph_name.empty()             ? file.graph_name
                                                       : "imported";
    std::size_t n_features = file.input_width > 0 ? static_cast<std::size_t>(file.input_width) : 0;
    if (n_features > max_features) {
        error = "the input declares " + std::to_string(n_features) + " features; glassbox imports at most " +
                std::to_string(max_features) + ".";
        return {};
    }
    const bool classifier = n.op_type.ends_with("Classifier");
    if (classifier) meta.class_labels = class_labels(n);
    if (classifier && meta.class_labels.size() < 2) {
        error = "the " + n.op_type + " node has fewer than two class labels.";
        return {};
    }
    const std::string transform = text_attribute(n, "post_transform", "NONE");
    try {
        if (n.op_type.starts_with("Linear")) {
            const Attribute* c = n.find("coefficients");
            const Attribute* b = n.find("intercepts");
            if (!c || !b || b->floats.empty() || c->floats.size() % b->floats.size() != 0) {
                error = "the " + n.op_type + " node's coefficients do not make one row per intercept.";
                return {};
            }
            const std::size_t rows = b->floats.size(), width = c->floats.size() / rows;
            if (n_features == 0) n_features = width;
            if (width != n_features || width == 0 || width > max_features) {
                error = "the " + n.op_type + " node has " + std::to_string(width) +
                        " coefficients per row but the input has " + std::to_string(n_features) +
                        " features.";
                return {};
            }
            model::Linear l{rows,
                            model::Link::identity,
                            {c->floats.begin(), c->floats.end()},
                            {b->floats.begin(), b->floats.end()}};
            const std::size_t k = meta.class_labels.size();
            bool negated = rows == 2 && l.intercept[0] == -l.intercept[1];
            for (std::size_t j = 0; negated && j < width; ++j) negated = l.coef[j] == -l.coef[width + j];
            if (!classifier && rows == 1 && transform == "NONE") {
            } else if (classifier && transform == "LOGISTIC" && k == 2 && (rows == 1 || negated)) {
                // Two classes as one score s (or as -s and s): P(class 1) = 1 / (1 + e^-s).
                l = {1,
                     model::Link::sigmoid,
                     std::vector<double>(l.coef.end() - static_cast<std::ptrdiff_t>(width), l.coef.end()),
                     {l.intercept.back()}};
            } else if (classifier && transform == "SOFTMAX" && rows == k) {
                l.link = model::Link::softmax;
            } else if (classifier && transform == "LOGISTIC" && rows == k && normalised) {
                l.link = model::Link::one_vs_rest;
            } else {
                error = "a " + n.op_type + " with " + std::to_string(rows) + " rows of coefficients, " +
                        std::to_string(k) + " classes and post_transform " + transform +
                        (normalised ? " then Normalizer" : "") + " is not a model glassbox has.";
                return {};
            }
            for (std::size_t j = 0; j < n_features; ++j)
                meta.feature_names.push_back("f" + std::to_string(j));
            if (auto names = json_strings(file.metadata["glassbox.feature_names"]);
                names && names->size() == n_features)
                meta.feature_names = *names;
            meta.feature_stats.resize(n_features);
            return model::Model(classifier ? model::Kind::logistic_regression
                                           : model::Kind::linear_regression,
                                meta, std::move(l));
        }
        if (transform != "NONE") {
            error = refuse_attribute(n, "post_transform",
                                     "is " + transform + "; glassbox forests average without one.");
            return {};
        }
        if (n_features == 0 && n.find("nodes_featureids"))
            for (const auto f : n.find("nodes_featureids")->ints)
                if (f >= 0 && f < (1 << 20))
                    n_features = std::max(n_features, static_cast<std::size_t>(f) + 1);
        if (!classifier && n.find("n_targets") && n.find("n_targets")->i != 1) {
            error = refuse_attribute(n, "n_targets", "is not 1; glassbox regressors predict one number.");
            return {};
        }
        model::Forest forest;
        const std::size_t width = classifier ? meta.class_labels.size() : 1;
        if (!build_forest(n, classifier ? "class" : "target", width, n_features, forest, error)) return {};
        // Leaf values back to glassbox's: fractions (classifiers) or means (regressors), averaged.
        const double trees = static_cast<double>(forest.n_trees());
        const bool summed = classifier ? !divided : text_attribute(n, "aggregate_function", "SUM") == "SUM";
        if (!classifier && !summed && text_attribute(n, "aggregate_function", "SUM") != "AVERAGE") {
            error = refuse_attribute(n, "aggregate_function", "is not SUM or AVERAGE.");
            return {};
        }
        bool binary_one_column = classifier && width == 2;
        for (std::size_t i = 0; i < forest.node_count() && binary_one_column; ++i)
            if (forest.feature[i] == model::format::leaf) binary_one_column = forest.value[i * 2] == 0.0;
        for (std::size_t i = 0; i < forest.node_count(); ++i) {
            if (forest.feature[i] != model::format::leaf) continue;
            for (std::size_t k = 0; k < width; ++k)
                if (summed) forest.value[i * width + k] *= trees;
            // sklearn-onnx writes a two-class forest's weights for class 1 only.
            if (binary_one_column) forest.value[i * 2] = 1.0 - forest.value[i * 2 + 1];
        }
        for (std::size_t j = 0; j < n_features; ++j) meta.feature_names.push_back("f" + std::to_string(j));
        if (auto names = json_strings(file.metadata["glassbox.feature_names"]);
            names && names->size() == n_features)
            meta.feature_names = *names;
        meta.feature_stats.resize(n_features);
        if (n_features == 0) {
            error = "the input's feature count is not given and no split names a feature.";
            return {};
        }
        return model::Model(classifier ? model::Kind::forest_classifier : model::Kind::forest_regressor, meta,
                            std::move(forest));
    } catch (const std::exception& e) {
        error = std::string("the model does not fit together: ") + e.what();
        return {};
    }
}

} // namespace glassbox::exchange
