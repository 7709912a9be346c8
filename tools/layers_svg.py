#!/usr/bin/env python3
"""tools/layers_svg.py: draws docs/layers.svg, the OSI and TCP/IP models beside the trace's layers.

Course topic: the OSI model (7 layers) and the TCP/IP model (4), a message going down the
layers on one side and up on the other, and where each line of `glassbox serve --trace`
sits: REST and MODEL live inside the application layer, above HTTP.
Usage: python3 tools/layers_svg.py            (rewrites docs/layers.svg)
       python3 tools/layers_svg.py --check    (exit 1 if docs/layers.svg is not what this draws)
Standard library only; the output is the same bytes on every run (tests/docs/diagram_test.cpp).
"""
import sys

from svg_parts import text, write_or_check

ROW = 34          # height of one OSI layer
TOP = 70          # y of the first row
COLUMNS = {"osi": (20, 200), "tcpip": (240, 170), "trace": (430, 390)}

# OSI layers, top (7) to bottom (1).
OSI = ["7 Application", "6 Presentation", "5 Session", "4 Transport", "3 Network", "2 Data link", "1 Physical"]
# TCP/IP layers and the OSI rows (0-based, from the top) each spans.
TCPIP = [("Application", 0, 3), ("Transport", 3, 4), ("Internet", 4, 5), ("Link", 5, 7)]
# Trace lines: tag, what it shows, source, and the OSI rows it spans. The application layer
# holds three of them, one above the other.
TRACE = [
    ("MODEL", "predict: rows in, labels out", "src/model/", 0, 1),
    ("REST", "route: method + path, 404/405", "src/rest/, src/api/", 1, 2),
    ("HTTP", "request line, fields, body", "src/http/", 2, 3),
    ("TCP", "accept, read N bytes, write, close", "src/net/connection.cpp", 3, 4),
    ("IP", "peer and local address, loopback", "src/net/endpoint.cpp", 4, 5),
    ("(none)", "lo or eth0: frames; tcpdump -i lo sees them", "the kernel", 5, 7),
]
FILL = {"osi": "#eef2f7", "tcpip": "#dde8f3", "MODEL": "#fff3c4", "REST": "#e4f3e4", "HTTP": "#dcecff",
        "TCP": "#e9e0f7", "IP": "#ffe2e2", "(none)": "#f0f0f0"}


def box(x, y, w, h, fill):
    return f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="4" fill="{fill}" stroke="#456" stroke-width="1"/>'


def draw():
    out = []
    width, height = 840, TOP + 7 * ROW + 276
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}">')
    out.append(f'<rect width="{width}" height="{height}" fill="white"/>')
    out.append(text(20, 28, "The layers of one exchange: OSI, TCP/IP, and the lines of glassbox serve --trace",
                    16, "bold"))
    for key, title in (("osi", "OSI model (7 layers)"), ("tcpip", "TCP/IP model (4)"),
                       ("trace", "glassbox trace tag: what it shows, where")):
        x, _ = COLUMNS[key]
        out.append(text(x, TOP - 12, title, 13, "bold"))
    x, w = COLUMNS["osi"]
    for i, name in enumerate(OSI):
        out.append(box(x, TOP + i * ROW, w, ROW - 4, FILL["osi"]))
        out.append(text(x + 10, TOP + i * ROW + 20, name, 13))
    x, w = COLUMNS["tcpip"]
    for name, first, last in TCPIP:
        y, h = TOP + first * ROW, (last - first) * ROW - 4
        out.append(box(x, y, w, h, FILL["tcpip"]))
        out.append(text(x + w / 2, y + h / 2 + 5, name, 13, "bold", "middle"))
    x, w = COLUMNS["trace"]
    for tag, what, source, first, last in TRACE:
        y, h = TOP + first * ROW, (last - first) * ROW - 4
        out.append(box(x, y, w, h, FILL[tag]))
        out.append(text(x + 10, y + 20, tag, 13, "bold", family="monospace"))
        out.append(text(x + 75, y + 14, what, 12))
        out.append(text(x + 75, y + 27, source, 11, family="monospace"))
    # The application layer's note.
    out.append(text(20, TOP + 7 * ROW + 14,
                    "REST and MODEL are not network layers: they live inside the application layer, above HTTP.", 12,
                    "normal"))
    # Encapsulation: the request as it goes down, each layer wrapping the one above.
    ey = TOP + 7 * ROW + 44
    out.append(text(20, ey, "Encapsulation: curl http://127.0.0.1:8000/health going down the client's layers "
                            "(sizes on loopback)", 13, "bold"))
    nests = [
        ("link: lo frame header, 14 bytes", "(none)", 0),
        ("IP header, 20 bytes: 127.0.0.1 → 127.0.0.1", "IP", 1),
        ("TCP header, 32 bytes: client port → 8000, sequence and ACK numbers", "TCP", 2),
        ("HTTP request, 84 bytes: the trace's \"read 84 bytes\"", "HTTP", 3),
    ]
    for label, tag, depth in nests:
        bx, by = 20 + depth * 22, ey + 14 + depth * 36
        bw, bh = 800 - depth * 44, 196 - depth * 44
        out.append(box(bx, by, bw, bh, FILL[tag]))
        out.append(text(bx + 10, by + 20, label, 12))
    out.append(text(20 + 3 * 22 + 10, ey + 14 + 3 * 36 + 42,
                    "GET /health HTTP/1.1\\r\\n  Host: 127.0.0.1:8000\\r\\n  User-Agent: curl/7.88.1\\r\\n  "
                    "Accept: */*\\r\\n  \\r\\n", 11, family="monospace"))
    out.append(text(20, height - 10, "Drawn by tools/layers_svg.py; the server takes each wrapper off in the "
                                     "opposite order, from the link up to the MODEL line.", 11))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    return write_or_check({"layers.svg": draw()}, sys.argv[1:] == ["--check"], "python3 tools/layers_svg.py")


if __name__ == "__main__":
    sys.exit(main())
