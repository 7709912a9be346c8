#!/bin/sh
# bench/side_by_side.sh: the same curl commands against any server of one API, to set a
# Python framework beside glassbox: Flask's development server (bench/flask_peer.py) beside
# glassbox for the iris API (docs/06-production.md); Django REST framework
# (examples/users_drf.py) beside users_server for /rest/users (docs/04-rest.md).
# Usage: sh bench/side_by_side.sh BASE-URL [iris|users]   (e.g. http://127.0.0.1:8000; iris)
# Prints each command, then the response as curl -i shows it, without the Date and Server
# fields (they change with the clock and the Python version). users: start from an empty service.
set -eu
base=$1
api=${2:-iris}

# show WHAT COMMAND: prints "# WHAT: COMMAND" (URL standing for BASE-URL), then the response
# as curl -i shows it (status line, fields, body).
show() {
    echo "# $1: $2"
    eval "$(echo "$2" | sed "s#URL#$base#g")" | tr -d '\r' | grep -v -e '^Date:' -e '^Server:'
    echo
    # users: a blank line after each body, which ends without a newline of its own.
    [ "$api" = iris ] || echo
}

if [ "$api" = users ]; then
    show "create" "curl -si --json '{\"name\": \"Ada\", \"email\": \"ada@example.org\"}' URL/rest/users"
    show "list" "curl -si URL/rest/users"
    show "replace" "curl -si -X PUT --json '{\"name\": \"Ada L.\", \"email\": \"ada@example.org\"}' URL/rest/users/1"
    show "a field missing" "curl -si --json '{\"name\": \"Bob\"}' URL/rest/users"
    show "a number for a name" "curl -si --json '{\"name\": 42, \"email\": \"bob@example.org\"}' URL/rest/users"
    show "not JSON" "curl -si --json '{\"name\": ' URL/rest/users"
    show "a form, not JSON" "curl -si -d 'name=Bob' URL/rest/users"
    show "a method the collection lacks" "curl -si -X DELETE URL/rest/users"
    show "delete" "curl -si -X DELETE URL/rest/users/1"
    show "no such user" "curl -si URL/rest/users/1"
    exit 0
fi
[ "$api" = iris ] || { echo "side_by_side.sh: the API is 'iris' or 'users', not '$api'" >&2; exit 2; }

show "a healthy answer" "curl -si URL/health"
show "no Host field (RFC 9112 section 3.2: a server answers 400)" "curl -si -H 'Host:' URL/health"
show "an HTTP/1.0 request" "curl -si --http1.0 URL/health"
show "an unknown resource" "curl -si URL/nothing"
show "a method the resource lacks" "curl -si -X DELETE URL/models/iris/predictions"
show "a method nobody knows" "curl -si -X BREW URL/health"
show "malformed JSON" "curl -si --json '{\"features\": [[5.1, 3.5' URL/models/iris/predictions"
show "two requests, one curl: how many connections each opened" \
    "curl -s -o /dev/null -o /dev/null -w '%{num_connects} ' URL/health URL/health"
