#!/bin/sh
# tools/tree_svg.sh: draws docs/tree0.svg, the top of tree 0 of the shipped model.bin, from
# what 'glassbox inspect --tree 0 --format dot' prints, through Graphviz's dot (issue 17).
# The picture is data, so a script draws it and tests/docs/diagram_test.cpp re-checks it.
# Usage: sh tools/tree_svg.sh GLASSBOX [--check]   (GLASSBOX: the built binary, e.g.
#        build/test/glassbox; --check: exit 1 if docs/tree0.svg is not what this draws)
set -eu
cd "$(dirname "$0")/.."
glassbox=$1
command -v dot > /dev/null || {
    echo "tools/tree_svg.sh: Graphviz's dot is not installed (sh scripts/install-deps.sh test installs it)." >&2
    exit 1
}
# Three levels: the whole tree is too deep to read; deeper splits become "... N nodes".
drawn=$("$glassbox" inspect model.bin --tree 0 --format dot --max-depth 3 | dot -Tsvg)
if [ "${2:-}" = --check ]; then
    if [ "$drawn" = "$(cat docs/tree0.svg)" ]; then
        echo "docs/tree0.svg is up to date"
    else
        echo "docs/tree0.svg differs from what tools/tree_svg.sh draws: run sh tools/tree_svg.sh $glassbox" >&2
        exit 1
    fi
else
    printf '%s\n' "$drawn" > docs/tree0.svg
fi
