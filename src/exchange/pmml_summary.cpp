// exchange/pmml_summary.cpp: a tag scanner for PMML: start, end and empty-element tags with
// their attributes; comments, processing instructions, CDATA and the DOCTYPE are skipped.
// Each element the summary counts is named by its PMML 4.4 local name (a "pmml:" prefix is
// dropped). Try: glassbox export model.bin --format pmml -o /tmp/iris.pmml && glassbox inspect /tmp/iris.pmml
#include "exchange/pmml_summary.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

namespace glassbox::exchange {
namespace {

/// PMML 4.4's model elements (the MODEL-ELEMENT group of the schema).
constexpr std::array<std::string_view, 19> model_elements = {"AnomalyDetectionModel",
                                                             "AssociationModel",
                                                             "BayesianNetworkModel",
                                                             "BaselineModel",
                                                             "ClusteringModel",
                                                             "GaussianProcessModel",
                                                             "GeneralRegressionModel",
                                                             "MiningModel",
                                                             "NaiveBayesModel",
                                                             "NearestNeighborModel",
                                                             "NeuralNetwork",
                                                             "RegressionModel",
                                                             "RuleSetModel",
                                                             "Scorecard",
                                                             "SequenceModel",
                                                             "SupportVectorMachineModel",
                                                             "TextModel",
                                                             "TimeSeriesModel",
                                                             "TreeModel"};

struct Attribute {
    std::string_view name;
    std::string value;
};

std::string_view local_name(std::string_view name) {
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_char(char c) { return !is_space(c) && c != '>' && c != '/' && c != '=' && c != '<'; }

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xc0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xe0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (cp & 0x3f));
    }
}

class Scanner {
public:
    explicit Scanner(std::span<const std::uint8_t> bytes)
        : text_(reinterpret_cast<const char*>(bytes.data()), bytes.size()) {}

    PmmlSummary run() {
        if (text_.starts_with("\xef\xbb\xbf")) at_ = 3; // UTF-8 byte order mark
        while (s_.error.empty() && next_tag()) {
        }
        if (s_.error.empty() && !open_.empty())
            fail(text_.size(), "the document ends inside <" + std::string(open_.back()) +
                                   ">, which is never closed; it was cut short.");
        if (s_.error.empty() && !seen_root_) fail(text_.size(), "the document has no element at all.");
        return std::move(s_);
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;
    std::vector<std::string_view> open_; ///< the open elements' local names, outermost first
    bool seen_root_ = false;
    bool in_first_schema_ = false, schema_done_ = false;
    PmmlSummary s_;

    bool fail(std::size_t offset, const std::string& why) {
        if (s_.error.empty()) s_.error = "at byte " + std::to_string(offset) + ": " + why;
        return false;
    }

    /// Skips to just past `end`, or fails: a construct opened at `from` is never closed.
    bool skip_past(std::string_view end, std::size_t from, std::string_view what) {
        const auto found = text_.find(end, at_);
        if (found == std::string_view::npos)
            return fail(from, std::string(what) + " is never closed (no '" + std::string(end) + "').");
        at_ = found + end.size();
        return true;
    }

    /// XML 1.0 §4.1, §4.6: character references and the five predefined entities.
    bool unescape(std::string_view raw, std::size_t offset, std::string& out) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '&') {
                out += raw[i];
                continue;
            }
            const auto semi = raw.find(';', i);
            if (semi == std::string_view::npos || semi - i > 12)
                return fail(offset + i, "an '&' in an attribute value starts no reference (write &amp;).");
            const std::string_view ref = raw.substr(i + 1, semi - i - 1);
            constexpr std::array<std::pair<std::string_view, char>, 5> predefined = {
                {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}}};
            const auto p = std::find_if(predefined.begin(), predefined.end(),
                                        [&](const auto& e) { return e.first == ref; });
            if (p != predefined.end()) {
                out += p->second;
            } else if (ref.size() > 1 && ref[0] == '#') {
                const bool is_hex = ref[1] == 'x';
                std::uint32_t cp = 0;
                const char* first = ref.data() + (is_hex ? 2 : 1);
                const auto [end, ec] = std::from_chars(first, ref.data() + ref.size(), cp, is_hex ? 16 : 10);
                if (ec != std::errc() || end != ref.data() + ref.size() || cp == 0 || cp > 0x10ffff ||
                    (cp >= 0xd800 && cp <= 0xdfff))
                    return fail(offset + i, "&" + std::string(ref) + "; is not a character XML allows.");
                append_utf8(out, cp);
            } else {
                return fail(offset + i, "&" + std::string(ref) +
                                            "; is an entity XML does not predefine (PMML declares none).");
            }
            i = semi;
        }
        return true;
    }

    /// One markup construct from the next '<'; false at the end of the text or on a fault.
    bool next_tag() {
        const auto lt = text_.find('<', at_);
        if (lt == std::string_view::npos) return false;
        at_ = lt;
        const std::string_view rest = text_.substr(lt);
        if (rest.starts_with("<!--")) return skip_past("-->", lt, "a comment");
        if (rest.starts_with("<?")) return skip_past("?>", lt, "a processing instruction");
        if (rest.starts_with("<![CDATA[")) return skip_past("]]>", lt, "a CDATA section");
        if (rest.starts_with("<!")) {
            // A DOCTYPE; its internal subset, if any, is in brackets.
            const auto bracket = text_.find_first_of("[>", lt);
            if (bracket != std::string_view::npos && text_[bracket] == '[') {
                at_ = bracket;
                if (!skip_past("]", lt, "a DOCTYPE's internal subset")) return false;
            }
            return skip_past(">", lt, "a DOCTYPE");
        }
        if (rest.starts_with("</")) return end_tag(lt);
        return start_tag(lt);
    }

    std::string_view name_at(std::size_t& i) const {
        const std::size_t begin = i;
        while (i < text_.size() && is_name_char(text_[i])) ++i;
        return text_.substr(begin, i - begin);
    }

    bool end_tag(std::size_t lt) {
        std::size_t i = lt + 2;
        const std::string_view name = local_name(name_at(i));
        while (i < text_.size() && is_space(text_[i])) ++i;
        if (i >= text_.size() || text_[i] != '>')
            return fail(lt, "the end tag </" + std::string(name) + " has no closing '>'.");
        at_ = i + 1;
        if (open_.empty())
            return fail(lt, "the end tag </" + std::string(name) + "> closes no open element.");
        if (open_.back() != name)
            return fail(lt, "the end tag </" + std::string(name) + "> does not match <" +
                                std::string(open_.back()) +
                                ">, the element open here (XML 1.0 §3: element type match).");
        if (name == "MiningSchema" && in_first_schema_) {
            in_first_schema_ = false;
            schema_done_ = true;
        }
        open_.pop_back();
        return true;
    }

    bool start_tag(std::size_t lt) {
        std::size_t i = lt + 1;
        const std::string_view name = local_name(name_at(i));
        if (name.empty()) return fail(lt, "a '<' that starts no tag (write &lt; in text).");
        std::vector<Attribute> attributes;
        bool empty = false;
        for (;;) {
            while (i < text_.size() && is_space(text_[i])) ++i;
            if (i >= text_.size())
                return fail(lt, "the tag <" + std::string(name) + " is never closed with '>'.");
            if (text_[i] == '>') break;
            if (text_.substr(i).starts_with("/>")) {
                empty = true;
                ++i;
                break;
            }
            const std::size_t attribute_at = i;
            const std::string_view key = name_at(i);
            while (i < text_.size() && is_space(text_[i])) ++i;
            if (key.empty() || i >= text_.size() || text_[i] != '=')
                return fail(attribute_at, "in <" + std::string(name) +
                                              ">, an attribute needs a name, '=' and a quoted value.");
            ++i;
            while (i < text_.size() && is_space(text_[i])) ++i;
            if (i >= text_.size() || (text_[i] != '"' && text_[i] != '\''))
                return fail(attribute_at, "in <" + std::string(name) + ">, the value of " + std::string(key) +
                                              " is not quoted.");
            const auto close = text_.find(text_[i], i + 1);
            if (close == std::string_view::npos)
                return fail(attribute_at, "in <" + std::string(name) + ">, the value of " + std::string(key) +
                                              " is never closed.");
            const std::string_view raw = text_.substr(i + 1, close - i - 1);
            if (raw.find('<') != std::string_view::npos)
                return fail(attribute_at, "in <" + std::string(name) + ">, the value of " + std::string(key) +
                                              " holds a '<' (XML 1.0 §3.1 forbids it; write &lt;).");
            Attribute a{key, {}};
            if (!unescape(raw, i + 1, a.value)) return false;
            attributes.push_back(std::move(a));
            i = close + 1;
        }
        at_ = i + 1;
        if (open_.empty() && seen_root_)
            return fail(lt, "a second root element <" + std::string(name) + ">.");
        if (open_.size() >= max_scan_depth)
            return fail(lt, "elements nest deeper than " + std::to_string(max_scan_depth) +
                                ", more than this scanner reads.");
        element(lt, name, attributes);
        if (!s_.error.empty()) return false;
        if (!empty) open_.push_back(name);
        return true;
    }

    static std::string attribute(const std::vector<Attribute>& attributes, std::string_view key) {
        for (const auto& a : attributes)
            if (a.name == key) return a.value;
        return {};
    }

    /// Records what the summary needs from one start or empty-element tag.
    void element(std::size_t lt, std::string_view name, const std::vector<Attribute>& attributes) {
        ++s_.elements;
        s_.max_depth = std::max(s_.max_depth, open_.size() + 1);
        const std::string_view parent = open_.empty() ? std::string_view{} : open_.back();
        if (!seen_root_) {
            seen_root_ = true;
            if (name != "PMML")
                fail(lt,
                     "the root element is <" + std::string(name) + ">, not <PMML>: this XML is not PMML.");
            s_.version = attribute(attributes, "version");
            s_.name_space = attribute(attributes, "xmlns");
            return;
        }
        if (name == "Header" && parent == "PMML") s_.description = attribute(attributes, "description");
        if (name == "Application" && parent == "Header")
            s_.application = attribute(attributes, "name") + " " + attribute(attributes, "version");
        if (name == "DataField" && parent == "DataDictionary")
            s_.fields.push_back({attribute(attributes, "name"), attribute(attributes, "optype"),
                                 attribute(attributes, "dataType"), 0, "active"});
        if (name == "Value" && parent == "DataField" && !s_.fields.empty()) ++s_.fields.back().values;
        if (parent == "PMML" && s_.model_element.empty() &&
            std::find(model_elements.begin(), model_elements.end(), name) != model_elements.end()) {
            s_.model_element = std::string(name);
            s_.function_name = attribute(attributes, "functionName");
            s_.model_name = attribute(attributes, "modelName");
        }
        if (name == "MiningSchema" && !schema_done_ && !s_.model_element.empty()) in_first_schema_ = true;
        if (name == "MiningField" && in_first_schema_) {
            const std::string field = attribute(attributes, "name");
            std::string usage = attribute(attributes, "usageType");
            if (usage.empty()) usage = "active";
            for (auto& f : s_.fields)
                if (f.name == field) f.usage = usage;
        }
        if (name == "Segmentation" && s_.multiple_model_method.empty())
            s_.multiple_model_method = attribute(attributes, "multipleModelMethod");
        if (name == "Segment") ++s_.segments;
        if (name == "TreeModel") ++s_.tree_models;
        if (name == "Node") ++s_.nodes;
        if (name == "RegressionTable") ++s_.regression_tables;
        if (name == "OutputField") ++s_.output_fields;
    }
};

} // namespace

bool looks_like_pmml(std::span<const std::uint8_t> bytes) {
    // Only the first 4 KiB: the PMML root comes after at most a declaration and a comment.
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                                std::min<std::size_t>(bytes.size(), 4096));
    std::size_t i = text.starts_with("\xef\xbb\xbf") ? 3 : 0;
    for (;;) {
        while (i < text.size() && is_space(text[i])) ++i;
        const std::string_view rest = text.substr(std::min(i, text.size()));
        if (rest.starts_with("<?") || rest.starts_with("<!")) {
            const std::string_view close = rest.starts_with("<!--") ? "-->" : ">";
            const auto end = text.find(close, i);
            if (end == std::string_view::npos) return false;
            i = end + close.size();
            continue;
        }
        if (!rest.starts_with("<")) return false;
        std::size_t n = 1;
        while (n < rest.size() && is_name_char(rest[n])) ++n;
        return local_name(rest.substr(1, n - 1)) == "PMML";
    }
}

PmmlSummary scan_pmml(std::span<const std::uint8_t> bytes) { return Scanner(bytes).run(); }

} // namespace glassbox::exchange
