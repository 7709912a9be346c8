#!/usr/bin/env python3
"""tools/callgrind_walk.py: the source files a call graph reaches, read from a callgrind file.

Course topic: how much code sits between a socket and model.predict(X), counted, not guessed.
tools/reference_walk.sh records one request under callgrind; this reads that record and
answers: starting from every function whose name begins with ROOT (say
"glassbox::net::Connection::"), following the calls callgrind saw, which functions ran, and in
which .cpp files under src/ did they spend instructions? The functions that merely led to ROOT
(main, the accept loop, the event loop) are not counted: a reader starts at ROOT.
Coroutines need no special care: a resumed coroutine runs as its own function (the
"[clone .actor]" of its name), which begins with ROOT when it is one of ROOT's.
Usage: python3 tools/callgrind_walk.py CALLGRIND_OUT ROOT    prints "FILE<TAB>FUNCTION" lines,
       one per function with instructions of its own in FILE, sorted. Standard library only.
Format: https://valgrind.org/docs/manual/cl-format.html (name compression "(id) name").
"""
import re
import sys
from collections import defaultdict

NAMED = re.compile(r"^\((\d+)\)(?: (.*))?$")


def read_graph(path):
    """Returns (calls: fn -> set of callees, files: fn -> set of files with its own cost)."""
    names = {"fn": {}, "fl": {}}

    def name(kind, text):
        match = NAMED.match(text)
        if not match:
            return text
        ident, given = match.groups()
        table = names[kind]
        if given is not None:
            table[ident] = given
        return table.get(ident, "?")

    calls = defaultdict(set)
    files = defaultdict(set)
    fn = None
    file = None  # the file of the cost lines that follow (fl=, fi= and fe= switch it)
    skip_next_cost = False  # the cost line after calls= is the call's, not the caller's own
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            line = line.rstrip("\n")
            key, _, value = line.partition("=")
            if key in ("fl", "fi", "fe"):
                file = name("fl", value)
                if key == "fl":
                    function_file = file
            elif key in ("cfi", "cfl"):
                name("fl", value)  # defines the id; the callee's file is its own fn's business
            elif key == "fn":
                fn = name("fn", value)
                file = function_file
            elif key == "cfn":
                calls[fn].add(name("fn", value))
            elif key == "calls":
                skip_next_cost = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                if skip_next_cost:
                    skip_next_cost = False
                elif fn is not None and file is not None:
                    files[fn].add(file)
    return calls, files


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: callgrind_walk.py CALLGRIND_OUT ROOT")
    calls, files = read_graph(sys.argv[1])
    root = sys.argv[2]
    seen = {fn for fn in set(calls) | set(files) if fn.startswith(root)}
    todo = list(seen)
    while todo:
        for callee in calls.get(todo.pop(), ()):
            if callee not in seen:
                seen.add(callee)
                todo.append(callee)
    rows = set()
    for fn in seen:
        for file in files.get(fn, ()):
            match = re.search(r"(?:^|/)(src/[\w/]+\.cpp)$", file)
            if match:
                rows.add((match.group(1), fn))
    for file, fn in sorted(rows):
        print(f"{file}\t{fn}")


if __name__ == "__main__":
    main()
