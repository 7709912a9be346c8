// api/registry.cpp: storing, finding and replacing served models.
// Course topic: hot replacement: build the new entry completely, then swap one pointer.
#include "api/registry.hpp"

#include <cerrno>
#include <chrono>
#include <ctime>
#include <fcntl.h>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

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

std::shared_ptr<ModelEntry> Registry::make_entry(const std::string& name, model::Model model,
                                                 std::string path) {
    auto entry = std::make_shared<ModelEntry>();
    entry->name = name;
    entry->model = std::make_shared<const model::Model>(std::move(model));
    entry->path = std::move(path);
    entry->loaded_at = now_rfc3339();
    entry->name_json = http::json_string(name);
    for (const auto& label : entry->model->class_labels())
        entry->label_json.push_back(http::json_string(label));
    entry->drift = std::make_shared<DriftMonitor>(*entry->model);
    return entry;
}

StoreResult Registry::store(const std::string& name, model::Model model, std::string path) {
    // Everything is built before the lock: the swap itself is one pointer assignment.
    auto entry = make_entry(name, std::move(model), std::move(path));
    std::shared_ptr<const ModelEntry> old;
    const std::unique_lock lock(mutex_);
    auto& slot = entries_[name];
    old = slot;
    entry->predictions = old ? old->predictions : std::make_shared<std::atomic<std::uint64_t>>(0);
    slot = std::move(entry);
    return old ? StoreResult::replaced : StoreResult::created;
    // NOTE: `old` is released after the lock (destructors run in reverse order of declaration),
    // and a request still holding it keeps the old model alive until it answers.
}

bool Registry::replace_if_current(const std::shared_ptr<const ModelEntry>& expected, model::Model model) {
    auto entry = make_entry(expected->name, std::move(model), expected->path);
    std::shared_ptr<const ModelEntry> old;
    const std::unique_lock lock(mutex_);
    const auto it = entries_.find(expected->name);
    // The entry itself is the generation: a PUT or DELETE since the snapshot left another
    // pointer here, or none. (No ABA: `expected` is held, so its address cannot be reused.)
    if (it == entries_.end() || it->second != expected) return false;
    entry->predictions = expected->predictions;
    old = std::move(it->second);
    it->second = std::move(entry);
    return true;
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

model::Model Registry::read_model_file(const std::string& path, model::Diagnostic& diagnostic) {
    diagnostic = {};
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer, for ever. Then fstat what
    // was opened (not the path, which may change meanwhile): regular files only.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        diagnostic.code.assign(errno, std::generic_category());
        diagnostic.message = "cannot open '" + path + "': " + diagnostic.code.message() + ".";
        return {};
    }
    std::vector<std::uint8_t> bytes;
    struct stat facts {};
    if (::fstat(fd, &facts) != 0 || !S_ISREG(facts.st_mode)) {
        diagnostic.code = std::make_error_code(std::errc::invalid_argument);
        diagnostic.message = "'" + path +
                             "' is not a regular file (a FIFO, device or directory); a model is "
                             "loaded only from a regular file.";
    } else if (static_cast<std::uint64_t>(facts.st_size) > model::max_file_bytes) {
        diagnostic.code = std::make_error_code(std::errc::file_too_large);
        diagnostic.message = "'" + path + "' is larger than the " + std::to_string(model::max_file_bytes) +
                             " bytes a model may have.";
    } else {
        // Read what fstat promised and at most one byte more: a file growing meanwhile is
        // refused, not read for ever.
        bytes.resize(static_cast<std::size_t>(facts.st_size) + 1);
        std::size_t got = 0;
        while (got < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                diagnostic.code.assign(errno, std::generic_category());
                diagnostic.message = "cannot read '" + path + "': " + diagnostic.code.message() + ".";
            }
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (!diagnostic && got > static_cast<std::size_t>(facts.st_size)) {
            diagnostic.code = std::make_error_code(std::errc::file_too_large);
            diagnostic.message = "'" + path + "' grew while it was being read; try again once it is written.";
        }
        bytes.resize(got);
    }
    ::close(fd);
    if (diagnostic) return {};
    return model::load(bytes, diagnostic);
}

StoreResult Registry::load_file(std::string name, const std::string& path, model::Diagnostic& diagnostic) {
    model::Model m = read_model_file(path, diagnostic);
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
