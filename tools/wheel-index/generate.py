#!/usr/bin/env python3
"""Build the bundled wheel index (src/wheel_index/wheels.bin) from the package
index's JSON simple API (PEP 691, with PEP 700's `versions` list).

Python 3 standard library only. For each final release of each covered package
it records what paaslint needs to tell whether `pip install NAME==VERSION`
finds a wheel on a given CPython: the release's requires-python, the CPython
3.x minors with a manylinux x86_64 wheel and with a manylinux aarch64 wheel,
the lowest minor of an abi3 wheel on each, whether a pure-Python (py3, any)
wheel exists, and whether an sdist exists.

Usage:
    python3 tools/wheel-index/generate.py \
        --top-from /path/to/pypi.tsv --top 350 \
        --date 2026-12-02 --out src/wheel_index/wheels.bin

The package list is tools/wheel-index/web-packages.txt plus the `--top` most
downloaded names of a TSV with `name` and `rank_among_15000_most_downloaded`
columns (or --names FILE for an explicit list). Responses are cached on disk
(--cache, default ~/.cache/paaslint-wheel-index) as reduced JSON, so a rerun
asks the index only for packages not cached; pass --refresh to ask again.

The output is deterministic for a given index state and date: packages sorted
by name, releases in the order of the API's `versions` list.

Format (all integers unsigned LEB128 varints unless said):
    b"PLWHEEL1"  magic
    str          snapshot date (YYYY-MM-DD)
    varint       number of requires-python strings, then each str
    varint       number of packages, then for each:
        str      normalized name
        varint   body length in bytes (so a reader can skip a package)
        varint   number of releases, then for each:
            str      version
            varint   requires-python index + 1 (0: none)
            u16 LE   x86_64 minors: bit N set = a cp3N wheel for manylinux x86_64
            u16 LE   aarch64 minors, the same for manylinux aarch64
            u8       abi3 lowest minor on x86_64 + 1 (0: none)
            u8       abi3 lowest minor on aarch64 + 1 (0: none)
            u8       flags: 1 pure-Python py3 wheel, 2 sdist, 4 every file yanked
    where str = varint length + UTF-8 bytes.
"""

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ACCEPT = "application/vnd.pypi.simple.v1+json"
USER_AGENT = "paaslint-wheel-index/1 (+tools/wheel-index/generate.py)"
MAGIC = b"PLWHEEL1"

FINAL_RELEASE = re.compile(r"^(\d+!)?\d+(\.\d+)*(\.post\d+)?$")
MANYLINUX = re.compile(r"^manylinux(1|2010|2014|_\d+_\d+)_(x86_64|aarch64)$")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def index_url():
    """The index pip would use: PIP_INDEX_URL, else PyPI."""
    return (os.environ.get("PIP_INDEX_URL") or "https://pypi.org/simple").rstrip("/")


def fetch(name, cache_dir, refresh):
    path = os.path.join(cache_dir, name + ".json")
    if not refresh and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    url = "%s/%s/" % (index_url(), name)
    request = urllib.request.Request(url, headers={"Accept": ACCEPT, "User-Agent": USER_AGENT})
    for attempt in range(4):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                data = json.load(response)
            break
        except urllib.error.HTTPError as error:
            if error.code == 404:
                data = {"versions": [], "files": []}
                break
            if attempt == 3:
                raise
        except (urllib.error.URLError, TimeoutError):
            if attempt == 3:
                raise
        time.sleep(2 ** attempt)
    reduced = {
        "versions": data.get("versions", []),
        "files": [
            [f["filename"], f.get("requires-python"), bool(f.get("yanked"))]
            for f in data.get("files", [])
        ],
    }
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(reduced, f)
    os.replace(tmp, path)
    return reduced


def file_version(filename, name):
    """The version part of a wheel or sdist file name, or None."""
    if filename.endswith(".whl"):
        parts = filename[: -len(".whl")].split("-")
        if len(parts) < 5:
            return None
        return parts[1]
    for ext in (".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz"):
        if filename.endswith(ext):
            stem = filename[: -len(ext)]
            # The name part may contain dashes; match it case-insensitively.
            norm = normalize(stem)
            prefix = name + "-"
            if not norm.startswith(prefix):
                return None
            cut = stem.rfind("-")
            return stem[cut + 1 :] if cut > 0 else None
    return None


def wheel_tags(filename):
    parts = filename[: -len(".whl")].split("-")
    py, abi, plat = parts[-3], parts[-2], parts[-1]
    return py.split("."), abi.split("."), plat.split(".")


class Release:
    def __init__(self):
        self.requires = {}
        self.sdist_requires = None
        self.has_sdist = False
        self.x86 = 0
        self.arm = 0
        self.abi3_x86 = None
        self.abi3_arm = None
        self.pure = False
        self.all_yanked = True
        self.files = 0

    def add(self, filename, requires, yanked):
        self.files += 1
        if not yanked:
            self.all_yanked = False
        if requires:
            requires = requires.strip()
        if filename.endswith(".whl"):
            self.requires[requires] = self.requires.get(requires, 0) + 1
            self.add_wheel(filename)
        else:
            self.has_sdist = True
            self.sdist_requires = requires

    def add_wheel(self, filename):
        try:
            pys, abis, plats = wheel_tags(filename)
        except IndexError:
            return
        for plat in plats:
            if plat == "any":
                arches = ("x86_64", "aarch64")
            else:
                m = MANYLINUX.match(plat)
                if not m:
                    continue
                arches = (m.group(2),)
            for py in pys:
                for abi in abis:
                    self.add_tag(py, abi, plat, arches)

    def add_tag(self, py, abi, plat, arches):
        if plat == "any" and abi == "none" and (py == "py3" or re.match(r"^py3\d*$", py)):
            self.pure = True
            return
        m = re.match(r"^cp3(\d+)$", py)
        if not m:
            return
        minor = int(m.group(1))
        if minor > 15:
            return
        if abi == "abi3":
            for arch in arches:
                if arch == "x86_64":
                    self.abi3_x86 = minor if self.abi3_x86 is None else min(self.abi3_x86, minor)
                else:
                    self.abi3_arm = minor if self.abi3_arm is None else min(self.abi3_arm, minor)
            return
        # cp3N / cp3Nm / cp3Nu / none; free-threaded (cp313t) builds do not
        # install on the default interpreter.
        if abi.endswith("t") or not (abi == "none" or re.match(r"^cp3%d[mdu]*$" % minor, abi)):
            return
        for arch in arches:
            if arch == "x86_64":
                self.x86 |= 1 << minor
            else:
                self.arm |= 1 << minor

    def requires_python(self):
        if self.has_sdist:
            return self.sdist_requires or None
        if not self.requires:
            return None
        # The value most wheels carry (ties: the lexically smallest, for determinism).
        best = sorted(self.requires.items(), key=lambda kv: (-kv[1], kv[0] or ""))[0][0]
        return best or None


def summarize(name, data):
    releases = {}
    for filename, requires, yanked in data["files"]:
        version = file_version(filename, name)
        if version is None:
            continue
        releases.setdefault(version, Release()).add(filename, requires, yanked)
    out = []
    for version in data["versions"]:
        if not FINAL_RELEASE.match(version):
            continue
        release = releases.get(version)
        if release is None:
            # File names may spell the version differently (1.0 vs 1.0.0 is rare); skip.
            continue
        out.append((version, release))
    return out


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def string(s):
    raw = s.encode("utf-8")
    return varint(len(raw)) + raw


def encode(date, packages):
    strings = sorted({r.requires_python() for _, rels in packages for _, r in rels if r.requires_python()})
    string_index = {s: i for i, s in enumerate(strings)}
    out = bytearray(MAGIC)
    out += string(date)
    out += varint(len(strings))
    for s in strings:
        out += string(s)
    out += varint(len(packages))
    for name, releases in packages:
        body = bytearray(varint(len(releases)))
        for version, r in releases:
            rp = r.requires_python()
            body += string(version)
            body += varint(string_index[rp] + 1 if rp else 0)
            body += r.x86.to_bytes(2, "little")
            body += r.arm.to_bytes(2, "little")
            body.append(0 if r.abi3_x86 is None else r.abi3_x86 + 1)
            body.append(0 if r.abi3_arm is None else r.abi3_arm + 1)
            body.append((1 if r.pure else 0) | (2 if r.has_sdist else 0) | (4 if r.all_yanked else 0))
        out += string(name)
        out += varint(len(body))
        out += body
    return bytes(out)


def package_names(args):
    names = set()
    lists = [os.path.join(HERE, "web-packages.txt")] + ([args.names] if args.names else [])
    for path in lists:
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    names.add(normalize(line))
    if args.top_from:
        with open(args.top_from, encoding="utf-8", newline="") as f:
            ranked = []
            for row in csv.DictReader(f, delimiter="\t"):
                rank = row.get("rank_among_15000_most_downloaded") or ""
                if rank.isdigit() and int(rank) > 0:
                    ranked.append((int(rank), normalize(row["name"])))
        for _, name in sorted(ranked)[: args.top]:
            names.add(name)
    return sorted(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top-from", help="TSV of most-downloaded packages")
    parser.add_argument("--top", type=int, default=350)
    parser.add_argument("--names", help="extra file of package names, one a line")
    parser.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))
    parser.add_argument("--out", default=os.path.join(HERE, "..", "..", "src", "wheel_index", "wheels.bin"))
    parser.add_argument("--cache", default=os.path.join(os.path.expanduser("~"), ".cache", "paaslint-wheel-index"))
    parser.add_argument("--refresh", action="store_true", help="ask the index again for cached packages")
    parser.add_argument("--jobs", type=int, default=4, help="concurrent requests (be gentle)")
    args = parser.parse_args()

    os.makedirs(args.cache, exist_ok=True)
    names = package_names(args)
    print("%d packages from %s" % (len(names), index_url()), file=sys.stderr)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(fetch, name, args.cache, args.refresh): name for name in names}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
    packages = []
    for name in names:
        releases = summarize(name, results[name])
        if releases:
            packages.append((name, releases))
        else:
            print("skipped %s: no final release with files" % name, file=sys.stderr)
    data = encode(args.date, packages)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    # The date alone, for `paaslint --version` (read at compile time).
    with open(os.path.join(os.path.dirname(os.path.abspath(args.out)), "SNAPSHOT"), "w", encoding="utf-8") as f:
        f.write(args.date)
    count = sum(len(r) for _, r in packages)
    print("%d packages, %d releases, %d bytes -> %s" % (len(packages), count, len(data), args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
