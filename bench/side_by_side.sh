#!/bin/sh
# bench/side_by_side.sh: the same curl commands against any server of the iris API, to set
# Flask's development server (bench/flask_peer.py) beside glassbox (docs/06-production.md).
# Usage: sh bench/side_by_side.sh BASE-URL   (e.g. http://127.0.0.1:8000)
# Prints each command, then the response as curl -i shows it, without the Date and Server
# fields (they change with the clock and the Python version).
set -eu
base=$1

# show WHAT COMMAND: prints "# WHAT: COMMAND" (URL standing for BASE-URL), then the response
# as curl -i shows it (status line, fields, body).
show() {
    echo "# $1: $2"
    eval "$(echo "$2" | sed "s#URL#$base#g")" | tr -d '\r' | grep -v -e '^Date:' -e '^Server:'
    echo
}

show "a healthy answer" "curl -si URL/health"
show "no Host field (RFC 9112 section 3.2: a server answers 400)" "curl -si -H 'Host:' URL/health"
show "an HTTP/1.0 request" "curl -si --http1.0 URL/health"
show "an unknown resource" "curl -si URL/nothing"
show "a method the resource lacks" "curl -si -X DELETE URL/models/iris/predictions"
show "a method nobody knows" "curl -si -X BREW URL/health"
show "malformed JSON" "curl -si --json '{\"features\": [[5.1, 3.5' URL/models/iris/predictions"
show "two requests, one curl: how many connections each opened" \
    "curl -s -o /dev/null -o /dev/null -w '%{num_connects} ' URL/health URL/health"
