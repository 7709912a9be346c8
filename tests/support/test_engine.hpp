// tests/support/test_engine.hpp: the engine the API tests' servers run, GLASSBOX_TEST_ENGINE.
// Unset, the API tests run the shipped default (fast); tests/api/engine_suite_test.cpp runs
// them all a second time with GLASSBOX_TEST_ENGINE=reference, so that the textbook path passes
// every assertion they make (issue 14). TestServer, iris_service() and ServerProcess ask here.
#pragma once

#include "api/service.hpp"
#include "support/process.hpp"

namespace glassbox::test {

/// `options` with the engine this run asks for: reference when GLASSBOX_TEST_ENGINE says so.
inline api::ServiceOptions with_test_engine(api::ServiceOptions options = {}) {
    if (reference_engine_asked()) options.engine = model::Engine::reference;
    return options;
}

} // namespace glassbox::test
