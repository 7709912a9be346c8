#!/bin/sh
# scripts/check-layers.sh: checks every #include under src/ against the layer rules of
# DESIGN.md ("Layers and where they live"): who may include whom, and where the two
# third-party libraries may appear. Prints each line that breaks a rule; exits 1 if any does.
# Usage: sh scripts/check-layers.sh   (from anywhere; scripts/test.sh runs it first)
set -eu
cd "$(dirname "$0")/.."

# The layers each folder may include, itself included. cli/ and main.cpp wire them all.
allowed() {
    case "$1" in
    model) echo "model" ;;
    http) echo "http" ;;
    rest) echo "rest http" ;;
    trace) echo "trace http" ;;
    api) echo "api rest http model trace" ;;
    exchange) echo "exchange model" ;;
    net) echo "net http trace" ;;
    cli) echo "*" ;;
    *) echo "" ;;
    esac
}

broken=0
for dir in src/*/; do
    layer=$(basename "$dir")
    may=$(allowed "$layer")
    if [ -z "$may" ]; then
        echo "src/$layer/: a folder DESIGN.md does not name: add its rule here and there" >&2
        broken=1
        continue
    fi
    [ "$may" = "*" ] && continue
    # Lines such as: src/api/models.cpp:7:#include "model/file.hpp"; a layer's fast/ keeps its rules.
    grep -sn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"/]*/' "$dir"*.?pp "$dir"fast/*.?pp |
        while IFS= read -r line; do
            target=$(echo "$line" | sed 's/.*#[[:space:]]*include[[:space:]]*"\([^"/]*\)\/.*/\1/')
            case " $may " in
            *" $target "*) ;;
            *) echo "$line: $layer/ may include only: $may" ;;
            esac
        done
done >/tmp/glassbox-layers.$$
if [ -s /tmp/glassbox-layers.$$ ]; then
    cat /tmp/glassbox-layers.$$ >&2
    broken=1
fi
rm -f /tmp/glassbox-layers.$$

# Asio lives in net/ (cli/ and main.cpp start the server); nlohmann/json in api/ (and cli/).
if grep -rn '#[[:space:]]*include[[:space:]]*<asio' src/model src/http src/rest src/trace \
    src/api src/exchange >&2; then
    echo "the lines above include Asio outside src/net/ (DESIGN.md: Asio lives only there)" >&2
    broken=1
fi
if grep -rn '#[[:space:]]*include[[:space:]]*<nlohmann' src/model src/http src/rest src/trace \
    src/net src/exchange >&2; then
    echo "the lines above use nlohmann/json below src/api/ (the lower layers write their own text)" >&2
    broken=1
fi
# model/fast/ is model's own business: other layers see Model and Engine (model.hpp), never
# the packed trees, so the fast layer can change without touching them.
if grep -rn '#[[:space:]]*include[[:space:]]*"model/fast/' src --exclude-dir=model >&2; then
    echo "the lines above include model/fast/ from outside src/model/ (use model.hpp's Engine)" >&2
    broken=1
fi

if [ "$broken" -ne 0 ]; then
    echo "error: the include graph breaks the layer rules of DESIGN.md (see above)" >&2
    exit 1
fi
echo "layers: every include under src/ follows DESIGN.md's rules"
