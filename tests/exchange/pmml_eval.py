#!/usr/bin/python3
# tests/exchange/pmml_eval.py: a small PMML 4.4 evaluator, written from the specification,
# for the elements 'glassbox export --format pmml' writes: TreeModel (SimplePredicate,
# True, ScoreDistribution), MiningModel (Segmentation "average" and "modelChain") and
# RegressionModel (normalizationMethod none, logit, softmax, simplemax). Standard library only.
# Usage: pmml_eval.py FILE.pmml < rows.csv   (one row of feature values per line, in the
# DataDictionary's order); prints per row the prediction then each class's probability.
import math
import struct
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.dmg.org/PMML-4_4}"


def tag(element):
    return element.tag[len(NS):] if element.tag.startswith(NS) else element.tag


def as_float32(x):
    """DataField dataType="float": the value as a float32 (nearest, as a cast does)."""
    try:
        return struct.unpack("f", struct.pack("f", x))[0]
    except OverflowError:
        return math.copysign(math.inf, x)


def as_predicate(element):
    """Predicates (TreeModel.html): True, or SimplePredicate (lessOrEqual, greaterThan) as a tuple."""
    if tag(element) == "True":
        return ("True",)
    if tag(element) == "SimplePredicate":
        return (element.get("operator"), element.get("field"), float(element.get("value")))
    raise ValueError("unsupported predicate " + tag(element))


def predicate(element, row):
    return holds(as_predicate(element), row)


_predicates = {}


def first_predicate(element):
    if id(element) not in _predicates:
        found = [c for c in element if tag(c) in ("True", "SimplePredicate")]
        if not found:
            raise ValueError("no predicate in " + tag(element))
        _predicates[id(element)] = found[0]
    return _predicates[id(element)]


_children = {}


def children(element, name):
    """The child elements named `name`, computed once per element (trees are walked per row)."""
    key = (id(element), name)
    if key not in _children:
        _children[key] = [c for c in element if tag(c) == name]
    return _children[key]


_trees = {}


def compile_node(node, classification):
    """A Node as (predicate, children, leaf result), read once; predicates as tuples."""
    pred = as_predicate(first_predicate(node))
    kids = [compile_node(c, classification) for c in children(node, "Node")]
    if classification:
        result = (node.get("score"), {d.get("value"): float(d.get("probability"))
                                      for d in children(node, "ScoreDistribution")})
    else:
        result = (float(node.get("score")) if node.get("score") is not None else None, None)
    return (pred, kids, result)


def holds(pred, row):
    if pred[0] == "True":
        return True
    if pred[0] == "lessOrEqual":
        return row[pred[1]] <= pred[2]
    if pred[0] == "greaterThan":
        return row[pred[1]] > pred[2]
    raise ValueError("unsupported SimplePredicate operator " + str(pred[0]))


def tree_model(model, row):
    """The leaf reached from the root: at each Node, the first child whose predicate holds."""
    if id(model) not in _trees:
        _trees[id(model)] = compile_node(children(model, "Node")[0],
                                         model.get("functionName") == "classification")
    node = _trees[id(model)]
    if not holds(node[0], row):
        raise ValueError("the root's predicate is false")
    while node[1]:
        nxt = [c for c in node[1] if holds(c[0], row)]
        if not nxt:
            break
        node = nxt[0]
    return node[2]


def regression_model(model, row):
    """RegressionModel (Regression.html): y = intercept + sum(coefficient * x), normalised."""
    tables = children(model, "RegressionTable")
    scores = []
    for table in tables:
        y = float(table.get("intercept"))
        for p in children(table, "NumericPredictor"):
            y += float(p.get("coefficient")) * row[p.get("name")]
        scores.append((table.get("targetCategory"), y))
    method = model.get("normalizationMethod", "none")
    if model.get("functionName") == "regression":
        y = scores[0][1]
        return (1.0 / (1.0 + math.exp(-y)) if method == "logit" else y), None
    if method == "logit" and len(scores) == 2:  # binary: the last category gets 1 - P(first)
        p = 1.0 / (1.0 + math.exp(-scores[0][1]))
        probabilities = {scores[0][0]: p, scores[1][0]: 1.0 - p}
    elif method == "softmax":
        top = max(y for _, y in scores)
        e = [(c, math.exp(y - top)) for c, y in scores]
        total = sum(v for _, v in e)
        probabilities = {c: v / total for c, v in e}
    elif method == "simplemax":
        total = sum(y for _, y in scores)
        probabilities = {c: y / total for c, y in scores}
    else:
        raise ValueError("unsupported normalizationMethod " + method)
    return None, probabilities


def mining_model(model, row):
    """MiningModel (MultipleModels.html): average, or modelChain (each segment's OutputFields
    become fields of the segments after it; the last segment's result is the model's)."""
    segmentation = children(model, "Segmentation")[0]
    method = segmentation.get("multipleModelMethod")
    results = []
    row = dict(row)
    for segment in children(segmentation, "Segment"):
        if not predicate(first_predicate(segment), row):
            continue
        inner = [c for c in segment if tag(c) in MODELS][0]
        value, probabilities = evaluate(inner, row)
        for out in children(inner, "Output"):
            for field in children(out, "OutputField"):
                if field.get("feature") == "predictedValue":
                    row[field.get("name")] = value
        results.append((value, probabilities))
    if method == "modelChain":
        return results[-1]
    if method != "average":
        raise ValueError("unsupported multipleModelMethod " + method)
    if model.get("functionName") == "regression":
        return sum(v for v, _ in results) / len(results), None
    classes = list(results[0][1])
    return None, {c: sum(p[c] for _, p in results) / len(results) for c in classes}


MODELS = {"TreeModel": tree_model, "RegressionModel": regression_model, "MiningModel": mining_model}


def evaluate(model, row):
    return MODELS[tag(model)](model, row)


def main():
    root = ET.parse(sys.argv[1]).getroot()
    assert root.tag == NS + "PMML" and root.get("version") == "4.4", "not a PMML 4.4 document"
    fields = children(children(root, "DataDictionary")[0], "DataField")
    model = [c for c in root if tag(c) in MODELS][0]
    targets = {f.get("name") for f in children(children(model, "MiningSchema")[0], "MiningField")
               if f.get("usageType") == "target"}
    inputs = [f for f in fields if f.get("name") not in targets]
    target = [f for f in fields if f.get("name") in targets][0]
    classes = [v.get("value") for v in children(target, "Value")]
    for line in sys.stdin:
        values = [float(v) for v in line.strip().split(",")]
        row = {f.get("name"): as_float32(v) if f.get("dataType") == "float" else v
               for f, v in zip(inputs, values)}
        value, probabilities = evaluate(model, row)
        if probabilities is None:
            print(repr(value))
            continue
        # The predicted class: the first of the largest probabilities, in the DataField's order.
        best = max(range(len(classes)), key=lambda k: (probabilities[classes[k]], -k))
        print(",".join([classes[best]] + [repr(probabilities[c]) for c in classes]))


if __name__ == "__main__":
    main()
