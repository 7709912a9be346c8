#!/usr/bin/env python3
"""examples/craft_model.py: write a hostile model.bin, as an attacker would.

Course topic: loading a model you do not trust. A checksum proves a file was not damaged
on the way; it proves nothing about who wrote it. This script reads a good model file,
points both children of the first tree's root at the same node (a graph, not a tree),
then recomputes the file's CRC-32, so only glassbox's structural checks can refuse it.
Usage: python3 examples/craft_model.py model.bin /tmp/hostile.bin   (docs/06-production.md)
Standard library only; the field order is docs/model-format.md's.
"""
import struct
import sys
import zlib


def main(source, target):
    data = bytearray(open(source, "rb").read())
    at = 24  # magic, version, kind, file size

    def u32():
        nonlocal at
        value = struct.unpack_from("<I", data, at)[0]
        at += 4
        return value

    def skip_string():
        nonlocal at
        length = u32()
        at += length

    skip_string()  # the model's name
    n_features = u32()
    for _ in range(n_features):
        skip_string()
    for _ in range(u32()):  # class labels
        skip_string()
    for _ in range(n_features):  # statistics: count, mean, sd, min, max, then the bins
        at += 8 + 4 * 8
        bins = u32()
        at += 8 * bins
    if u32() == 0:
        sys.exit("not a forest: no trees to rewire")
    n_nodes = u32()
    left_at = at + n_nodes * (4 + 8)  # after feature[n] (i32) and threshold[n] (f64)
    right_at = left_at + n_nodes * 4
    left = struct.unpack_from("<I", data, left_at)[0]
    struct.pack_into("<I", data, right_at, left)  # root's right child := its left child
    struct.pack_into("<I", data, len(data) - 4, zlib.crc32(bytes(data[:-4])))
    open(target, "wb").write(data)
    print(f"tree 0: node 0 now has child {left} on both sides; CRC-32 recomputed")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 examples/craft_model.py GOOD.bin HOSTILE.bin")
    main(sys.argv[1], sys.argv[2])
