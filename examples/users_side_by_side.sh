#!/bin/sh
# examples/users_side_by_side.sh: the same curl commands against any /rest/users service, to
# set Django REST framework (examples/users_drf.py) beside users_server (docs/04-rest.md).
# Usage: sh examples/users_side_by_side.sh BASE-URL   (e.g. http://127.0.0.1:8001)
# Prints each command, then the response as curl -i shows it, without the Date and Server
# fields (they change with the clock and the Python version). Start from an empty service.
set -eu
base=$1

# show WHAT COMMAND: prints "# WHAT: COMMAND" (URL standing for BASE-URL), then the response.
show() {
    echo "# $1: $2"
    eval "$(echo "$2" | sed "s#URL#$base#g")" | tr -d '\r' | grep -v -e '^Date:' -e '^Server:'
    echo
    echo
}

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
