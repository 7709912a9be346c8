// api/conditional.hpp: entity tags and the preconditions that compare them.
// Course topic: HTTP caching and optimistic concurrency: a validator (ETag) names one version
// of a resource; If-None-Match lets a cache revalidate (304), If-Match lets a writer change
// only the version it saw (412).
// Spec: RFC 9110 §8.8.3 (ETag), §13.1.1-2 (If-Match, If-None-Match), §13.2.2 (order).
// Read next: models.cpp, where GET, PUT and DELETE /models/{name} use it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace glassbox::api {

/// What the preconditions of a request decided (RFC 9110 §13.2.2).
enum class Precondition {
    proceed,      ///< none failed: answer as without them
    not_modified, ///< GET or HEAD whose If-None-Match matched: 304
    failed,       ///< 412 Precondition Failed
};

/// The strong entity tag of a model file with this CRC-32: "\"crc32-0a1b2c3d\"" (quotes included).
std::string model_entity_tag(std::uint32_t checksum);

/**
 * Evaluates If-Match, then If-None-Match, in the order of RFC 9110 §13.2.2 (steps 1 and 3;
 * this server sends no Last-Modified, so it ignores the date preconditions). `current` is the
 * entity tag of the model served now, quotes included, or empty when there is none. `safe` is
 * true for GET and HEAD: a matching If-None-Match is then not_modified, else failed. Several
 * field lines of one name make one list (RFC 9110 §5.3); a member that is not an entity-tag
 * matches nothing, so a garbled If-Match never lets a change through.
 */
Precondition evaluate_preconditions(const http::Fields& fields, std::string_view current, bool safe);

/// 412 Precondition Failed (RFC 9110 §15.5.13), /problems/precondition-failed, with a sentence
/// naming the ETag served now (`current`, "" when no model has this name).
http::Response precondition_failed(const std::string& name, const std::string& current);

} // namespace glassbox::api
