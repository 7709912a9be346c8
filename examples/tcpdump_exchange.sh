#!/bin/sh
# examples/tcpdump_exchange.sh: one curl exchange with glassbox, as the packets on the loopback
# interface show it: the TCP handshake (SYN, SYN-ACK, ACK), the request's and the answer's
# bytes, and the two FINs of the close. Docs page 2 runs it beside the server's trace.
# Usage: sh examples/tcpdump_exchange.sh PORT [PATH]   (needs tcpdump, and root or CAP_NET_RAW)
# The capture listens on lo for this port only, stops after 40 packets or 10 seconds, and is
# stopped by this script as soon as curl is done.
set -u
port=${1:?usage: sh examples/tcpdump_exchange.sh PORT [PATH]}
path=${2:-/health}
dir=$(mktemp -d /tmp/glassbox-tcpdump.XXXXXX)
trap 'rm -rf "$dir"' EXIT
if ! command -v tcpdump >/dev/null 2>&1; then
    echo "tcpdump is not installed (apt-get install tcpdump)" >&2
    exit 2
fi
# -U and --immediate-mode: each packet is written as it is seen, not when a buffer fills;
# -n: numbers, not names; -S: absolute sequence numbers; -c and timeout: it always ends.
timeout 10 tcpdump -i lo -n -S -U --immediate-mode -c 40 "tcp port $port" >"$dir/packets" 2>"$dir/log" &
capture=$!
tries=0
until grep -q "listening on" "$dir/log" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 50 ] || ! kill -0 "$capture" 2>/dev/null; then
        echo "tcpdump cannot capture on lo: $(cat "$dir/log")" >&2
        exit 2
    fi
    sleep 0.1
done
curl -s -o /dev/null "http://127.0.0.1:$port$path"
# The FIN from the server follows the client's at once; give it a moment to be seen.
sleep 0.3
kill -INT "$capture" 2>/dev/null
wait "$capture" 2>/dev/null
# One line per packet that every run has: the handshake, each packet with data, each FIN.
# Bare ACKs after the handshake are left out: how many there are depends on timing (delayed
# ACKs), so `tcpdump -i lo -n 'tcp port PORT'` by hand shows a few more.
awk -v port="$port" '
function show(who, what, note) { printf "%s  %-9s  %s\n", who, what, note }
/ Flags \[/ {
    from_server = ($3 ~ ("\\." port "$"))
    who = from_server ? "server → client" : "client → server"
    flags = $0; sub(/.*Flags \[/, "", flags); sub(/\].*/, "", flags)
    size = $0; sub(/.*length /, "", size); sub(/[^0-9].*/, "", size)
    size += 0
    if (flags == "S") { show(who, "SYN", "handshake 1/3: let us talk, my bytes start at this sequence number"); next }
    if (flags == "S.") { show(who, "SYN-ACK", "handshake 2/3: yes, and mine start at this one"); next }
    if (index(flags, "F") > 0) { show(who, "FIN", "no more bytes from " (from_server ? "the server" : "the client")); next }
    if (index(flags, "R") > 0) { show(who, "RST", "reset: the connection is dropped"); next }
    if (size > 0) { show(who, size " bytes", from_server ? "the answer" : "the request"); next }
    if (!handshake_done && !from_server) { handshake_done = 1; show(who, "ACK", "handshake 3/3: the connection is open") }
}' "$dir/packets"
