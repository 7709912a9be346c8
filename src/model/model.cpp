// model/model.cpp: Model's constructors and predict().
// Course topic: model.predict(X): one pass over a batch, scratch space allocated once.
#include "model/model.hpp"

#include <stdexcept>

#include "model/file.hpp"

namespace glassbox::model {

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
                    std::span<double> out_probabilities) const {
    const std::size_t n = n_features();
    const std::size_t k = n_classes();
    if (n == 0) throw std::invalid_argument("Model::predict: the model is empty (a failed load)");
    if (X.size() != rows * n || out_values.size() < rows)
        throw std::invalid_argument("Model::predict: X must hold rows * n_features values");
    if (!out_probabilities.empty() && out_probabilities.size() != rows * k)
        throw std::invalid_argument("Model::predict: probabilities must be empty or rows * n_classes");

    if (const Forest* f = forest()) {
        const std::size_t width = f->value_width;
        // Scratch for one row, reused for every row: the float-cast inputs and the sums.
        std::vector<double> scratch(n + width);
        const std::span<double> x32(scratch.data(), n);
        const std::span<double> sum(scratch.data() + n, width);
        const double trees = static_cast<double>(f->n_trees());
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < n; ++j) x32[j] = as_float32(X[r * n + j]);
            for (auto& s : sum) s = 0.0;
            f->accumulate(x32, sum);
            for (auto& s : sum) s /= trees;
            if (kind_ == Kind::forest_regressor) {
                out_values[r] = sum[0];
                continue;
            }
            std::size_t best = 0;
            for (std::size_t c = 1; c < width; ++c)
                if (sum[c] > sum[best]) best = c;
            out_values[r] = static_cast<double>(best);
            if (!out_probabilities.empty())
                for (std::size_t c = 0; c < width; ++c) out_probabilities[r * k + c] = sum[c];
        }
        return;
    }
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

} // namespace glassbox::model
