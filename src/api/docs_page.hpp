// api/docs_page.hpp: the page at GET /docs: the OpenAPI document rendered for people.
// Course topic: frameworks side by side: FastAPI serves /docs (Swagger UI, fetched from a CDN)
// beside /openapi.json; this is the same idea in one small page written here, no vendored UI.
// Static text compiled into the binary; its JavaScript reads /openapi.json and draws it.
#pragma once

#include <string_view>

namespace glassbox::api {

/// The HTML page, with its CSS and JavaScript inline.
std::string_view docs_page();

} // namespace glassbox::api
