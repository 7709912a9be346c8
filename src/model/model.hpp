// model/model.hpp: a trained model: its kind, its metadata and predict().
// Course topic: the object a server holds in memory: what it expects as input (feature
// names and their training statistics), what it answers (class labels or a number), and
// model.predict(X) on a batch of rows without allocating per row.
// Read next: file.hpp (load and save), linear.hpp and forest.hpp (the two payloads).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/forest.hpp"
#include "model/format.hpp"
#include "model/linear.hpp"

namespace glassbox::model {

namespace fast {
class PackedForest; // the performance layer's copy of a forest (model/fast/); model.cpp builds it
} // namespace fast

/// Which code computes predict(): the same answers, bit for bit, by two routes.
enum class Engine {
    reference, ///< the textbook: one row at a time, each tree walked from its root (Forest::accumulate)
    fast,      ///< the performance layer (model/fast/): the same sums, rows in chunks, trees re-laid out
};

/// "reference" or "fast": the engine's name on the command line and in logs.
constexpr std::string_view engine_name(Engine engine) noexcept {
    switch (engine) {
    case Engine::reference: return "reference";
    case Engine::fast: return "fast";
    }
    return "fast";
}

/// What a model predicts and how.
enum class Kind { linear_regression, logistic_regression, forest_classifier, forest_regressor };

/// One row of the kind table: everything glassbox knows about a model kind.
struct KindInfo {
    Kind kind;             ///< the enumerator
    std::uint32_t code;    ///< its code in the file header (format.hpp)
    std::string_view id;   ///< identifier for JSON and logs, e.g. "forest_classifier"
    std::string_view name; ///< in words, e.g. "random forest classifier"
    bool classifier;       ///< predicts a class (with probabilities) rather than a number
};

/// The one table of model kinds, in code order.
inline constexpr std::array<KindInfo, 4> kind_table = {{
    {Kind::linear_regression, format::kind_linear_regression, "linear_regression", "linear regression",
     false},
    {Kind::logistic_regression, format::kind_logistic_regression, "logistic_regression",
     "logistic regression", true},
    {Kind::forest_classifier, format::kind_forest_classifier, "forest_classifier", "random forest classifier",
     true},
    {Kind::forest_regressor, format::kind_forest_regressor, "forest_regressor", "random forest regressor",
     false},
}};

static_assert(
    [] {
        for (std::size_t i = 0; i < kind_table.size(); ++i)
            if (static_cast<std::size_t>(kind_table[i].kind) != i) return false;
        return true;
    }(),
    "kind_table rows must follow the order of enum Kind: kind_info() indexes by it");

/// The table row of `kind`.
constexpr const KindInfo& kind_info(Kind kind) noexcept { return kind_table[static_cast<std::size_t>(kind)]; }
/// "random forest classifier" and so on: a kind in words.
constexpr std::string_view kind_name(Kind kind) noexcept { return kind_info(kind).name; }

/// What the training data looked like for one feature; serving compares live inputs to it.
struct FeatureStats {
    std::uint64_t count = 0; ///< training rows seen (0 when unknown, e.g. imported models)
    double mean = 0.0;       ///< mean of the training values
    double stddev = 0.0;     ///< population standard deviation (divides by count)
    double min = 0.0;        ///< smallest training value
    double max = 0.0;        ///< largest training value
    /// Counts in equal-width bins spanning [min, max]; a value equal to max falls in the last bin.
    std::vector<std::uint64_t> histogram;
};

/// The descriptive part of a model, common to every kind.
struct Metadata {
    std::string name;                        ///< e.g. "iris"; the REST path uses it
    std::vector<std::string> feature_names;  ///< one per input column, in input order
    std::vector<std::string> class_labels;   ///< classifiers only; empty for regressors
    std::vector<FeatureStats> feature_stats; ///< one per feature
};

/// Facts for a summary line: sizes of the payload.
struct Summary {
    std::size_t trees = 0;       ///< forests: number of trees
    std::size_t nodes = 0;       ///< forests: nodes in all trees
    std::size_t leaves = 0;      ///< forests: leaves in all trees
    std::size_t max_depth = 0;   ///< forests: depth of the deepest leaf
    std::size_t weight_rows = 0; ///< linear: rows of the weight matrix
    std::size_t weight_cols = 0; ///< linear: columns of the weight matrix (the features)
};

/// The model.bin a model was read from, as load() found it. Zeros for a model made in memory
/// (train, import): its file does not exist until save() writes it, and save_file() reports these.
struct FileFacts {
    std::size_t bytes = 0;      ///< the file's size in bytes
    std::uint32_t checksum = 0; ///< the CRC-32 stored in its last four bytes
};

/// A model ready to predict. Immutable once made; safe to share between threads.
class Model {
public:
    /// An empty model (what a failed load returns); n_features() is 0.
    Model() = default;
    /// A linear or logistic model. The caller keeps the pieces consistent (load() checks files);
    /// `file` is the file it came from, if any (load() passes it).
    Model(Kind kind, Metadata metadata, Linear linear, FileFacts file = {});
    /// A forest model. The caller keeps the pieces consistent (load() checks files); throws
    /// std::invalid_argument when the leaves do not hold one value per class (1 for a regressor).
    /// `file` is the file it came from, if any (load() passes it).
    Model(Kind kind, Metadata metadata, Forest forest, FileFacts file = {});

    /// What the model predicts and how.
    Kind kind() const noexcept { return kind_; }
    /// The model's name.
    const std::string& name() const noexcept { return metadata_.name; }
    /// Input column names, in input order.
    const std::vector<std::string>& feature_names() const noexcept { return metadata_.feature_names; }
    /// Class labels (empty for regressors); predictions are indices into this.
    const std::vector<std::string>& class_labels() const noexcept { return metadata_.class_labels; }
    /// Training statistics, one per feature.
    const std::vector<FeatureStats>& feature_stats() const noexcept { return metadata_.feature_stats; }
    /// All metadata at once.
    const Metadata& metadata() const noexcept { return metadata_; }
    /// True for logistic regression and forest classifiers.
    bool is_classifier() const noexcept { return kind_info(kind_).classifier; }
    /// Number of input values per row.
    std::size_t n_features() const noexcept { return metadata_.feature_names.size(); }
    /// Probabilities per row: the class count for classifiers, else 0.
    std::size_t n_classes() const noexcept { return metadata_.class_labels.size(); }
    /// The linear payload, or null for forests.
    const Linear* linear() const noexcept { return std::get_if<Linear>(&payload_); }
    /// The forest payload, or null for linear models.
    const Forest* forest() const noexcept { return std::get_if<Forest>(&payload_); }
    /// Sizes of the payload.
    const Summary& summary() const noexcept { return summary_; }
    /// CRC-32 stored in the file this model was loaded from; 0 for a model made in memory.
    std::uint32_t checksum() const noexcept { return file_.checksum; }
    /// Size in bytes of the file this model was loaded from; 0 for a model made in memory.
    std::size_t file_bytes() const noexcept { return file_.bytes; }

    /**
     * Predicts `rows` rows at once, scikit-learn's model.predict(X) and predict_proba(X).
     * `X` holds rows * n_features() values, row-major. For each row, `out_values[r]` gets the
     * class index (classifiers; the label is class_labels()[index]) or the predicted number
     * (regressors). `out_probabilities` is empty, or rows * n_classes() values that receive
     * each row's class probabilities (classifiers only). Forests compare (double)(float)x
     * with their thresholds, as scikit-learn does; inputs should be finite (the caller
     * validates: NaN goes right at every split). Allocates its scratch (a few vectors) once
     * per call, never per row.
     * `engine` picks the code (see Engine); the outputs are the same bits either way.
     * Throws std::invalid_argument when the span sizes do not match (a programming error).
     */
    void predict(std::span<const double> X, std::size_t rows, std::span<double> out_values,
                 std::span<double> out_probabilities, Engine engine = Engine::fast) const;

private:
    void finish();
    void predict_forest_reference(const Forest& forest, std::span<const double> X, std::size_t rows,
                                  std::span<double> out_values, std::span<double> out_probabilities) const;

    Kind kind_ = Kind::linear_regression;
    Metadata metadata_;
    std::variant<Linear, Forest> payload_;
    /// Forests: the same trees laid out for Engine::fast, built once and shared by copies
    /// (immutable, so threads share it too); null for linear models.
    std::shared_ptr<const fast::PackedForest> packed_;
    Summary summary_;
    FileFacts file_;
};

/// The first of `rows` rows whose outputs are not all finite, or `rows` when all are: the
/// row's value (a regressor's prediction) or any of its `probabilities` (rows * n_classes
/// values, or empty). predict() gives such a row when a score or a sum of leaves overflows a
/// double; its outputs are not numbers JSON or CSV can carry, so callers refuse it by row.
std::size_t first_non_finite_row(std::span<const double> values, std::span<const double> probabilities,
                                 std::size_t rows) noexcept;

} // namespace glassbox::model
