// exchange/pmml_summary.hpp: what a PMML document holds, read by a small tag scanner.
// Course topic: PMML, a model as XML: which model element, which fields and types, which
// target, how many trees and nodes. The scanner reads tags and attributes only (no XML
// library, no DTDs, no entity expansion beyond XML's five and character references), checks
// that tags nest, and trusts nothing: bounded depth, one pass.
// Spec: PMML 4.4 (dmg.org), XML 1.0 §2.6-2.8, §3.1 (tags), §4.1 (references).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox::exchange {

/// A DataField of the DataDictionary, with the MiningField that uses it.
struct PmmlField {
    std::string name;
    std::string optype;     ///< continuous, categorical, ordinal
    std::string data_type;  ///< double, float, string, integer...
    std::size_t values = 0; ///< its <Value> children (a categorical field's categories)
    std::string usage;      ///< from the first MiningSchema: active (the default), target, ...
};

/// What a scan of a PMML document found.
struct PmmlSummary {
    std::string version;               ///< the PMML element's version attribute
    std::string name_space;            ///< its xmlns ("http://www.dmg.org/PMML-4_4")
    std::string description;           ///< Header's description
    std::string application;           ///< Header/Application name and version
    std::string model_element;         ///< the first model element: TreeModel, MiningModel, ...
    std::string function_name;         ///< its functionName: classification, regression
    std::string model_name;            ///< its modelName
    std::string multiple_model_method; ///< Segmentation's multipleModelMethod
    std::vector<PmmlField> fields;
    std::size_t segments = 0, tree_models = 0, nodes = 0, regression_tables = 0, output_fields = 0;
    std::size_t elements = 0, max_depth = 0;
    std::string error; ///< a sentence naming the byte when the document is not well-formed
};

/// True when `bytes` look like an XML document whose root element is PMML (after an optional
/// byte order mark, XML declaration, comments and whitespace).
bool looks_like_pmml(std::span<const std::uint8_t> bytes);

/**
 * Scans the PMML document in `bytes`: every start, end and empty-element tag, with their
 * attributes; checks that end tags match (XML 1.0 §3, element type match). Stops at the
 * first fault with `error` set, keeping what was found before it. Nesting deeper than
 * `max_scan_depth` elements is refused.
 */
PmmlSummary scan_pmml(std::span<const std::uint8_t> bytes);

/// The deepest nesting scanned (glassbox's own export stays under 250; JPMML's limit is similar).
inline constexpr std::size_t max_scan_depth = 4096;

} // namespace glassbox::exchange
