// cli/engine_option.hpp: the --engine option of 'serve' and 'predict'.
// Course topic: simple first, fast second: `--engine reference` runs the textbook code (each
// tree walked from its root; for serve, the SAX decoder and the plain JSON writer too),
// `--engine fast` (the default) the performance layer; the answers are the same bytes.
#pragma once

#include <string_view>

#include "model/model.hpp"

namespace glassbox::cli {

/// What --engine accepts, for error sentences and --help.
inline constexpr std::string_view engine_choices = "reference or fast";

/// Reads an --engine value ("reference" or "fast", as model::engine_name spells them) into
/// `engine`; false, `engine` unchanged, for anything else.
inline bool parse_engine(std::string_view text, model::Engine& engine) {
    for (const model::Engine candidate : {model::Engine::reference, model::Engine::fast}) {
        if (text == model::engine_name(candidate)) {
            engine = candidate;
            return true;
        }
    }
    return false;
}

} // namespace glassbox::cli
