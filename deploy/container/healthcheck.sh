#!/bin/bash
# deploy/container/healthcheck.sh: GET /health/ready by hand, for the image's HEALTHCHECK.
# Course topic: HTTP is text over TCP: bash opens the connection (/dev/tcp), writes the
# request line and headers, and reads the status line. Exit 0 when it is 200, else 1.
# Try: bash deploy/container/healthcheck.sh 8000 && echo ready
port=${1:-8000}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
# The status line only, within 2 s: "HTTP/1.1 200 OK".
IFS= read -r -t 2 status <&3 || exit 1
case "$status" in
"HTTP/1.1 200 "*) exit 0 ;;
*) echo "not ready: ${status%$'\r'}" >&2; exit 1 ;;
esac
