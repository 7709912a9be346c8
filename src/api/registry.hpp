// api/registry.hpp: the models being served, by name, and their atomic replacement.
// Course topic: deploying a model: a server holds models in memory and swaps in new versions
// without dropping requests. An entry is immutable; replacing a model puts a new entry in
// the map, and a request that took the old one (a shared_ptr) finishes on it.
// Read next: service.hpp (the resources that use it).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/monitoring.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace glassbox::api {

/// One model as served. Immutable once made, except the counters inside.
struct ModelEntry {
    std::string name;                          ///< the name in the URL, /models/{name}
    std::shared_ptr<const model::Model> model; ///< ready to predict
    std::string path;                          ///< the file it was loaded from; "" when uploaded
    std::string loaded_at;                     ///< when, RFC 3339 UTC, e.g. "2026-01-31T12:00:00Z"
    std::string name_json;                     ///< `name` as a JSON string, written once
    std::vector<std::string> label_json;       ///< each class label as a JSON string, written once
    std::shared_ptr<DriftMonitor> drift;       ///< live input statistics of this version
    /// Rows predicted under this name, across versions: one relaxed atomic (bench/README.md,
    /// "Plain versions measured": per-thread copies were no faster).
    std::shared_ptr<std::atomic<std::uint64_t>> predictions;
};

/// Whether a store made a new name or replaced one.
enum class StoreResult { created, replaced };

/// Models by name. Lookups take a shared (reader) lock; changes take it exclusively for the
/// moment of the swap only: loading and validating happen before, outside the lock.
class Registry {
public:
    /// True for names made of [A-Za-z0-9_-], 1 to 64 characters.
    static bool valid_name(std::string_view name) noexcept;

    /// The entry served under `name`, or null. The entry stays valid as long as it is held.
    std::shared_ptr<const ModelEntry> find(std::string_view name) const;
    /// Every entry, by name.
    std::vector<std::shared_ptr<const ModelEntry>> list() const;
    /// Serves `model` under `name` (a valid name), loaded from `path` ("" for an upload).
    /// Fresh drift statistics; the prediction counter carries over from a replaced entry.
    StoreResult store(const std::string& name, model::Model model, std::string path);
    /// Serves `model` in place of `expected` (same name and path), only if `expected` is
    /// still the entry served under its name: false, and nothing changed, when it was deleted
    /// or replaced since it was read (SIGHUP reload's rule).
    bool replace_if_current(const std::shared_ptr<const ModelEntry>& expected, model::Model model);
    /// Stops serving `name`; false when there was no such model.
    bool remove(std::string_view name);
    /// Loads the file at `path` and stores it under `name` (the file's own name when empty).
    /// On failure nothing changes, `diagnostic` holds the loader's sentence and the result
    /// means nothing.
    StoreResult load_file(std::string name, const std::string& path, model::Diagnostic& diagnostic);
    /// Reads and loads the model file at `path`: a regular file only (a FIFO, device or
    /// directory is refused without blocking on it), at most model::max_file_bytes. On failure
    /// `diagnostic` says why and the model is empty.
    static model::Model read_model_file(const std::string& path, model::Diagnostic& diagnostic);

private:
    /// A complete entry for `model`, outside any lock.
    static std::shared_ptr<ModelEntry> make_entry(const std::string& name, model::Model model,
                                                  std::string path);

    mutable std::shared_mutex mutex_;
    std::map<std::string, std::shared_ptr<const ModelEntry>, std::less<>> entries_;
};

} // namespace glassbox::api
