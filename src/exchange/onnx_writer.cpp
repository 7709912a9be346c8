// exchange/onnx_writer.cpp: ModelProto, GraphProto, NodeProto... written field by field.
// Course topic: ONNX-ML as bytes. Each message is a ProtoWriter; each call names the
// field number it writes, from onnx/onnx.proto (proto2, IR version 8). Repeated numbers are
// written packed (one length-delimited run), which every protobuf parser accepts.
// Try: glassbox export model.bin --format onnx -o /tmp/iris.onnx
#include "exchange/onnx_writer.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "exchange/protobuf_writer.hpp"
#include "model/format.hpp"

namespace glassbox::exchange {

float threshold_below(double t) noexcept {
    constexpr float max = std::numeric_limits<float>::max();
    if (t >= max) return max;
    if (t < -static_cast<double>(max)) return -std::numeric_limits<float>::infinity();
    float f = static_cast<float>(t); // to nearest: may land above t
    if (static_cast<double>(f) > t) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

namespace {

// onnx.proto: AttributeProto.AttributeType and TensorProto.DataType values used here.
constexpr std::int64_t attribute_int = 2, attribute_string = 3, attribute_floats = 6, attribute_ints = 7,
                       attribute_strings = 8;
constexpr std::int64_t tensor_float = 1, tensor_string = 8;
/// IR version 8 (ONNX 1.10-1.12): read by Debian 12's python3-onnx 1.12 and every current ONNX Runtime.
constexpr std::int64_t ir_version = 8;
/// ai.onnx opset 13 (Div, ArgMax, Gather) and ai.onnx.ml opset 3 (the tree ensembles with their
/// float nodes_values; opset 5 replaces them with TreeEnsemble, which Runtime 1.12-era tools lack).
constexpr std::int64_t onnx_opset = 13, ml_opset = 3;
constexpr std::string_view ml_domain = "ai.onnx.ml";

// AttributeProto: name = 1, i = 3, s = 4, floats = 7, ints = 8, strings = 9, type = 20.
ProtoWriter attribute(std::string_view name, std::int64_t type) {
    ProtoWriter a;
    a.bytes(1, name);
    a.varint(20, type);
    return a;
}

ProtoWriter int_attribute(std::string_view name, std::int64_t value) {
    ProtoWriter a = attribute(name, attribute_int);
    a.varint(3, value);
    return a;
}

ProtoWriter string_attribute(std::string_view name, std::string_view value) {
    ProtoWriter a = attribute(name, attribute_string);
    a.bytes(4, value);
    return a;
}

ProtoWriter floats_attribute(std::string_view name, const std::vector<float>& values) {
    ProtoWriter a = attribute(name, attribute_floats);
    a.packed_floats(7, values);
    return a;
}

ProtoWriter ints_attribute(std::string_view name, const std::vector<std::int64_t>& values) {
    ProtoWriter a = attribute(name, attribute_ints);
    a.packed_varints(8, values);
    return a;
}

ProtoWriter strings_attribute(std::string_view name, const std::vector<std::string>& values) {
    ProtoWriter a = attribute(name, attribute_strings);
    for (const auto& v : values) a.bytes(9, v);
    return a;
}

/// A NodeProto under construction: input = 1, output = 2, name = 3, op_type = 4,
/// attribute = 5, domain = 7.
struct Node {
    ProtoWriter proto;
    Node(std::string_view op_type, std::string_view domain, std::initializer_list<std::string_view> inputs,
         std::initializer_list<std::string_view> outputs) {
        for (const auto in : inputs) proto.bytes(1, in);
        for (const auto out : outputs) proto.bytes(2, out);
        proto.bytes(3, op_type);
        proto.bytes(4, op_type);
        if (!domain.empty()) proto.bytes(7, domain);
    }
    void add(const ProtoWriter& a) { proto.message(5, a); }
};

/// A ValueInfoProto (name = 1, type = 2) for a tensor: TypeProto.tensor_type = 1 →
/// Tensor.elem_type = 1, shape = 2 → TensorShapeProto.dim = 1 → Dimension.dim_value = 1 or
/// dim_param = 2. A dimension of 0 is written as the symbol "N" (the batch of rows).
ProtoWriter tensor_value_info(std::string_view name, std::int64_t elem_type,
                              std::initializer_list<std::int64_t> dims) {
    ProtoWriter shape;
    for (const std::int64_t d : dims) {
        ProtoWriter dim;
        if (d == 0)
            dim.bytes(2, "N");
        else
            dim.varint(1, d);
        shape.message(1, dim);
    }
    ProtoWriter tensor;
    tensor.varint(1, elem_type);
    tensor.message(2, shape);
    ProtoWriter type;
    type.message(1, tensor);
    ProtoWriter info;
    info.bytes(1, name);
    info.message(2, type);
    return info;
}

/// `names` as a JSON array of strings (RFC 8259 §7 escapes), for metadata_props.
std::string json_strings(const std::vector<std::string>& names) {
    std::string out = "[";
    for (const auto& name : names) {
        out += out.size() > 1 ? ",\"" : "\"";
        for (const char c : name) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (static_cast<unsigned char>(c) < 0x20) {
                constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out += hex[(c >> 4) & 0xf];
                out += hex[c & 0xf];
            } else {
                out += c;
            }
        }
        out += '"';
    }
    return out + "]";
}

/// The nodes_* attributes of a tree ensemble, each node's tree and its tree-local id.
void add_tree_nodes(Node& node, const model::Forest& f) {
    std::vector<std::int64_t> tree_ids, node_ids, feature_ids, true_ids, false_ids;
    std::vector<std::string> modes;
    std::vector<float> values;
    for (std::size_t t = 0; t < f.n_trees(); ++t)
        for (std::size_t i = f.tree_offsets[t]; i < f.tree_offsets[t + 1]; ++i) {
            const bool leaf = f.feature[i] == model::format::leaf;
            tree_ids.push_back(static_cast<std::int64_t>(t));
            node_ids.push_back(static_cast<std::int64_t>(i - f.tree_offsets[t]));
            feature_ids.push_back(leaf ? 0 : f.feature[i]);
            // glassbox goes left when (double)(float)x <= threshold: BRANCH_LEQ with the
            // threshold rounded down (threshold_below), true branch = left.
            modes.emplace_back(leaf ? "LEAF" : "BRANCH_LEQ");
            values.push_back(leaf ? 0.0f : threshold_below(f.threshold[i]));
            true_ids.push_back(leaf ? 0 : f.left[i]);
            false_ids.push_back(leaf ? 0 : f.right[i]);
        }
    node.add(ints_attribute("nodes_treeids", tree_ids));
    node.add(ints_attribute("nodes_nodeids", node_ids));
    node.add(ints_attribute("nodes_featureids", feature_ids));
    node.add(strings_attribute("nodes_modes", modes));
    node.add(floats_attribute("nodes_values", values));
    node.add(ints_attribute("nodes_truenodeids", true_ids));
    node.add(ints_attribute("nodes_falsenodeids", false_ids));
}

/// The leaves' weights: for each leaf and each of `width` outputs, its tree, node, output id
/// and value. The runtime sums them over the trees; the graph then divides by the tree count.
void add_leaf_weights(Node& node, const model::Forest& f, std::string_view prefix, std::string_view id_name) {
    std::vector<std::int64_t> tree_ids, node_ids, ids;
    std::vector<float> weights;
    for (std::size_t t = 0; t < f.n_trees(); ++t)
        for (std::size_t i = f.tree_offsets[t]; i < f.tree_offsets[t + 1]; ++i) {
            if (f.feature[i] != model::format::leaf) continue;
            for (std::size_t k = 0; k < f.value_width; ++k) {
                tree_ids.push_back(static_cast<std::int64_t>(t));
                node_ids.push_back(static_cast<std::int64_t>(i - f.tree_offsets[t]));
                ids.push_back(static_cast<std::int64_t>(k));
                weights.push_back(static_cast<float>(f.value[i * f.value_width + k]));
            }
        }
    const std::string p(prefix);
    node.add(ints_attribute(p + "_treeids", tree_ids));
    node.add(ints_attribute(p + "_nodeids", node_ids));
    node.add(ints_attribute(std::string(id_name), ids));
    node.add(floats_attribute(p + "_weights", weights));
}

std::vector<float> as_floats(const std::vector<double>& values) { return {values.begin(), values.end()}; }

/// The graph's nodes (and initializers) for each kind; outputs named as to_onnx() says.
void add_nodes(ProtoWriter& graph, const model::Model& m) {
    if (const model::Forest* f = m.forest()) {
        if (!m.is_classifier()) {
            Node node("TreeEnsembleRegressor", ml_domain, {"features"}, {"variable"});
            add_tree_nodes(node, *f);
            add_leaf_weights(node, *f, "target", "target_ids");
            node.add(int_attribute("n_targets", 1));
            node.add(string_attribute("aggregate_function", "AVERAGE"));
            node.add(string_attribute("post_transform", "NONE"));
            graph.message(1, node.proto); // GraphProto.node = 1
            return;
        }
        Node node("TreeEnsembleClassifier", ml_domain, {"features"}, {"runtime_label", "leaf_sums"});
        add_tree_nodes(node, *f);
        add_leaf_weights(node, *f, "class", "class_ids");
        node.add(strings_attribute("classlabels_strings", m.class_labels()));
        node.add(string_attribute("post_transform", "NONE"));
        graph.message(1, node.proto);
        // The mean over the trees as glassbox computes it: the sum of the leaves' fractions,
        // then one division (weights of fraction / n_trees would round once per tree: 100
        // trees voting 1.0 gave 0.99999934).
        Node divide("Div", "", {"leaf_sums", "tree_count"}, {"probabilities"});
        graph.message(1, divide.proto);
        ProtoWriter count; // TensorProto, a scalar: data_type = 2, float_data = 4, name = 8
        count.varint(2, tensor_float);
        count.packed_floats(4, std::vector<float>{static_cast<float>(f->n_trees())});
        count.bytes(8, "tree_count");
        graph.message(5, count);
        // NOTE: ONNX Runtime's own label for two classes follows a rule of its own (with every
        // class weighted: class 1 whenever its score is above 0), so "runtime_label" is not
        // an output: label = class_labels[ArgMax(probabilities)], the first largest, as glassbox.
        Node argmax("ArgMax", "", {"probabilities"}, {"class_index"});
        argmax.add(int_attribute("axis", 1));
        argmax.add(int_attribute("keepdims", 0));
        graph.message(1, argmax.proto);
        Node gather("Gather", "", {"class_labels", "class_index"}, {"label"});
        gather.add(int_attribute("axis", 0));
        graph.message(1, gather.proto);
        // GraphProto.initializer = 5: TensorProto dims = 1, data_type = 2, string_data = 6, name = 8.
        ProtoWriter labels;
        labels.varint(1, static_cast<std::int64_t>(m.n_classes()));
        labels.varint(2, tensor_string);
        for (const auto& label : m.class_labels()) labels.bytes(6, label);
        labels.bytes(8, "class_labels");
        graph.message(5, labels);
        return;
    }
    const model::Linear& l = *m.linear();
    if (!m.is_classifier()) {
        Node node("LinearRegressor", ml_domain, {"features"}, {"variable"});
        node.add(floats_attribute("coefficients", as_floats(l.coef)));
        node.add(floats_attribute("intercepts", as_floats(l.intercept)));
        node.add(int_attribute("targets", 1));
        node.add(string_attribute("post_transform", "NONE"));
        graph.message(1, node.proto);
        return;
    }
    std::vector<float> coef = as_floats(l.coef), intercept = as_floats(l.intercept);
    std::string transform = "LOGISTIC";
    switch (l.link) {
    case model::Link::sigmoid:
        // One score s: written as two, -s and s, so the runtime's arg max gives class 1 exactly
        // when s > 0 (a tie at 0 picks class 0, as glassbox), and LOGISTIC gives 1 - p and p.
        coef.resize(2 * m.n_features());
        for (std::size_t j = 0; j < m.n_features(); ++j) {
            coef[m.n_features() + j] = coef[j];
            coef[j] = -coef[j];
        }
        intercept = {-intercept[0], intercept[0]};
        break;
    case model::Link::softmax: transform = "SOFTMAX"; break;
    case model::Link::one_vs_rest: break;
    case model::Link::identity: break;
    }
    const bool normalise = l.link == model::Link::one_vs_rest;
    Node node("LinearClassifier", ml_domain, {"features"}, {"label", normalise ? "scores" : "probabilities"});
    node.add(floats_attribute("coefficients", coef));
    node.add(floats_attribute("intercepts", intercept));
    node.add(strings_attribute("classlabels_strings", m.class_labels()));
    node.add(int_attribute("multi_class", 0));
    node.add(string_attribute("post_transform", transform));
    graph.message(1, node.proto);
    if (normalise) {
        // One-vs-rest: a sigmoid per class, then divided by their sum (L1 norm).
        Node norm("Normalizer", ml_domain, {"scores"}, {"probabilities"});
        norm.add(string_attribute("norm", "L1"));
        graph.message(1, norm.proto);
    }
}

ProtoWriter entry(std::string_view key, std::string_view value) {
    ProtoWriter e; // StringStringEntryProto: key = 1, value = 2
    e.bytes(1, key);
    e.bytes(2, value);
    return e;
}

} // namespace

std::vector<std::uint8_t> to_onnx(const model::Model& m) {
    const auto features = static_cast<std::int64_t>(m.n_features());
    ProtoWriter graph;
    add_nodes(graph, m);
    graph.bytes(2, m.name()); // GraphProto.name = 2
    std::string names;
    for (const auto& n : m.feature_names()) names += (names.empty() ? "" : ", ") + n;
    ProtoWriter input = tensor_value_info("features", tensor_float, {0, features});
    input.bytes(3, "one row per example, columns: " + names); // ValueInfoProto.doc_string = 3
    graph.message(11, input);                                 // GraphProto.input = 11
    if (m.is_classifier()) {                                  // GraphProto.output = 12
        graph.message(12, tensor_value_info("label", tensor_string, {0}));
        graph.message(12, tensor_value_info("probabilities", tensor_float,
                                            {0, static_cast<std::int64_t>(m.n_classes())}));
    } else {
        graph.message(12, tensor_value_info("variable", tensor_float, {0, 1}));
    }

    ProtoWriter out;
    out.varint(1, ir_version);     // ModelProto.ir_version = 1
    out.bytes(2, "glassbox");      // producer_name = 2
    out.bytes(3, "0.1.0");         // producer_version = 3
    out.varint(5, 1);              // model_version = 5
    out.bytes(6, m.is_classifier() // doc_string = 6
                     ? "A " + std::string(model::kind_name(m.kind())) +
                           " exported by glassbox. Read 'label' (the class with the largest "
                           "probability) and 'probabilities' (one column per class)."
                     : "A " + std::string(model::kind_name(m.kind())) +
                           " exported by glassbox. Read 'variable' (one prediction per row).");
    out.message(7, graph); // graph = 7
    for (const auto& [domain, version] :
         {std::pair<std::string_view, std::int64_t>{"", onnx_opset}, {ml_domain, ml_opset}}) {
        ProtoWriter opset; // opset_import = 8: OperatorSetIdProto domain = 1, version = 2
        opset.bytes(1, domain);
        opset.varint(2, version);
        out.message(8, opset);
    }
    // metadata_props = 14: what glassbox knows about the model beyond the graph.
    out.message(14, entry("glassbox.name", m.name()));
    out.message(14, entry("glassbox.kind", model::kind_info(m.kind()).id));
    out.message(14, entry("glassbox.feature_names", json_strings(m.feature_names())));
    if (m.is_classifier()) out.message(14, entry("glassbox.class_labels", json_strings(m.class_labels())));
    return out.data();
}

} // namespace glassbox::exchange
