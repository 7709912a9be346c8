#!/usr/bin/env python3
"""tools/bytemap_svg.py: draws docs/model-bin-map.svg, a byte map of the shipped model.bin.

Course topic: a saved model is bytes in an order someone wrote down (docs/model-format.md).
The map is drawn from what `glassbox inspect model.bin` lists (offset, size and field of
every entry), so it shows the real file and cannot drift from it: the whole file to scale,
then its head (header, names, training statistics) and its first tree byte by byte.
Usage: python3 tools/bytemap_svg.py GLASSBOX           (rewrites docs/model-bin-map.svg)
       python3 tools/bytemap_svg.py GLASSBOX --check   (exit 1 if the file is not what this draws)
GLASSBOX is the built binary, e.g. build/test/glassbox. Standard library only.
"""
import os
import re
import subprocess
import sys

from svg_parts import ROOT, text, write_or_check

# Each field of the listing, by the words inspect uses for it: (pattern, name in the legend, colour).
# Order matters: the first pattern that matches names the field.
FIELDS = [
    (r"the magic number", "magic \"GLASSBOX\"", "#f4a6a6"),
    (r"the format version", "format version", "#f7c59f"),
    (r"the model kind", "model kind", "#f9e2a0"),
    (r"the file size", "file size", "#e0e79a"),
    (r"the model name", "model name", "#b9e3a6"),
    (r"the feature count", "feature count", "#9fd8c3"),
    (r"the name of feature", "feature names", "#a5d8e6"),
    (r"the class count", "class count", "#a9c4ef"),
    (r"the label of class", "class labels", "#c2b5ee"),
    (r"statistics:", "training statistics (per feature: count, mean, sd, min, max, histogram)", "#e3b7e0"),
    (r"the tree count", "tree count", "#d9d9d9"),
    (r"tree 0: node count", "node count", "#bfbfbf"),
    (r"tree 0: feature", "split feature per node (i32, -1 = leaf)", "#8fb3de"),
    (r"tree 0: threshold", "threshold per node (f64)", "#f0b27a"),
    (r"tree 0: left child", "left child per node (u32)", "#9bd19b"),
    (r"tree 0: right child", "right child per node (u32)", "#6fbf8f"),
    (r"tree 0: value", "values per node (3 class fractions, f64)", "#d7a6c9"),
    (r"tree \d+:", "trees 1 to 99, laid out like tree 0", "#c9d3df"),
    (r"CRC-32", "CRC-32 of every byte before it", "#ff8080"),
]
LINE = re.compile(r"^0x([0-9a-f]+)\s+(\d+)\s+(.*)$")
WIDTH = 900
CELLS = 64       # bytes per row in the byte-by-byte maps
CELL = 12        # side of one byte's square


def listing(glassbox):
    """(offset, size, field index) for every entry inspect lists, and the file's size."""
    out = subprocess.run([glassbox, "inspect", os.path.join(ROOT, "model.bin")], check=True,
                         capture_output=True, text=True).stdout
    entries = []
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        field = next((i for i, (p, _, _) in enumerate(FIELDS) if re.search(p, m.group(3))), None)
        if field is None:
            sys.exit(f"tools/bytemap_svg.py: a field this map does not know: {line.strip()}")
        entries.append((int(m.group(1), 16), int(m.group(2)), field))
    size = entries[-1][0] + entries[-1][1]
    for (o1, s1, _), (o2, _, _) in zip(entries, entries[1:]):
        if o1 + s1 != o2:
            sys.exit(f"tools/bytemap_svg.py: the listing has a gap or overlap at 0x{o1 + s1:x}")
    return entries, size


def runs(entries):
    """Consecutive entries of one field merged: (offset, size, field)."""
    merged = []
    for offset, size, field in entries:
        if merged and merged[-1][2] == field:
            merged[-1] = (merged[-1][0], merged[-1][1] + size, field)
        else:
            merged.append((offset, size, field))
    return merged


def rect(x, y, w, h, fill, stroke="#456"):
    return f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{h}" fill="{fill}" stroke="{stroke}" stroke-width="0.5"/>'


def byte_grid(out, y, spans, first, last):
    """Bytes [first, last) as squares, CELLS to a row, coloured by field; returns the y below."""
    for offset, size, field in spans:
        for b in range(max(offset, first), min(offset + size, last)):
            i = b - first
            out.append(rect(20 + (i % CELLS) * CELL, y + (i // CELLS) * CELL, CELL, CELL, FIELDS[field][2], "#fff"))
    rows = (last - first + CELLS - 1) // CELLS
    for r in range(rows):
        out.append(text(20 + CELLS * CELL + 6, y + r * CELL + 10, f"0x{first + r * CELLS:x}", 9))
    return y + rows * CELL


def legend(out, y, spans, fields):
    """One line per field in `fields`: its colour, name, offset range and size."""
    for field in fields:
        parts = [(o, s) for o, s, f in spans if f == field]
        start, end = parts[0][0], parts[-1][0] + parts[-1][1]
        out.append(rect(20, y - 10, 12, 12, FIELDS[field][2]))
        out.append(text(40, y, f"{FIELDS[field][1]}: bytes 0x{start:x}-0x{end - 1:x}, {end - start:,} bytes", 12))
        y += 17
    return y


def draw(entries, size):
    spans = runs(entries)
    head_end = next(o for o, _, f in spans if FIELDS[f][1] == "node count")
    tree0_end = next(o for o, _, f in spans if FIELDS[f][1].startswith("trees 1"))
    out = []
    body = []
    y = 30
    body.append(text(20, y, f"model.bin, byte by byte: {size:,} bytes, as glassbox inspect model.bin lists them", 16,
                     "bold"))
    # The whole file to scale; fields too small to see get 2 pixels.
    y += 34
    body.append(text(20, y, "The whole file, to scale: the trees are almost all of it", 13, "bold"))
    y += 10
    scale = (WIDTH - 40) / size
    x = 20.0
    for offset, length, field in spans:
        w = max(length * scale, 2.0) if field in (0, len(FIELDS) - 1) or length * scale >= 2 else 0.0
        if w:
            body.append(rect(x, y, w, 26, FIELDS[field][2]))
        x += length * scale
    body.append(text(20, y + 42, f"0x0: header, names, statistics ({head_end:,} bytes)", 11))
    body.append(text(WIDTH / 2, y + 42, f"trees: {size - head_end - 4:,} bytes", 11, anchor="middle"))
    body.append(text(WIDTH - 20, y + 42, f"CRC-32: the last 4 bytes, 0x{size - 4:x}", 11, anchor="end"))
    y += 72
    body.append(text(20, y, f"The head, one square per byte: bytes 0x0-0x{head_end - 1:x}", 13, "bold"))
    y = byte_grid(body, y + 8, spans, 0, head_end) + 22
    y = legend(body, y, spans, sorted({f for o, _, f in spans if o < head_end})) + 14
    body.append(text(20, y, f"Tree 0, one square per byte: bytes 0x{head_end:x}-0x{tree0_end - 1:x} "
                            "(node count, then five arrays, one entry per node)", 13, "bold"))
    y = byte_grid(body, y + 8, spans, head_end, tree0_end) + 22
    y = legend(body, y, spans, sorted({f for o, _, f in spans if head_end <= o < tree0_end})) + 4
    y = legend(body, y, spans, [len(FIELDS) - 2, len(FIELDS) - 1]) + 6
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y}" viewBox="0 0 {WIDTH} {y}">')
    out.append(f'<rect width="{WIDTH}" height="{y}" fill="white"/>')
    out.extend(body)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != "--check"):
        sys.exit("usage: python3 tools/bytemap_svg.py GLASSBOX [--check]")
    return write_or_check({"model-bin-map.svg": draw(*listing(sys.argv[1]))}, len(sys.argv) == 3,
                          f"python3 tools/bytemap_svg.py {sys.argv[1]}")


if __name__ == "__main__":
    sys.exit(main())
