// exchange/pmml_writer.hpp: a glassbox model as a PMML 4.4 document (XML).
// Course topic: the course's PMML format (what Nyoka and sklearn2pmml write): the model
// described in words a PMML engine (JPMML, PyPMML, ...) reads and scores.
// Spec: https://dmg.org/pmml/v4-4-1/GeneralStructure.html, TreeModel.html, MultipleModels.html,
// Regression.html. Read next: pmml_writer.cpp; tests/exchange/pmml_eval.py scores what it writes.
#pragma once

#include <cstddef>
#include <string>

#include "model/model.hpp"

namespace glassbox::exchange {

/**
 * The PMML 4.4 document (UTF-8 XML, namespace http://www.dmg.org/PMML-4_4) that predicts as
 * `model` does. Forests: a MiningModel whose Segmentation averages TreeModels (one tree: a
 * TreeModel alone). Linear: a RegressionModel, normalised by logit (binary), softmax
 * (multinomial) or, for one-vs-rest, a modelChain of logit models then simplemax.
 * Features are DataFields of dataType "float", because glassbox's trees compare inputs
 * rounded to float32; thresholds are written as the largest float not above glassbox's
 * (so a float input takes the same branch whether an engine compares in float or double).
 * Every other number is written in the shortest form that reads back as the same double.
 */
std::string to_pmml(const model::Model& model);

/// The deepest tree PMML export writes: 256 elements (libxml2's default nesting limit) less
/// the elements around the tree's root Node, with room to spare.
inline constexpr std::size_t max_pmml_depth = 240;

/// Why `model` cannot be written as XML 1.0, or "" when it can: a name or label holding a
/// control character XML forbids even as a reference (U+0001-U+001F but tab, LF, CR; §2.2),
/// or a tree deeper than max_pmml_depth.
std::string pmml_refusal(const model::Model& model);

} // namespace glassbox::exchange
