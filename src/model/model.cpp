// model/model.cpp: Model's constructors and predict(), with the forest's walk (Forest::accumulate).
// Course topic: model.predict(X): one pass over a batch; a random forest's predict() walks
// each tree from the root to a leaf and averages the leaves' values, one row at a time.
// This file is the textbook (Engine::reference); Engine::fast hands forests to model/fast/,
// which must give the same sums.
#include "model/model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/fast/packed_forest.hpp"

namespace glassbox::model {

Model::Model(Kind kind, Metadata metadata, Linear linear, FileFacts file)
    : kind_(kind), metadata_(std::move(metadata)), payload_(std::move(linear)), file_(file) {
    finish();
}

Model::Model(Kind kind, Metadata metadata, Forest forest, FileFacts file)
    : kind_(kind), metadata_(std::move(metadata)), payload_(std::move(forest)), file_(file) {
    finish();
}

void Model::finish() {
    if (const Forest* f = forest()) {
        const std::size_t width = kind_ == Kind::forest_classifier ? n_classes() : 1;
        if (f->value_width != width)
            throw std::invalid_argument(
                "Model: a forest's leaves must hold one value per class (1 for a regressor)");
        packed_ = std::make_shared<const fast::PackedForest>(*f);
        summary_.trees = f->n_trees();
        summary_.nodes = f->node_count();
        summary_.leaves = f->leaf_count();
        summary_.max_depth = f->max_depth();
    }
    if (const Linear* l = linear()) {
        summary_.weight_rows = l->n_outputs;
        summary_.weight_cols = n_features();
    }
}

void Model::predict(std::span<const double> X, std::size_t rows, std::span<double> out_values,
                    std::span<double> out_probabilities, Engine engine) const {
    const std::size_t n = n_features();
    const std::size_t k = n_classes();
    if (n == 0) throw std::invalid_argument("Model::predict: the model is empty (a failed load)");
    if (X.size() != rows * n || out_values.size() < rows)
        throw std::invalid_argument("Model::predict: X must hold rows * n_features values");
    if (!out_probabilities.empty() && out_probabilities.size() != rows * k)
        throw std::invalid_argument("Model::predict: probabilities must be empty or rows * n_classes");

    if (const Forest* f = forest()) {
        switch (engine) {
        case Engine::reference: predict_forest_reference(*f, X, rows, out_values, out_probabilities); return;
        case Engine::fast:
            packed_->predict(X, rows, n, kind_ == Kind::forest_regressor, out_values, out_probabilities);
            return;
        }
        return;
    }
    // Linear models have one route for both engines: a dot product per output is the textbook.
    const Linear& l = *linear();
    std::vector<double> scratch(l.n_outputs + k);
    const std::span<double> scores(scratch.data(), l.n_outputs);
    const std::span<double> probabilities(scratch.data() + l.n_outputs, k);
    for (std::size_t r = 0; r < rows; ++r) {
        l.scores(X.subspan(r * n, n), scores);
        if (l.link == Link::identity) {
            out_values[r] = scores[0];
            continue;
        }
        out_values[r] = static_cast<double>(apply_link(l.link, scores, probabilities));
        if (!out_probabilities.empty())
            for (std::size_t c = 0; c < k; ++c) out_probabilities[r * k + c] = probabilities[c];
    }
}

// One row's walk: in each tree, from the root, go left when the feature is at most the
// node's threshold and right otherwise, until a leaf; add that leaf's values to `sum`.
void Forest::accumulate(std::span<const double> x32, std::span<double> sum) const noexcept {
    for (std::size_t t = 0; t + 1 < tree_offsets.size(); ++t) {
        const std::size_t base = tree_offsets[t];
        std::size_t node = base;
        while (feature[node] != format::leaf) {
            const std::size_t local =
                x32[static_cast<std::size_t>(feature[node])] <= threshold[node] ? left[node] : right[node];
            node = base + local;
        }
        const double* v = value.data() + node * value_width;
        for (std::size_t k = 0; k < value_width; ++k) sum[k] += v[k];
    }
}

// The textbook forest: for each row, cast the inputs as scikit-learn does, walk every tree
// from its root to a leaf and add the leaf's values (Forest::accumulate), divide by the
// number of trees; a classifier then picks the class with the largest mean.
void Model::predict_forest_reference(const Forest& f, std::span<const double> X, std::size_t rows,
                                     std::span<double> out_values,
                                     std::span<double> out_probabilities) const {
    const std::size_t n = n_features();
    const std::size_t width = f.value_width;
    const double trees = static_cast<double>(f.n_trees());
    std::vector<double> x32(n);
    std::vector<double> mean(width);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t j = 0; j < n; ++j) x32[j] = as_float32(X[r * n + j]);
        std::fill(mean.begin(), mean.end(), 0.0);
        f.accumulate(x32, mean);
        for (double& v : mean) v /= trees;
        if (kind_ == Kind::forest_regressor) {
            out_values[r] = mean[0];
            continue;
        }
        out_values[r] = static_cast<double>(std::max_element(mean.begin(), mean.end()) - mean.begin());
        if (!out_probabilities.empty())
            std::copy(mean.begin(), mean.end(), out_probabilities.begin() + r * width);
    }
}

std::size_t first_non_finite_row(std::span<const double> values, std::span<const double> probabilities,
                                 std::size_t rows) noexcept {
    const std::size_t k = rows == 0 ? 0 : probabilities.size() / rows;
    for (std::size_t r = 0; r < rows; ++r) {
        if (!std::isfinite(values[r])) return r;
        for (std::size_t c = 0; c < k; ++c)
            if (!std::isfinite(probabilities[r * k + c])) return r;
    }
    return rows;
}

} // namespace glassbox::model
