// api/browser_page.hpp: the page a browser gets at GET / (its Accept field prefers text/html).
// Course topic: the same API seen from a browser: a form that sends a real POST with fetch(),
// the raw bytes of that exchange and the server's trace of it, the model, its drift.
// Static text compiled into the binary: no file to find at run time, nothing fetched from
// elsewhere, so it works offline. Read next: docs/09-in-the-browser.md.
#pragma once

#include <string_view>

namespace glassbox::api {

/// The HTML page, with its CSS and JavaScript inline.
std::string_view browser_page();

} // namespace glassbox::api
