#!/bin/sh
# scripts/screenshot.sh: regenerate docs/browser-page.png, the picture of the page at / in
# docs/09-in-the-browser.md and README.md. Serves ./model.bin with --trace=wire on a free
# port, sends a few iris rows so the drift histograms have bars, then has Debian's chromium
# (headless, driven by playwright-core: sh scripts/install-deps.sh test) fill the form, submit
# it and save the whole page. Usage: sh scripts/screenshot.sh [GLASSBOX_BINARY]
set -eu
cd "$(dirname "$0")/.."
glassbox=${1:-build/test/glassbox}
[ -x "$glassbox" ] || { echo "screenshot.sh: no $glassbox: build it first (see README.md)" >&2; exit 1; }
log=$(mktemp)
"$glassbox" serve --port 0 --trace=wire --quiet >"$log" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT INT TERM
url=""
for _ in $(seq 50); do # at most 5 s for the "serving on" line
    url=$(sed -n 's|.*serving on \(http://[^/]*\)/.*|\1|p' "$log")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "screenshot.sh: the server did not start" >&2; exit 1; }
for row in '5.1, 3.5, 1.4, 0.2' '4.9, 3.0, 1.4, 0.2' '6.4, 3.2, 4.5, 1.5' '5.9, 3.0, 4.2, 1.5' \
    '6.3, 3.3, 6.0, 2.5' '7.7, 2.6, 6.9, 2.3' '5.0, 3.4, 1.5, 0.2' '8.4, 3.1, 7.2, 2.6'; do
    curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"features\": [[$row]]}" \
        "$url/models/iris/predictions"
done
timeout 120 node tests/browser/page_test.js screenshot "$url" docs/browser-page.png >/dev/null
echo "wrote docs/browser-page.png from $url"
