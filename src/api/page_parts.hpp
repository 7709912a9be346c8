// api/page_parts.hpp: what the two HTML pages (/ and /docs) share: the base style and the
// script helpers, written once and put into each page where it says so.
// Course topic: the API seen from a browser. Read next: browser_page.cpp, docs_page.cpp.
#pragma once

#include <string>
#include <string_view>

namespace glassbox::api {

/// `page` with the line "/* shared style */" replaced by the shared CSS and the line
/// "// shared script" by the shared JavaScript ($, add, getJson, showError).
std::string with_shared_parts(std::string_view page);

} // namespace glassbox::api
