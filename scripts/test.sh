#!/bin/sh
# scripts/test.sh: install what is missing, then build and run every test twice: a normal
# build and one with -fsanitize=address,undefined; then runs each fuzz target for 60 s
# (GLASSBOX_FUZZ_SECONDS to change). Also checks layout (clang-format) and the include
# graph against DESIGN.md's layers (scripts/check-layers.sh). Exits non-zero on any failure.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh test
jobs=$(nproc)

echo "== check: the include graph follows the layer rules of DESIGN.md"
sh scripts/check-layers.sh

echo "== check: clang-format"
find src tests examples bench -name '*.cpp' -o -name '*.hpp' 2>/dev/null | sort |
    xargs clang-format --dry-run --Werror

for variant in test asan; do
    dir="build/$variant"
    flags="-DCMAKE_BUILD_TYPE=RelWithDebInfo"
    [ "$variant" = asan ] && flags="-DCMAKE_BUILD_TYPE=Debug -DGLASSBOX_SANITIZE=ON"
    echo "== build: $dir ($flags)"
    # shellcheck disable=SC2086
    cmake -S . -B "$dir" -G Ninja $flags >/dev/null
    cmake --build "$dir" -j "$jobs"
    echo "== tests: $dir"
    # Every Catch2 test must be a CTest test: a name CMake cannot list (an unbalanced "["
    # does that) would silently fold the tests after it into one that runs nothing.
    listed=$("$dir/glassbox_tests" --list-test-names-only | grep -c .)
    registered=$(cd "$dir" && ctest -N | sed -n 's/^Total Tests: //p')
    if [ "$listed" != "$registered" ]; then
        echo "test: $listed Catch2 tests but $registered CTest tests in $dir: is a test name unlistable by CMake?" >&2
        exit 1
    fi
    (cd "$dir" && ctest -j "$jobs" --output-on-failure --timeout 600)
done

echo "== fuzz: every libFuzzer target for ${GLASSBOX_FUZZ_SECONDS:-60} s under ASan+UBSan"
sh tests/fuzz/run.sh "${GLASSBOX_FUZZ_SECONDS:-60}"
