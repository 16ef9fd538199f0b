#!/usr/bin/env python3
"""Scaling of paaslint in the sizes hostile input controls (issue 14): the
number of files, apps, requirement lines and Procfile lines. Generates each
tree at 1x, 4x and 16x a base size and prints the median wall time and peak
RSS of `paaslint lint` on it. Usage: bench/scaling.py [BINARY] [--runs N]."""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SCALES = (1, 4, 16)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def flask_app(folder):
    write(os.path.join(folder, "app.py"), "from flask import Flask\napp = Flask(__name__)\n")
    write(os.path.join(folder, "requirements.txt"), "flask==3.1.2\ngunicorn==23.0.0\n")
    write(os.path.join(folder, "Procfile"), "web: gunicorn app:app\n")


def files(root, n):
    flask_app(root)
    for i in range(n):
        write(os.path.join(root, "pkg%d" % (i // 500), "m%d.py" % i), "X = %d\n" % i)


def apps(root, n):
    for i in range(n):
        flask_app(os.path.join(root, "svc%d" % i))


def requirement_lines(root, n):
    flask_app(root)
    lines = ["flask==3.1.2", "gunicorn==23.0.0"] + ["package-%d" % i for i in range(n)]
    write(os.path.join(root, "requirements.txt"), "\n".join(lines) + "\n")


def procfile_lines(root, n):
    flask_app(root)
    lines = ["web: gunicorn app:app"] + ["worker%d: celery -A app worker" % i for i in range(n)]
    write(os.path.join(root, "Procfile"), "\n".join(lines) + "\n")


SHAPES = (
    ("files", files, 2_000, []),
    ("apps", apps, 250, []),
    ("requirement lines (--strict-pins)", requirement_lines, 5_000, ["--strict-pins"]),
    ("Procfile lines", procfile_lines, 5_000, []),
)


def run(binary, root, extra, runs):
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [binary, "lint", root, "--format", "json", *extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        peak = max(peak, usage.ru_maxrss)
        if os.waitstatus_to_exitcode(status) not in (0, 1):
            sys.exit("paaslint failed on %s" % root)
    return statistics.median(times), peak / 1024


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    binary = args[0] if args else "target/release/paaslint"
    print("| input | 1x | 4x | 16x | 16x / 1x time | peak RSS at 16x |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    only = [a for a in args[1:]]
    for name, make, base, extra in SHAPES:
        if only and not any(o in name for o in only):
            continue
        cells, first, last, rss = [], None, None, 0
        for scale in SCALES:
            root = tempfile.mkdtemp(prefix="paaslint-scaling-")
            try:
                make(root, base * scale)
                seconds, rss = run(binary, root, extra, runs)
            finally:
                shutil.rmtree(root)
            first = first or seconds
            last = seconds
            cells.append("%s: %.3f s" % (f"{base * scale:,}", seconds))
        print("| %s | %s | %.1fx | %.0f MiB |" % (name, " | ".join(cells), last / first, rss))


if __name__ == "__main__":
    main()
