// api/echo.cpp: the /echo document, field by field.
// Course topic: HTTP message anatomy: what the parser kept of each part of a request.
// Spec: RFC 9112 §3 (request line), §3.2 (request-target forms), §5 (field lines), §6.3 (body
// length), §7.1.2 (trailer section), §9.3 (persistence).
// Try: curl -s -d 'a=1' http://127.0.0.1:8000/echo ; curl -s --json '{"a":1}' http://127.0.0.1:8000/echo
#include "api/echo.hpp"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "trace/wire.hpp"

namespace glassbox::api {
namespace {

using json = nlohmann::ordered_json;

std::string_view form_name(http::TargetForm form) {
    switch (form) {
    case http::TargetForm::origin: return "origin-form";
    case http::TargetForm::absolute: return "absolute-form";
    case http::TargetForm::authority: return "authority-form";
    case http::TargetForm::asterisk: return "asterisk-form";
    }
    return "";
}

/// Bytes as the wire view shows them (trace/wire.hpp): printable ASCII as it is, a backslash
/// doubled, CR, LF and TAB as \r \n \t, every other byte as \xNN. So the JSON string is
/// always valid UTF-8, and each escape stands for one byte the client sent.
std::string escaped(std::string_view bytes) {
    std::string out;
    for (const char c : bytes) trace::append_visible(out, static_cast<unsigned char>(c));
    return out;
}

/// Field lines as "Name: value" strings, in arrival order; a credential shows only its scheme
/// and length, as in the trace (a pasted /echo answer leaks no token).
json field_list(const http::Fields& fields) {
    json list = json::array();
    for (const auto& f : fields.items()) {
        const std::string value =
            trace::carries_credentials(f.name) ? trace::masked_credentials(f.value) : escaped(f.value);
        list.push_back(escaped(f.name) + ": " + value);
    }
    return list;
}

/// The trace block gathered so far, one string per line, without the terminal's colour codes
/// (the only ESC bytes in it: the trace escapes every control byte a client sent).
json trace_lines(const trace::Trace& trace) {
    if (!trace.on()) return "none: start the server with --trace to see this exchange's trace lines here";
    json lines = json::array();
    std::string_view block = trace.gathered();
    while (!block.empty()) {
        const std::size_t end = std::min(block.find('\n'), block.size());
        std::string line;
        for (std::size_t i = 0; i < end; ++i) {
            if (block[i] != '\x1b') {
                line.push_back(block[i]);
                continue;
            }
            while (i < end && block[i] != 'm') ++i; // ESC [ digits m
        }
        lines.push_back(std::move(line));
        block.remove_prefix(std::min(end + 1, block.size()));
    }
    return lines;
}

} // namespace

http::Response echo(const http::Request& request, const rest::RouteMatch& match, const trace::Trace& trace) {
    const http::RequestTarget parts = http::split_request_target(request.target);
    json target = {{"as_sent", escaped(request.target)}, {"form", form_name(parts.form)}};
    if (parts.form == http::TargetForm::absolute) {
        target["scheme"] = escaped(parts.scheme);
        target["authority"] = escaped(parts.authority);
    }
    target["path"] = escaped(parts.path);
    target["query"] = escaped(parts.query);
    json pairs = json::array();
    for (const auto& q : match.query) pairs.push_back(escaped(q.name) + "=" + escaped(q.value));
    target["query_pairs"] = std::move(pairs);

    // RFC 9112 §6.3, the rules the parser applied (decide_framing in message.cpp): it refused every
    // combination it could not frame, so the fields alone now say which rule it used.
    json body;
    if (request.fields.find("Transfer-Encoding") != nullptr) {
        body["framing"] = "chunked";
        body["framing_why"] = "Transfer-Encoding: chunked: chunks, each with its size, until one of size 0 "
                              "(RFC 9112 §7.1)";
    } else if (const std::string* length = request.fields.find("Content-Length")) {
        body["framing"] = "content-length";
        body["framing_why"] =
            "Content-Length: " + escaped(*length) + ", and no Transfer-Encoding (RFC 9112 §6.3)";
    } else {
        body["framing"] = "none";
        body["framing_why"] =
            "no Content-Length and no Transfer-Encoding: a request without either has no body "
            "(RFC 9112 §6.3)";
    }
    const std::string_view shown = std::string_view(request.body).substr(0, echo_shown_bytes);
    body["length"] = request.body.size();
    body["shown"] = shown.size();
    body["first_bytes"] = escaped(shown);

    // The request's side of RFC 9112 §9.3 (trace_persistence says the same in the trace);
    // a server that is stopping closes anyway, and says so in Connection: close.
    json connection = {{"keep_alive", request.keep_alive()}};
    if (request.fields.has_token("Connection", "close")) {
        connection["why"] = "the request said Connection: close";
    } else if (!request.keep_alive()) {
        connection["why"] = "HTTP/1.0 without Connection: keep-alive";
    } else {
        connection["why"] = request.version >= 11
                                ? "HTTP/1.1 stays open unless either side says Connection: close"
                                : "HTTP/1.0 with Connection: keep-alive";
    }

    const json document = {
        {"method", escaped(request.method_text)},
        {"target", std::move(target)},
        {"version", request.version >= 11 ? "HTTP/1.1" : "HTTP/1.0"},
        {"fields", field_list(request.fields)},
        {"expect_continue", request.version >= 11 && request.expects_continue()},
        {"body", std::move(body)},
        {"trailers", field_list(request.trailers)},
        {"connection", std::move(connection)},
        {"trace", trace_lines(trace)},
    };
    return http::Response(http::Status::ok, "application/json", document.dump(2) + "\n");
}

} // namespace glassbox::api
