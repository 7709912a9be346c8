// http/message.cpp: methods, field lookup and the persistence rule.
// Course topic: the anatomy of a message.
// Spec: RFC 9110 §5.1 (field names are case-insensitive), §9 (methods), RFC 9112 §9.3.
#include "http/message.hpp"

#include <array>

#include "http/token.hpp"

namespace glassbox::http {
namespace {

struct MethodName {
    Method method;
    std::string_view token;
};

/// The one table of method tokens.
constexpr std::array method_table{
    MethodName{Method::get, "GET"},         MethodName{Method::head, "HEAD"},
    MethodName{Method::post, "POST"},       MethodName{Method::put, "PUT"},
    MethodName{Method::delete_, "DELETE"},  MethodName{Method::connect, "CONNECT"},
    MethodName{Method::options, "OPTIONS"}, MethodName{Method::trace, "TRACE"},
    MethodName{Method::patch, "PATCH"},
};

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

} // namespace

Method method_from_token(std::string_view token) {
    for (const auto& row : method_table) {
        if (row.token == token) return row.method;
    }
    return Method::unknown;
}

std::string_view method_token(Method method) {
    for (const auto& row : method_table) {
        if (row.method == method) return row.token;
    }
    return "";
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

void Fields::add(std::string name, std::string value) {
    items_.push_back(Field{std::move(name), std::move(value)});
}

void Fields::set(std::string_view name, std::string value) {
    erase(name);
    items_.push_back(Field{std::string(name), std::move(value)});
}

void Fields::erase(std::string_view name) {
    std::erase_if(items_, [&](const Field& f) { return iequals(f.name, name); });
}

const std::string* Fields::find(std::string_view name) const {
    for (const auto& f : items_) {
        if (iequals(f.name, name)) return &f.value;
    }
    return nullptr;
}

std::size_t Fields::count(std::string_view name) const {
    std::size_t n = 0;
    for (const auto& f : items_) {
        if (iequals(f.name, name)) ++n;
    }
    return n;
}

bool Fields::combined(std::string_view name, std::string& out) const {
    bool any = false;
    for (const Field& field : items_) {
        if (!iequals(field.name, name)) continue;
        if (any) out += ", ";
        out += field.value;
        any = true;
    }
    return any;
}

bool Fields::has_token(std::string_view name, std::string_view token) const {
    for (const auto& f : items_) {
        if (!iequals(f.name, name)) continue;
        bool found = false;
        for_each_list_element(f.value,
                              [&](std::string_view element) { found = found || iequals(element, token); });
        if (found) return true;
    }
    return false;
}

void Request::clear() {
    method = Method::unknown;
    method_text.clear();
    target.clear();
    version = 11;
    fields.clear();
    trailers.clear();
    clear_buffer(body);
    client.clear();
}

void clear_buffer(std::string& buffer) {
    if (buffer.capacity() > kept_buffer_bytes) {
        std::string().swap(buffer); // (assigning an empty string would keep the buffer)
    } else {
        buffer.clear();
    }
}

bool Request::keep_alive() const {
    if (fields.has_token("Connection", "close")) return false;
    if (version >= 11) return true;
    return fields.has_token("Connection", "keep-alive");
}

bool Request::expects_continue() const {
    const std::string* expect = fields.find("Expect");
    return expect != nullptr && iequals(trim_ows(*expect), "100-continue");
}

Response::Response(Status s, std::string content_type, std::string b) : status(s), body(std::move(b)) {
    if (!content_type.empty()) fields.add("Content-Type", std::move(content_type));
}

} // namespace glassbox::http
