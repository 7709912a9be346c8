// api/registry.cpp: storing, finding and replacing served models.
// Course topic: hot replacement: build the new entry completely, then swap one pointer.
#include "api/registry.hpp"

#include <chrono>
#include <ctime>
#include <mutex>

#include "http/problem.hpp"
#include "model/file.hpp"

namespace glassbox::api {
namespace {

std::string now_rfc3339() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

} // namespace

bool Registry::valid_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 64) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::shared_ptr<const ModelEntry> Registry::find(std::string_view name) const {
    const std::shared_lock lock(mutex_);
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ModelEntry>> Registry::list() const {
    const std::shared_lock lock(mutex_);
    std::vector<std::shared_ptr<const ModelEntry>> out;
    out.reserve(entries_.size());
    for (const auto& [name, entry] : entries_) out.push_back(entry);
    return out;
}

StoreResult Registry::store(const std::string& name, model::Model model, std::string path) {
    // Everything is built before the lock: the swap itself is one pointer assignment.
    auto entry = std::make_shared<ModelEntry>();
    entry->name = name;
    entry->model = std::make_shared<const model::Model>(std::move(model));
    entry->path = std::move(path);
    entry->loaded_at = now_rfc3339();
    entry->name_json = http::json_string(name);
    for (const auto& label : entry->model->class_labels())
        entry->label_json.push_back(http::json_string(label));
    entry->drift = std::make_shared<DriftMonitor>(*entry->model);
    std::shared_ptr<const ModelEntry> old;
    const std::unique_lock lock(mutex_);
    auto& slot = entries_[name];
    old = slot;
    entry->predictions = old ? old->predictions : std::make_shared<ShardedCounter>();
    slot = std::move(entry);
    return old ? StoreResult::replaced : StoreResult::created;
    // NOTE: `old` is released after the lock (destructors run in reverse order of declaration),
    // and a request still holding it keeps the old model alive until it answers.
}

bool Registry::remove(std::string_view name) {
    std::shared_ptr<const ModelEntry> old;
    const std::unique_lock lock(mutex_);
    const auto it = entries_.find(name);
    if (it == entries_.end()) return false;
    old = std::move(it->second);
    entries_.erase(it);
    return true;
}

StoreResult Registry::load_file(std::string name, const std::string& path, model::Diagnostic& diagnostic) {
    model::Model m = model::load_file(path, diagnostic);
    if (diagnostic) return StoreResult::created;
    if (name.empty()) name = m.name();
    if (!valid_name(name)) {
        diagnostic.code = model::FormatError::inconsistent;
        diagnostic.message = "the model's name '" + name +
                             "' cannot be part of a URL (use letters, digits, '_' "
                             "and '-', at most 64); serve it as --model NAME=" +
                             path + ".";
        return StoreResult::created;
    }
    return store(name, std::move(m), path);
}

} // namespace glassbox::api
