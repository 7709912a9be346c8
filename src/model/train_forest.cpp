// model/train_forest.cpp: growing CART trees into a random forest.
// Course topic: model.fit for a random forest. Each tree sees a bootstrap sample (rows
// drawn with replacement) and, at each split, a random subset of the features; a split is
// the threshold that most lowers Gini impurity (classes) or squared error (numbers).
// Inputs are cast to float first and thresholds are midpoints between neighbouring float
// values, as scikit-learn does, so predict's "(double)(float)x <= threshold" rule is exact.
#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "model/format.hpp"
#include "model/random.hpp"
#include "model/train.hpp"

namespace glassbox::model {
namespace {

/// The best split found so far at one node.
struct Split {
    bool found = false;
    std::size_t feature = 0;
    double threshold = 0.0;
    double score = -1.0; // larger is better: sum over sides of (sum of class weights)^2 / weight
};

/// A node waiting to be built: its rows are samples_[begin, end).
struct Pending {
    std::size_t begin, end, depth, parent;
    bool is_left;
};

class TreeGrower {
public:
    TreeGrower(const Dataset& data, const std::vector<double>& x32, const ForestOptions& options,
               std::size_t max_features, std::size_t width)
        : data_(data), x32_(x32), options_(options), max_features_(max_features), width_(width) {}

    void grow(std::uint64_t seed, Forest& forest);

private:
    double x(std::size_t row, std::size_t j) const { return x32_[row * data_.n_features() + j]; }
    void node_totals(std::size_t begin, std::size_t end, std::vector<double>& totals) const;
    Split best_split(std::size_t begin, std::size_t end);
    void try_feature(std::size_t begin, std::size_t end, std::size_t j, Split& best);

    const Dataset& data_;
    const std::vector<double>& x32_;
    const ForestOptions& options_;
    std::size_t max_features_, width_;
    bool classes_ = false;
    std::mt19937_64 rng_;
    std::vector<double> weight_;         // bootstrap count of each row
    std::vector<std::uint32_t> samples_; // rows with weight > 0, partitioned node by node
    std::vector<std::size_t> features_;  // shuffled per node
    std::vector<std::pair<double, std::uint32_t>> sorted_;
    std::vector<double> left_totals_, right_totals_, totals_;
};

// Per class: summed weights (classification); else [summed weight, weighted sum of y].
void TreeGrower::node_totals(std::size_t begin, std::size_t end, std::vector<double>& totals) const {
    totals.assign(classes_ ? width_ : 2, 0.0);
    for (std::size_t i = begin; i < end; ++i) {
        const std::uint32_t row = samples_[i];
        if (classes_) {
            totals[static_cast<std::size_t>(data_.y[row])] += weight_[row];
        } else {
            totals[0] += weight_[row];
            totals[1] += weight_[row] * data_.y[row];
        }
    }
}

// Minimising weighted Gini (or squared error) is maximising sum_side sum_k n_k^2 / n_side
// (or s_side^2 / n_side): the "proxy" scikit-learn also uses, cheap to update per row.
void TreeGrower::try_feature(std::size_t begin, std::size_t end, std::size_t j, Split& best) {
    const std::size_t m = end - begin;
    const std::size_t min_leaf = std::max<std::size_t>(options_.min_samples_leaf, 1);
    left_totals_.assign(totals_.size(), 0.0);
    right_totals_ = totals_;
    for (std::size_t p = 1; p < m; ++p) {
        const std::uint32_t row = sorted_[p - 1].second;
        const double w = weight_[row];
        if (classes_) {
            const auto c = static_cast<std::size_t>(data_.y[row]);
            left_totals_[c] += w;
            right_totals_[c] -= w;
        } else {
            left_totals_[0] += w;
            right_totals_[0] -= w;
            left_totals_[1] += w * data_.y[row];
            right_totals_[1] -= w * data_.y[row];
        }
        if (p < min_leaf || m - p < min_leaf || !(sorted_[p - 1].first < sorted_[p].first)) continue;
        double score = 0.0;
        if (classes_) {
            double wl = 0.0, wr = 0.0, sl = 0.0, sr = 0.0;
            for (std::size_t k = 0; k < width_; ++k) {
                wl += left_totals_[k];
                wr += right_totals_[k];
                sl += left_totals_[k] * left_totals_[k];
                sr += right_totals_[k] * right_totals_[k];
            }
            score = sl / wl + sr / wr;
        } else {
            score = left_totals_[1] * left_totals_[1] / left_totals_[0] +
                    right_totals_[1] * right_totals_[1] / right_totals_[0];
        }
        if (!best.found || score > best.score) {
            const double a = sorted_[p - 1].first;
            const double b = sorted_[p].first;
            double t = a / 2.0 + b / 2.0;
            if (t == b || !std::isfinite(t)) t = a; // rounding put the midpoint on b: keep b right
            best = Split{true, j, t, score};
        }
    }
}

Split TreeGrower::best_split(std::size_t begin, std::size_t end) {
    Split best;
    const std::size_t p = data_.n_features();
    // Fisher-Yates shuffle with our own uniform_below: the same order on every platform.
    for (std::size_t i = p; i > 1; --i) std::swap(features_[i - 1], features_[uniform_below(rng_, i)]);
    std::size_t tried = 0;
    for (std::size_t f = 0; f < p && tried < max_features_; ++f) {
        const std::size_t j = features_[f];
        sorted_.clear();
        for (std::size_t i = begin; i < end; ++i) sorted_.emplace_back(x(samples_[i], j), samples_[i]);
        std::sort(sorted_.begin(), sorted_.end());
        // A constant feature cannot split; like scikit-learn, it does not count as tried.
        if (sorted_.front().first == sorted_.back().first) continue;
        ++tried;
        try_feature(begin, end, j, best);
    }
    return best;
}

void TreeGrower::grow(std::uint64_t seed, Forest& forest) {
    classes_ = !data_.class_labels.empty();
    rng_.seed(seed);
    const std::size_t n = data_.rows;
    weight_.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) weight_[uniform_below(rng_, n)] += 1.0; // the bootstrap sample
    samples_.clear();
    for (std::size_t i = 0; i < n; ++i)
        if (weight_[i] > 0.0) samples_.push_back(static_cast<std::uint32_t>(i));
    features_.resize(data_.n_features());
    for (std::size_t j = 0; j < features_.size(); ++j) features_[j] = j;

    std::vector<std::int32_t> feature;
    std::vector<double> threshold, value;
    std::vector<std::uint32_t> left, right;
    // Depth-first with an explicit stack, left child popped first: nodes come out in
    // pre-order, so every child index is greater than its parent's (the format's rule).
    std::vector<Pending> stack{{0, samples_.size(), 0, 0, false}};
    while (!stack.empty()) {
        const Pending node = stack.back();
        stack.pop_back();
        const auto index = static_cast<std::uint32_t>(feature.size());
        if (node.depth > 0) (node.is_left ? left : right)[node.parent] = index;
        node_totals(node.begin, node.end, totals_);
        const auto y_first = data_.y[samples_[node.begin]];
        const bool pure = std::all_of(samples_.begin() + static_cast<std::ptrdiff_t>(node.begin),
                                      samples_.begin() + static_cast<std::ptrdiff_t>(node.end),
                                      [&](std::uint32_t row) { return data_.y[row] == y_first; });
        const bool too_deep = options_.max_depth != 0 && node.depth >= options_.max_depth;
        const bool too_small =
            node.end - node.begin < 2 * std::max<std::size_t>(options_.min_samples_leaf, 1);
        const Split split = pure || too_deep || too_small ? Split{} : best_split(node.begin, node.end);
        feature.push_back(split.found ? static_cast<std::int32_t>(split.feature) : format::leaf);
        threshold.push_back(split.found ? split.threshold : 0.0);
        left.push_back(0);
        right.push_back(0);
        if (!split.found) {
            // A leaf stores class fractions (or the mean): what predict averages over trees.
            if (classes_) {
                double total = 0.0;
                for (const double t : totals_) total += t;
                for (const double t : totals_) value.push_back(t / total);
            } else {
                value.push_back(totals_[1] / totals_[0]);
            }
            continue;
        }
        value.insert(value.end(), width_, 0.0);
        const auto first = samples_.begin() + static_cast<std::ptrdiff_t>(node.begin);
        const auto last = samples_.begin() + static_cast<std::ptrdiff_t>(node.end);
        const auto middle = std::stable_partition(
            first, last, [&](std::uint32_t row) { return x(row, split.feature) <= split.threshold; });
        const auto mid = static_cast<std::size_t>(middle - samples_.begin());
        stack.push_back({mid, node.end, node.depth + 1, index, false});
        stack.push_back({node.begin, mid, node.depth + 1, index, true});
    }
    forest.add_tree(feature, threshold, left, right, value);
}

} // namespace

Model train_forest(const Dataset& data, const ForestOptions& options, std::string name,
                   Diagnostic& diagnostic) {
    diagnostic = {};
    const std::size_t p = data.n_features();
    if (options.trees == 0 || data.rows == 0 || data.rows > 0xFFFFFFFFu) {
        diagnostic.code = DataError::bad_option;
        diagnostic.message = "a forest needs at least one tree and between 1 and 2^32-1 rows.";
        return {};
    }
    const bool classes = !data.class_labels.empty();
    std::size_t max_features = options.max_features;
    if (max_features == 0)
        max_features =
            classes ? std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(static_cast<double>(p))))
                    : p;
    max_features = std::min(max_features, p);
    // scikit-learn trains on float32 copies of X; so do we, so thresholds fall between floats.
    std::vector<double> x32(data.X.size());
    for (std::size_t i = 0; i < x32.size(); ++i) x32[i] = as_float32(data.X[i]);

    Forest forest;
    forest.value_width = classes ? data.class_labels.size() : 1;
    TreeGrower grower(data, x32, options, max_features, forest.value_width);
    for (std::size_t t = 0; t < options.trees; ++t) {
        // Each tree's generator depends only on (seed, t): trees could grow in any order.
        grower.grow(splitmix64(options.seed ^ splitmix64(t)), forest);
        if (options.progress) options.progress(t + 1, options.trees);
    }
    Metadata metadata{std::move(name), data.feature_names, data.class_labels,
                      feature_stats(data, format::default_histogram_bins)};
    return Model(classes ? Kind::forest_classifier : Kind::forest_regressor, std::move(metadata),
                 std::move(forest));
}

} // namespace glassbox::model
