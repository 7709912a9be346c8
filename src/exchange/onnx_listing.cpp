// exchange/onnx_listing.cpp: walks ModelProto → GraphProto → NodeProto with the checked
// reader and names each field from onnx/onnx.proto; unknown fields are listed by number.
// Try: glassbox export model.bin --format onnx -o /tmp/iris.onnx && glassbox inspect /tmp/iris.onnx
#include "exchange/onnx_listing.hpp"

#include <array>
#include <bit>
#include <cstdio>
#include <string_view>

#include "exchange/protobuf_reader.hpp"
#include "model/decimal.hpp"

namespace glassbox::exchange {
namespace {

struct FieldName {
    std::uint32_t number;
    std::string_view name;
};

// onnx.proto field numbers, one table per message.
constexpr std::array<FieldName, 9> model_fields = {{{1, "ir_version"},
                                                    {2, "producer_name"},
                                                    {3, "producer_version"},
                                                    {4, "domain"},
                                                    {5, "model_version"},
                                                    {6, "doc_string"},
                                                    {7, "graph"},
                                                    {8, "opset_import"},
                                                    {14, "metadata_props"}}};
constexpr std::array<FieldName, 7> graph_fields = {{{1, "node"},
                                                    {2, "name"},
                                                    {5, "initializer"},
                                                    {10, "doc_string"},
                                                    {11, "input"},
                                                    {12, "output"},
                                                    {13, "value_info"}}};
constexpr std::array<FieldName, 7> node_fields = {{{1, "input"},
                                                   {2, "output"},
                                                   {3, "name"},
                                                   {4, "op_type"},
                                                   {5, "attribute"},
                                                   {6, "doc_string"},
                                                   {7, "domain"}}};

template <std::size_t N> std::string name_of(const std::array<FieldName, N>& table, std::uint32_t number) {
    for (const auto& f : table)
        if (f.number == number) return std::string(f.name);
    return "(field " + std::to_string(number) + ", not in onnx.proto: skipped)";
}

std::string_view wire_name(WireType t) {
    switch (t) {
    case WireType::varint: return "varint";
    case WireType::fixed64: return "i64";
    case WireType::length_delimited: return "len";
    case WireType::fixed32: return "i32";
    }
    return "?";
}

/// "0x0005  field  7 len 52000  " : where the field is and how it is encoded.
std::string head(const ProtoField& f) {
    char buffer[64];
    if (f.type == WireType::length_delimited)
        std::snprintf(buffer, sizeof buffer, "0x%06zx  field %2u %-3s %-6zu ", f.offset, f.number,
                      std::string(wire_name(f.type)).c_str(), f.bytes.size());
    else
        std::snprintf(buffer, sizeof buffer, "0x%06zx  field %2u %-10s ", f.offset, f.number,
                      std::string(wire_name(f.type)).c_str());
    return buffer;
}

/// A field's value in a line: text for length-delimited fields that are text, else the number.
std::string value_of(const ProtoField& f) {
    if (f.type != WireType::length_delimited) return std::to_string(f.value);
    std::string text(as_text(f));
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return "\"" + text + "\"";
}

/// One AttributeProto as "'name' = [values]" with the first `shown` values.
std::string attribute_line(const ProtoField& field, std::size_t shown, std::string& error) {
    ProtoReader r(field.bytes, field.bytes_offset);
    ProtoField f;
    std::string name, single;
    std::vector<std::string> values;
    std::vector<std::int64_t> ints;
    std::vector<float> floats;
    while (r.next(f)) {
        if (f.number == 1 && f.type == WireType::length_delimited) name = as_text(f);
        if (f.number == 2 && f.type == WireType::fixed32)
            single = model::decimal_text(std::bit_cast<float>(static_cast<std::uint32_t>(f.value)));
        if (f.number == 3 && f.type == WireType::varint)
            single = std::to_string(static_cast<std::int64_t>(f.value));
        if (f.number == 4 && f.type == WireType::length_delimited) single = value_of(f);
        if (f.number == 7 && !append_floats(f, floats, error)) return {};
        if (f.number == 8 && !append_int64s(f, ints, error)) return {};
        if (f.number == 9 && f.type == WireType::length_delimited) values.push_back(value_of(f));
    }
    if (!r.error().empty()) {
        error = r.error();
        return {};
    }
    for (const float v : floats) values.push_back(model::decimal_text(v));
    for (const std::int64_t v : ints) values.push_back(std::to_string(v));
    std::string out = "'" + name + "' = ";
    if (values.empty()) return out + single;
    out += "[";
    for (std::size_t i = 0; i < values.size() && i < shown; ++i) out += (i ? ", " : "") + values[i];
    if (values.size() > shown) out += ", ... (" + std::to_string(values.size()) + " values)";
    return out + "]";
}

/// The text field `number` of a small message (a ValueInfoProto's or TensorProto's name).
std::string text_field(const ProtoField& field, std::uint32_t number) {
    ProtoReader r(field.bytes, field.bytes_offset);
    ProtoField f;
    std::string out;
    while (r.next(f))
        if (f.number == number && f.type == WireType::length_delimited) out = value_of(f);
    return out;
}

} // namespace

std::vector<std::string> onnx_listing(std::span<const std::uint8_t> bytes, std::size_t shown,
                                      std::string& error) {
    std::vector<std::string> lines;
    error.clear();
    ProtoReader model(bytes);
    ProtoField f;
    while (model.next(f)) {
        const std::string name = name_of(model_fields, f.number);
        if (f.number == 8) {
            lines.push_back(head(f) + name + ": domain " + text_field(f, 1) + ", version " + [&] {
                ProtoReader r(f.bytes, f.bytes_offset);
                ProtoField v;
                while (r.next(v))
                    if (v.number == 2 && v.type == WireType::varint) return std::to_string(v.value);
                return std::string("?");
            }());
        } else if (f.number == 14) {
            lines.push_back(head(f) + name + " " + text_field(f, 1) + " = " + text_field(f, 2));
        } else if (f.number != 7 || f.type != WireType::length_delimited) {
            lines.push_back(head(f) + name + " = " + value_of(f));
            continue;
        }
        if (f.number != 7) continue;
        lines.push_back(head(f) + "graph");
        ProtoReader graph(f.bytes, f.bytes_offset);
        ProtoField g;
        std::size_t node_index = 0, inputs = 0, outputs = 0, initializers = 0;
        while (graph.next(g)) {
            const std::string gname = "  graph." + name_of(graph_fields, g.number);
            if (g.number == 1 && g.type == WireType::length_delimited) {
                const std::string prefix = "graph.node[" + std::to_string(node_index++) + "]";
                lines.push_back(head(g) + "  " + prefix);
                ProtoReader node(g.bytes, g.bytes_offset);
                ProtoField n;
                while (node.next(n)) {
                    if (n.number == 5 && n.type == WireType::length_delimited) {
                        const std::string line = attribute_line(n, shown, error);
                        if (!error.empty()) return lines;
                        lines.push_back(head(n) + "    " + prefix + ".attribute " + line);
                    } else {
                        lines.push_back(head(n) + "    " + prefix + "." + name_of(node_fields, n.number) +
                                        " = " + value_of(n));
                    }
                }
                if (!node.error().empty()) {
                    error = node.error();
                    return lines;
                }
            } else if (g.number == 11 || g.number == 12 || g.number == 5) {
                std::size_t& index = g.number == 11 ? inputs : g.number == 12 ? outputs : initializers;
                lines.push_back(head(g) + gname + "[" + std::to_string(index++) +
                                "] = " + text_field(g, g.number == 5 ? 8 : 1));
            } else {
                lines.push_back(head(g) + gname + " = " + value_of(g));
            }
        }
        if (!graph.error().empty()) {
            error = graph.error();
            return lines;
        }
    }
    if (!model.error().empty()) error = model.error();
    return lines;
}

} // namespace glassbox::exchange
