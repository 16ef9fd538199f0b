#!/usr/bin/env python3
"""Benchmark paaslint against `rg --files` on generated trees.

usage: bench/run.py [--runs N] [--trees small,medium,monorepo] [--keep DIR]

Builds paaslint in release mode, generates each tree with make_tree.py
(deterministic, no downloads), then alternates paaslint and rg runs and
reports the median wall time and the peak RSS of each (from wait4's rusage).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def measure(argv):
    """Wall seconds and peak RSS (KiB) of one run; output discarded.

    The RSS comes from GNU time (`-f %M`): rusage from Python's own wait4 would
    report this interpreter's size, which a spawned child inherits as its
    high-water mark before exec.
    """
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *argv],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{argv} exited {proc.returncode}: {proc.stderr}")
    rss = int(proc.stderr.strip().splitlines()[-1])
    return elapsed, rss


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--trees", default="small,medium,monorepo")
    parser.add_argument("--keep", help="generate trees here and keep them")
    args = parser.parse_args()

    if shutil.which("rg") is None or not os.path.exists("/usr/bin/time"):
        sys.exit("ripgrep and GNU time are needed: apt-get install ripgrep time")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    paaslint = os.path.join(ROOT, "target", "release", "paaslint")

    base = args.keep or tempfile.mkdtemp(prefix="paaslint-bench-")
    rows = []
    for tree in args.trees.split(","):
        dest = os.path.join(base, tree)
        if not os.path.exists(dest):
            subprocess.run([sys.executable, os.path.join(HERE, "make_tree.py"), tree, dest], check=True)
        files = sum(len(f) for _, _, f in os.walk(dest))
        commands = {
            "paaslint": [paaslint, "lint", dest, "--format", "json"],
            "rg --files": ["rg", "--files", dest],
        }
        samples = {name: [] for name in commands}
        for name, argv in commands.items():  # warm the page cache
            measure(argv)
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(measure(argv))
        for name in commands:
            times = [t for t, _ in samples[name]]
            rss = max(r for _, r in samples[name])
            rows.append((tree, files, name, statistics.median(times) * 1000, rss / 1024))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)

    print(f"| tree | files on disk | tool | median wall (ms) | peak RSS (MiB) |")
    print(f"| --- | ---: | --- | ---: | ---: |")
    for tree, files, name, ms, mib in rows:
        print(f"| {tree} | {files:,} | {name} | {ms:.1f} | {mib:.1f} |")
    ratios = {}
    for tree, _, name, ms, _ in rows:
        ratios.setdefault(tree, {})[name] = ms
    for tree, r in ratios.items():
        print(f"{tree}: paaslint/rg = {r['paaslint'] / r['rg --files']:.2f}x")


if __name__ == "__main__":
    main()
