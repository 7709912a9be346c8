#!/usr/bin/env python3
"""tools/sequence_svg.py: draws docs/sequence-keepalive.svg and docs/sequence-pipelined.svg.

Course topic: one TCP connection carrying two HTTP requests, once one after the other
(keep-alive: the client waits for each answer) and once pipelined (both requests in one
write; the server answers them in order). The diagrams are drawn from a real trace: this
script starts `glassbox serve --trace` on a free port, sends the requests with a plain
socket, and turns the trace's TCP, HTTP, REST and MODEL lines into arrows between lanes.
Usage: python3 tools/sequence_svg.py GLASSBOX           (rewrites both files)
       python3 tools/sequence_svg.py GLASSBOX --check   (exit 1 if either is not what this draws)
GLASSBOX is the built binary, e.g. build/test/glassbox. Standard library only.
"""
import re
import socket
import subprocess
import sys
import time

from svg_parts import ROOT, text, write_or_check

# The two requests, spelled out so that every byte count in the trace is the same on every run.
HEALTH = b"GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"
BODY = b'{"features": [[6.7, 3.0, 5.2, 2.3]]}'
PREDICT = (b"POST /models/iris/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
           b"Content-Length: " + str(len(BODY)).encode() + b"\r\nConnection: close\r\n\r\n" + BODY)

# Lanes, left to right: who the trace line belongs to, and the file that prints it.
LANES = [("client", "a Python socket"), ("TCP", "net/connection.cpp"), ("HTTP", "http/ and trace/http_observer.cpp"),
         ("REST", "api/service.cpp"), ("MODEL", "api/predictions.cpp")]
LANE_X = [90, 270, 450, 630, 790]
WIDTH, ROW, TOP = 880, 30, 96
FILL = {"client": "#eeeeee", "TCP": "#e9e0f7", "HTTP": "#dcecff", "REST": "#e4f3e4", "MODEL": "#fff3c4"}


def run_server(glassbox):
    """Starts glassbox serve --trace on a free port; returns the process and the port."""
    server = subprocess.Popen([glassbox, "serve", "--port", "0", "--trace"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line) or re.search(r":(\d+)/", server.stdout.readline())
    if not m:
        server.kill()
        sys.exit("tools/sequence_svg.py: glassbox serve did not say which port it serves on")
    return server, int(m.group(1))


def read_answer(sock):
    """Reads one answer whose body length is in Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(4096)
    head, rest = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    while len(rest) < length:
        rest += sock.recv(4096)


def read_to_end(sock):
    while sock.recv(4096):
        pass


def keepalive(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(HEALTH)
        read_answer(sock)
        sock.sendall(PREDICT)
        read_to_end(sock)


def pipelined(port):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(HEALTH + PREDICT)
        read_to_end(sock)


def traces(glassbox):
    """The trace of each scenario: lines without the '#N ' prefix, client port and times masked."""
    server, port = run_server(glassbox)
    try:
        keepalive(port)
        pipelined(port)
        time.sleep(0.5)  # the blocks are printed when their connection closes
    finally:
        server.terminate()
        _, err = server.communicate(timeout=10)
    blocks = {"1": [], "2": []}
    for line in err.splitlines():
        m = re.match(r"#(\d+) (\S+)\s+(.*)$", line)
        if m and m.group(1) in blocks:
            text = re.sub(r"client port \d+ on server port \d+", "the client", m.group(3))
            text = re.sub(r" in [0-9.]+ µs", "", text)
            blocks[m.group(1)].append((m.group(2), text))
    if not blocks["1"] or not blocks["2"]:
        sys.exit("tools/sequence_svg.py: the trace has no lines for the two connections")
    return blocks["1"], blocks["2"]


def steps(lines):
    """(from lane, to lane, label) for each trace line the diagram shows, in trace order."""
    out, at = [], 1
    for layer, text in lines:
        lane = [name for name, _ in LANES].index(layer) if layer in ("TCP", "HTTP", "REST", "MODEL") else None
        if lane is None:
            continue
        if layer == "TCP" and text.startswith(("accepted", "read")):
            out.append((0, 1, text.replace("accepted a connection from the client", "connect: accepted")))
            at = 1
        elif layer == "TCP" and text.startswith("write"):
            out.append((1, 0, text))
            at = 1
        elif layer == "TCP" and text.startswith("closed by the client"):
            out.append((0, 1, text))
        elif layer == "TCP" and text.startswith("closed"):
            out.append((1, 0, text))
        elif layer == "HTTP" and text.startswith("request line:"):
            out.append((at, 2, "request line: " + " ".join(v.split("=", 1)[1] for v in text.split()[2:5])))
            at = 2
        elif layer == "HTTP" and text.startswith("request complete"):
            out.append((2, 2, text.split(" (")[0]))
        elif layer == "HTTP" and text.startswith("the connection"):
            out.append((2, 2, text))
            out.append((2, 1, "the answer's bytes, queued for writing"))
            at = 1
        elif layer == "HTTP" and text.startswith("status line:"):
            out.append((at, 2, text.split(" (")[0]))
            at = 2
        elif layer == "REST" and text.startswith("route"):
            out.append((2, 3, text))
            at = 3
        elif layer == "MODEL":
            out.append((3, 4, "predict: " + text.split(": ", 1)[1]))
            at = 4
    return out


def draw(title, subtitle, arrows):
    height = TOP + ROW * (len(arrows) + 1) + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}">',
           f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
           '<defs><marker id="head" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto">'
           '<path d="M0,0 L8,4 L0,8 z" fill="#345"/></marker></defs>',
           text(20, 24, title, 15, "bold"), text(20, 44, subtitle, 12)]
    for (name, where), x in zip(LANES, LANE_X):
        out.append(f'<rect x="{x - 75}" y="56" width="150" height="32" rx="4" fill="{FILL[name]}" stroke="#456"/>')
        out.append(text(x, 70, name, 12, "bold", "middle"))
        out.append(text(x, 83, where, 9, anchor="middle"))
        out.append(f'<line x1="{x}" y1="88" x2="{x}" y2="{height - 10}" stroke="#99a" stroke-dasharray="4 3"/>')
    for i, (a, b, label) in enumerate(arrows):
        y = TOP + ROW * (i + 1)
        if a == b:  # a note on one lane: what that layer decided
            out.append(f'<circle cx="{LANE_X[a]}" cy="{y - 4}" r="3" fill="#345"/>')
            out.append(text(LANE_X[a] + 8, y, label, 11))
            continue
        x1, x2 = LANE_X[a], LANE_X[b]
        out.append(f'<line x1="{x1}" y1="{y}" x2="{x2 - (6 if x2 > x1 else -6)}" y2="{y}" stroke="#345" '
                   'stroke-width="1.3" marker-end="url(#head)"/>')
        left = min(x1, x2)
        out.append(text(left + 6, y - 5, label, 11))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--check"):
        sys.exit("usage: python3 tools/sequence_svg.py GLASSBOX [--check]")
    first, second = traces(sys.argv[1])
    drawn = {
        "sequence-keepalive.svg": draw(
            "One connection, two requests, one after the other (keep-alive)",
            "The client waits for each answer before it sends the next request; drawn from glassbox serve --trace.",
            steps(first)),
        "sequence-pipelined.svg": draw(
            "One connection, two requests in one write (pipelined)",
            "The client sends both before any answer; the parser takes them in order from one read, and the "
            "answers go back in order. Drawn from glassbox serve --trace.", steps(second)),
    }
    return write_or_check(drawn, len(sys.argv) == 3, f"python3 tools/sequence_svg.py {sys.argv[1]}")


if __name__ == "__main__":
    sys.exit(main())
