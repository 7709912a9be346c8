// api/openapi.hpp: the API described in OpenAPI 3, served at GET /openapi.json.
// Course topic: REST APIs are described for machines too: client generators, test tools and
// documentation browsers read this document. A test checks it lists exactly the router's routes.
#pragma once

#include <string>

namespace glassbox::api {

/// The OpenAPI 3.0 document of every route glassbox serves, as JSON text.
std::string openapi_document();

} // namespace glassbox::api
