"""tools/svg_parts.py: what the scripts drawing docs/*.svg share; imported, not run.

Course topic: a picture of data is drawn by a script, so it cannot drift from the data;
tests/docs/diagram_test.cpp runs each script's --check. This holds the SVG text element the
scripts write (tools/layers_svg.py, bytemap_svg.py, sequence_svg.py) and the one way they
either rewrite their files or check that the committed ones are what they draw today.
Standard library only.
"""
import os
import sys
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def text(x, y, s, size, weight="normal", anchor="start", family="sans-serif"):
    """One line of text at (x, y): `anchor` says which end (or the middle) sits at x."""
    return (f'<text x="{x}" y="{y}" font-family="{family}" font-size="{size}" font-weight="{weight}" '
            f'text-anchor="{anchor}">{escape(s)}</text>')


def write_or_check(drawings, check, redraw):
    """Writes each of `drawings` ({name in docs/: SVG text}), or with `check` compares each with
    the committed file: prints that they are up to date and returns 0, or names those that
    differ and `redraw` (the command that redraws them) on stderr and returns 1."""
    names = [f"docs/{name}" for name in drawings]
    if not check:
        for name, svg in drawings.items():
            with open(os.path.join(ROOT, "docs", name), "w", encoding="utf-8") as f:
                f.write(svg)
        return 0
    stale = []
    for path, svg in zip(names, drawings.values()):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            if f.read() != svg:
                stale.append(path)
    if stale:
        print(f"{' and '.join(stale)} {'differs' if len(stale) == 1 else 'differ'} from what it draws: run {redraw}",
              file=sys.stderr)
        return 1
    print(f"{' and '.join(names)} {'is' if len(names) == 1 else 'are'} up to date")
    return 0
