// api/page_parts.cpp: the CSS and JavaScript both pages use, and putting them in place.
// Course topic: the API seen from a browser; every request a page makes goes through fetch().
#include "api/page_parts.hpp"

namespace glassbox::api {
namespace {

constexpr std::string_view style =
    R"css(body { font: 15px/1.45 system-ui, sans-serif; max-width: 70rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }
code, pre { font: 13px/1.35 ui-monospace, monospace; }
pre { background: #f6f6f2; border: 1px solid #ddd; padding: .6rem; overflow-x: auto; white-space: pre; }
table { border-collapse: collapse; }
td, th { text-align: left; padding: .15rem .8rem .15rem 0; vertical-align: top; }
.note { color: #666; font-size: 13px; }
.error { color: #a00; }
)css";

constexpr std::string_view script = R"js(const $ = (id) => document.getElementById(id);

/// GET `path` as JSON; a problem answer (RFC 9457) becomes an Error with its detail.
async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || response.status + ' ' + response.statusText);
  return body;
}

/// A new `tag` element in `parent`, with its text and attributes.
function add(parent, tag, text, attributes = {}) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  parent.appendChild(element);
  return element;
}

function showError(where, error) {
  where.textContent = String(error.message || error);
  where.className = 'error';
}
)js";

void replace_line(std::string& text, std::string_view marker, std::string_view with) {
    const std::size_t at = text.find(marker);
    if (at != std::string::npos) text.replace(at, marker.size() + 1, with); // the marker and its '\n'
}

} // namespace

std::string with_shared_parts(std::string_view page) {
    std::string text(page);
    replace_line(text, "/* shared style */", style);
    replace_line(text, "// shared script", script);
    return text;
}

} // namespace glassbox::api
