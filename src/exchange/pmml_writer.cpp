// exchange/pmml_writer.cpp: Header, DataDictionary, MiningSchema, Output, then the model.
// Course topic: PMML, a model as an XML document. Element and attribute names are the
// specification's (PMML 4.4); each model element names the section it follows.
// Try: glassbox export model.bin --format pmml -o /tmp/iris.pmml && xmllint --noout /tmp/iris.pmml
#include "exchange/pmml_writer.hpp"

#include <string_view>

#include "exchange/onnx_writer.hpp"
#include "model/decimal.hpp"
#include "model/format.hpp"

namespace glassbox::exchange {
namespace {

/// The name of the predicted field (glassbox files do not keep the training target's name).
constexpr std::string_view target = "prediction";

/// `text` in an XML attribute value (XML 1.0 §2.4, §3.3.3): & < > " escaped, and the
/// control characters an attribute would otherwise normalise to spaces as character references.
std::string attr(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\t': out += "&#9;"; break;
        case '\n': out += "&#10;"; break;
        case '\r': out += "&#13;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string mining_schema(const model::Model& m, std::string_view indent) {
    std::string out = std::string(indent) + "<MiningSchema>\n";
    for (const auto& name : m.feature_names())
        out += std::string(indent) + "  <MiningField name=\"" + attr(name) + "\"/>\n";
    out +=
        std::string(indent) + "  <MiningField name=\"" + std::string(target) + "\" usageType=\"target\"/>\n";
    return out + std::string(indent) + "</MiningSchema>\n";
}

/// The Output element: the predicted value and, for classifiers, one probability per class.
std::string output(const model::Model& m) {
    std::string out = "    <Output>\n";
    out += m.is_classifier() ? "      <OutputField name=\"predicted_label\" optype=\"categorical\" "
                               "dataType=\"string\" feature=\"predictedValue\"/>\n"
                             : "      <OutputField name=\"predicted_value\" optype=\"continuous\" "
                               "dataType=\"double\" feature=\"predictedValue\"/>\n";
    for (const auto& label : m.class_labels())
        out += "      <OutputField name=\"probability(" + attr(label) +
               ")\" optype=\"continuous\" dataType=\"double\" feature=\"probability\" value=\"" +
               attr(label) + "\"/>\n";
    return out + "    </Output>\n";
}

/// One tree's nodes under `node` (tree-local index), each split as two Nodes: the left child
/// under "field lessOrEqual threshold", the right under "greaterThan" (TreeModel.html).
void tree_node(const model::Model& m, const model::Forest& f, std::size_t base, std::size_t node,
               std::string_view predicate, std::string& out, std::string indent) {
    const std::size_t i = base + node;
    const bool leaf = f.feature[i] == model::format::leaf;
    out += indent + "<Node id=\"" + std::to_string(node) + "\"";
    if (leaf && m.is_classifier()) {
        std::size_t best = 0;
        for (std::size_t k = 1; k < f.value_width; ++k)
            if (f.value[i * f.value_width + k] > f.value[i * f.value_width + best]) best = k;
        out += " score=\"" + attr(m.class_labels()[best]) + "\"";
    } else if (leaf) {
        out += " score=\"" + model::decimal_text(f.value[i]) + "\"";
    }
    out += ">\n" + indent + "  " + std::string(predicate) + "\n";
    if (leaf) {
        // NOTE: recordCount is required by the schema; glassbox keeps each leaf's class fractions,
        // not its row counts, so the fraction is written as both the count and the probability.
        if (m.is_classifier())
            for (std::size_t k = 0; k < f.value_width; ++k) {
                const std::string p = model::decimal_text(f.value[i * f.value_width + k]);
                out += indent + "  <ScoreDistribution value=\"" + attr(m.class_labels()[k]) +
                       "\" recordCount=\"" + p + "\" probability=\"" + p + "\"/>\n";
            }
    } else {
        const std::string field = attr(m.feature_names()[static_cast<std::size_t>(f.feature[i])]);
        // The float just at or below glassbox's threshold: see to_pmml() and threshold_below().
        const std::string t = model::decimal_text(static_cast<double>(threshold_below(f.threshold[i])));
        tree_node(m, f, base, f.left[i],
                  "<SimplePredicate field=\"" + field + "\" operator=\"lessOrEqual\" value=\"" + t + "\"/>",
                  out, indent + "  ");
        tree_node(m, f, base, f.right[i],
                  "<SimplePredicate field=\"" + field + "\" operator=\"greaterThan\" value=\"" + t + "\"/>",
                  out, indent + "  ");
    }
    out += indent + "</Node>\n";
}

std::string function_name(const model::Model& m) {
    return m.is_classifier() ? "classification" : "regression";
}

std::string tree_model(const model::Model& m, const model::Forest& f, std::size_t t, bool top,
                       std::string indent) {
    std::string out = indent + "<TreeModel functionName=\"" + function_name(m) +
                      "\" splitCharacteristic=\"binarySplit\" noTrueChildStrategy=\"returnNullPrediction\"" +
                      (top ? " modelName=\"" + attr(m.name()) + "\"" : "") + ">\n";
    out += mining_schema(m, indent + "  ");
    if (top) out += output(m);
    tree_node(m, f, f.tree_offsets[t], 0, "<True/>", out, indent + "  ");
    return out + indent + "</TreeModel>\n";
}

/// A forest (MultipleModels.html): each tree a Segment; "average" averages the trees' class
/// probabilities (classification) or their predictions (regression), as glassbox does.
std::string forest_model(const model::Model& m, const model::Forest& f) {
    if (f.n_trees() == 1) return tree_model(m, f, 0, true, "  ");
    std::string out = "  <MiningModel functionName=\"" + function_name(m) + "\" modelName=\"" +
                      attr(m.name()) + "\">\n" + mining_schema(m, "    ") + output(m) +
                      "    <Segmentation multipleModelMethod=\"average\">\n";
    for (std::size_t t = 0; t < f.n_trees(); ++t) {
        out += "      <Segment id=\"" + std::to_string(t + 1) + "\">\n        <True/>\n";
        out += tree_model(m, f, t, false, "        ");
        out += "      </Segment>\n";
    }
    return out + "    </Segmentation>\n  </MiningModel>\n";
}

/// One RegressionTable (Regression.html): intercept + sum of coefficient * field.
std::string regression_table(const model::Model& m, const model::Linear& l, std::size_t k,
                             std::string_view category, std::string_view indent) {
    std::string out = std::string(indent) + "<RegressionTable intercept=\"" +
                      model::decimal_text(l.intercept[k]) + "\"" +
                      (category.empty() ? "" : " targetCategory=\"" + attr(category) + "\"") + ">\n";
    for (std::size_t j = 0; j < m.n_features(); ++j)
        out += std::string(indent) + "  <NumericPredictor name=\"" + attr(m.feature_names()[j]) +
               "\" coefficient=\"" + model::decimal_text(l.coef[k * m.n_features() + j]) + "\"/>\n";
    return out + std::string(indent) + "</RegressionTable>\n";
}

std::string linear_model(const model::Model& m, const model::Linear& l) {
    const std::string head =
        "  <RegressionModel functionName=\"" + function_name(m) + "\" modelName=\"" + attr(m.name()) + "\"";
    switch (l.link) {
    case model::Link::identity:
        return head + ">\n" + mining_schema(m, "    ") + output(m) + regression_table(m, l, 0, "", "    ") +
               "  </RegressionModel>\n";
    case model::Link::sigmoid:
        // Binary logit: the first table's score y gives P = 1 / (1 + e^-y); the last category
        // gets 1 - P. Its table is empty (the spec requires one per category).
        return head + " normalizationMethod=\"logit\">\n" + mining_schema(m, "    ") + output(m) +
               regression_table(m, l, 0, m.class_labels()[1], "    ") +
               "    <RegressionTable intercept=\"0\" " + "targetCategory=\"" + attr(m.class_labels()[0]) +
               "\"/>\n  </RegressionModel>\n";
    case model::Link::softmax: {
        std::string out = head + " normalizationMethod=\"softmax\">\n" + mining_schema(m, "    ") + output(m);
        for (std::size_t k = 0; k < l.n_outputs; ++k)
            out += regression_table(m, l, k, m.class_labels()[k], "    ");
        return out + "  </RegressionModel>\n";
    }
    case model::Link::one_vs_rest: {
        // One-vs-rest (MultipleModels.html, modelChain): a logit regression per class, each
        // an OutputField, then a classification whose "simplemax" divides each by their sum.
        std::string out = "  <MiningModel functionName=\"classification\" modelName=\"" + attr(m.name()) +
                          "\">\n" + mining_schema(m, "    ") + output(m) +
                          "    <Segmentation multipleModelMethod=\"modelChain\">\n";
        for (std::size_t k = 0; k < l.n_outputs; ++k) {
            out += "      <Segment id=\"" + std::to_string(k + 1) + "\">\n        <True/>\n";
            out += "        <RegressionModel functionName=\"regression\" normalizationMethod=\"logit\">\n";
            out += mining_schema(m, "          ");
            out += "          <Output>\n            <OutputField name=\"sigmoid(" +
                   attr(m.class_labels()[k]) +
                   ")\" optype=\"continuous\" dataType=\"double\" feature=\"predictedValue\"/>\n"
                   "          </Output>\n";
            out += regression_table(m, l, k, "", "          ");
            out += "        </RegressionModel>\n      </Segment>\n";
        }
        out += "      <Segment id=\"" + std::to_string(l.n_outputs + 1) + "\">\n        <True/>\n";
        out +=
            "        <RegressionModel functionName=\"classification\" normalizationMethod=\"simplemax\">\n";
        out += "          <MiningSchema>\n";
        for (const auto& label : m.class_labels())
            out += "            <MiningField name=\"sigmoid(" + attr(label) + ")\"/>\n";
        out += "            <MiningField name=\"" + std::string(target) + "\" usageType=\"target\"/>\n";
        out += "          </MiningSchema>\n";
        for (const auto& label : m.class_labels())
            out += "          <RegressionTable intercept=\"0\" targetCategory=\"" + attr(label) +
                   "\">\n            <NumericPredictor name=\"sigmoid(" + attr(label) +
                   ")\" coefficient=\"1\"/>\n          </RegressionTable>\n";
        out += "        </RegressionModel>\n      </Segment>\n";
        return out + "    </Segmentation>\n  </MiningModel>\n";
    }
    }
    return {};
}

} // namespace

std::string pmml_refusal(const model::Model& m) {
    const auto check = [](std::string_view what, const std::string& text) -> std::string {
        for (const char c : text) {
            const auto u = static_cast<unsigned char>(c);
            if (u < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return "PMML is XML 1.0, which cannot hold the control character " + std::to_string(u) +
                       " in the " + std::string(what) + " '" + text +
                       "' (XML 1.0 §2.2); rename it and train again.";
        }
        return {};
    };
    std::string why = check("model name", m.name());
    for (const auto& name : m.feature_names())
        if (why.empty()) why = check("feature name", name);
    for (const auto& label : m.class_labels())
        if (why.empty()) why = check("class label", label);
    // PMML nests one Node element per tree level, inside about eight others. libxml2 (xmllint,
    // lxml) refuses a document nested deeper than 256 elements unless told otherwise, and the
    // writer recurses once per level: a deeper tree is refused with the reason.
    if (const model::Forest* f = m.forest(); why.empty() && f != nullptr && f->max_depth() > max_pmml_depth) {
        why = "A tree of this forest is " + std::to_string(f->max_depth()) +
              " levels deep; PMML nests one XML element per level, and XML readers such as libxml2 refuse "
              "documents nested more than 256 deep, so PMML export takes trees of at most " +
              std::to_string(max_pmml_depth) + " levels. Train with a depth limit, or export to ONNX.";
    }
    return why;
}

std::string to_pmml(const model::Model& m) {
    // Forests compare float32 inputs (forest.hpp), linear models use the double as given.
    const std::string type = m.forest() ? "float" : "double";
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<PMML xmlns=\"http://www.dmg.org/PMML-4_4\" version=\"4.4\">\n";
    out += "  <Header description=\"" + attr(m.name()) + ": a " + std::string(model::kind_name(m.kind())) +
           " exported by glassbox\">\n    <Application name=\"glassbox\" version=\"0.1.0\"/>\n  </Header>\n";
    out += "  <DataDictionary numberOfFields=\"" + std::to_string(m.n_features() + 1) + "\">\n";
    for (const auto& name : m.feature_names())
        out +=
            "    <DataField name=\"" + attr(name) + "\" optype=\"continuous\" dataType=\"" + type + "\"/>\n";
    if (m.is_classifier()) {
        out += "    <DataField name=\"" + std::string(target) +
               "\" optype=\"categorical\" dataType=\"string\">\n";
        for (const auto& label : m.class_labels()) out += "      <Value value=\"" + attr(label) + "\"/>\n";
        out += "    </DataField>\n";
    } else {
        out += "    <DataField name=\"" + std::string(target) +
               "\" optype=\"continuous\" dataType=\"double\"/>\n";
    }
    out += "  </DataDictionary>\n";
    if (const model::Forest* f = m.forest())
        out += forest_model(m, *f);
    else
        out += linear_model(m, *m.linear());
    return out + "</PMML>\n";
}

} // namespace glassbox::exchange
