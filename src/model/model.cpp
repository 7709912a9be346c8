// model/model.cpp: Model's constructors and predict().
// Course topic: model.predict(X): one pass over a batch, scratch space allocated once.
#include "model/model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/file.hpp"

namespace glassbox::model {

namespace {

/// Rows converted and walked per chunk: bounds predict()'s scratch for any batch size.
constexpr std::size_t chunk_rows = 1024;

} // namespace

Model::Model(Kind kind, Metadata metadata, Linear linear)
    : kind_(kind), metadata_(std::move(metadata)), payload_(std::move(linear)) {
    finish();
}

Model::Model(Kind kind, Metadata metadata, Forest forest)
    : kind_(kind), metadata_(std::move(metadata)), payload_(std::move(forest)) {
    finish();
}

void Model::finish() {
    if (const Forest* f = forest()) {
        const std::size_t width = kind_ == Kind::forest_classifier ? n_classes() : 1;
        if (f->value_width != width)
            throw std::invalid_argument(
                "Model: a forest's leaves must hold one value per class (1 for a regressor)");
        kernel_ = ForestKernel(*f);
        summary_.trees = f->n_trees();
        summary_.nodes = f->node_count();
        summary_.leaves = f->leaf_count();
        summary_.max_depth = f->max_depth();
    }
    if (const Linear* l = linear()) {
        summary_.weight_rows = l->n_outputs;
        summary_.weight_cols = n_features();
    }
    // The checksum and size are those of the file this model saves to, so a model that
    // was loaded reports exactly the CRC stored in its file.
    const std::vector<std::uint8_t> bytes = save(*this);
    file_bytes_ = bytes.size();
    checksum_ = stored_checksum(bytes);
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
        case Engine::fast: predict_forest_fast(*f, X, rows, out_values, out_probabilities); return;
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

// Performance layer: the same sums through ForestKernel (forest_kernel.hpp), rows in chunks
// of float-cast inputs; the reference above says what it computes.
void Model::predict_forest_fast(const Forest& f, std::span<const double> X, std::size_t rows,
                                std::span<double> out_values, std::span<double> out_probabilities) const {
    const std::size_t n = n_features();
    const std::size_t k = n_classes();
    const std::size_t width = kernel_.value_width();
    // Rows go to the kernel a chunk at a time; scratch for one chunk, reused for every
    // chunk: the float-cast inputs (see forest_kernel.hpp) and the per-row sums.
    const std::size_t chunk = std::min(rows, chunk_rows);
    std::vector<float> x32(chunk * n);
    std::vector<double> sums(chunk * width);
    const double trees = static_cast<double>(f.n_trees());
    for (std::size_t first = 0; first < rows; first += chunk) {
        const std::size_t count = std::min(chunk, rows - first);
        for (std::size_t i = 0; i < count * n; ++i) x32[i] = to_float32(X[first * n + i]);
        kernel_.sum_trees(x32, count, n, sums);
        // The mean over the trees, as scikit-learn divides: one flat loop over the chunk
        // (the compiler vectorizes it), then one copy of the whole block.
        for (std::size_t i = 0; i < count * width; ++i) sums[i] /= trees;
        if (kind_ == Kind::forest_regressor) {
            std::copy_n(sums.begin(), count, out_values.begin() + static_cast<std::ptrdiff_t>(first));
            continue;
        }
        for (std::size_t r = 0; r < count; ++r) {
            const double* sum = sums.data() + r * width;
            std::size_t best = 0;
            for (std::size_t c = 1; c < width; ++c)
                if (sum[c] > sum[best]) best = c;
            out_values[first + r] = static_cast<double>(best);
        }
        if (!out_probabilities.empty()) // width == k for classifiers: the same row-major layout
            std::copy_n(sums.begin(), count * width,
                        out_probabilities.begin() + static_cast<std::ptrdiff_t>(first * k));
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
