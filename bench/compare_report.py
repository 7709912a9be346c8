#!/usr/bin/python3
"""bench/compare_report.py: the table bench/compare.sh prints: each round's figures, NEW/OLD.

Course topic: reading a before/after measurement: a ratio per round from two neighbouring
runs, then the median over rounds and the spread (lowest and highest ratio), which is the
noise a verdict has to beat. Inputs (written by compare.sh): wrk.tsv ("round scenario
old|new requests/s CPU-us/request" lines) and, in the work folder, micro-OLD|NEW-ROUND.json
(Google Benchmark's JSON) when micro-benchmarks ran.
"""
import glob
import json
import os
import statistics
import sys


def print_ratios(title, unit, rounds, better):
    """rounds: {name: [(old, new), ...]}; prints per round, then the median NEW/OLD and its spread."""
    print(f"\n{title}  (NEW/OLD: {better})")
    print(f"  {'':24}{'round':>6}{'old ' + unit:>16}{'new ' + unit:>16}{'new/old':>10}")
    for name, pairs in rounds.items():
        for i, (old, new) in enumerate(pairs, 1):
            print(f"  {name if i == 1 else '':24}{i:>6}{old:>16.2f}{new:>16.2f}{new / old:>10.3f}")
        ratios = [new / old for old, new in pairs]
        print(f"  {'':24}{'median':>6}{'':32}{statistics.median(ratios):>10.3f}"
              f"   (rounds {min(ratios):.3f}-{max(ratios):.3f})")


def micro_times(path):
    """{benchmark name: the fastest repetition's CPU time in ns} from one Google Benchmark JSON file."""
    best = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("run_type") == "iteration" and "error_occurred" not in b:
            ns = b["cpu_time"] * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]
            best[b["run_name"]] = min(ns, best.get(b["run_name"], ns))
    return best


def main(argv):
    rps, cpu = {}, {}
    runs = {}
    for line in open(argv[0]):
        round_, scenario, which, requests_per_s, cpu_us = line.split()
        runs[(int(round_), scenario, which)] = (float(requests_per_s), float(cpu_us))
    for (round_, scenario, which), (r, c) in sorted(runs.items()):
        if which != "old" or (round_, scenario, "new") not in runs:
            continue
        new_r, new_c = runs[(round_, scenario, "new")]
        rps.setdefault(scenario, []).append((r, new_r))
        cpu.setdefault(scenario, []).append((c, new_c))
    print_ratios("requests/s", "req/s", rps, "above 1 is faster")
    print_ratios("server CPU per request", "us", cpu, "below 1 is cheaper")

    micro = {}
    old_paths = glob.glob(os.path.join(argv[1], "micro-old-*.json"))
    for old_path in sorted(old_paths, key=lambda path: int(path.rsplit("-", 1)[1].split(".")[0])):
        new_path = old_path.replace("micro-old-", "micro-new-")
        if not os.path.exists(new_path):
            continue
        old, new = micro_times(old_path), micro_times(new_path)
        for name in old:
            if name in new:
                micro.setdefault(name, []).append((old[name], new[name]))
    if micro:
        print_ratios("micro-benchmarks, CPU time (fastest of 3 repetitions)", "ns", micro, "below 1 is faster")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
