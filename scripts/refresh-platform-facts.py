#!/usr/bin/env python3
"""Refresh the version facts in platform-facts/ from the builders' own sources.

Reads, at their newest commit (or the git directories given):
  - heroku/heroku-buildpack-python  lib/python_version.sh  -> heroku.toml
    (LATEST_PYTHON_3_*, DEFAULT_PYTHON_FULL_VERSION, supported minors)
  - railwayapp/railpack  core/providers/python/python.go  -> railway.toml
    (DEFAULT_PYTHON_VERSION)

and rewrites those facts' value, source (with the commit) and checked date,
and each touched file's `refreshed` date. Review the diff before committing:
a new minor or a changed default is a fact the checks then act on.

Usage:
  scripts/refresh-platform-facts.py                       # fetch from GitHub
  scripts/refresh-platform-facts.py --heroku-git DIR --railpack-git DIR
  scripts/refresh-platform-facts.py --check               # exit 1 if stale
"""

import argparse
import datetime
import json
import pathlib
import re
import subprocess
import sys
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACTS = ROOT / "platform-facts"

HEROKU_REPO = "heroku/heroku-buildpack-python"
RAILPACK_REPO = "railwayapp/railpack"


def read_source(repo, path, git_dir):
    """The file's text and the commit it was read at."""
    if git_dir:
        commit = subprocess.run(
            ["git", "--git-dir", git_dir, "rev-parse", "HEAD"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        text = subprocess.run(
            ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"],
            check=True, capture_output=True, text=True,
        ).stdout
        return text, commit
    api = f"https://api.github.com/repos/{repo}/commits/HEAD"
    with urllib.request.urlopen(api, timeout=30) as response:
        commit = json.load(response)["sha"]
    raw = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    with urllib.request.urlopen(raw, timeout=30) as response:
        return response.read().decode(), commit


def heroku_facts(text):
    latest = dict(re.findall(r'^LATEST_PYTHON_3_(\d+)="(3\.\d+\.\d+)"', text, re.M))
    default = re.search(r'^DEFAULT_PYTHON_FULL_VERSION="\$\{LATEST_PYTHON_3_(\d+)\}"', text, re.M)
    oldest = re.search(r"^OLDEST_SUPPORTED_PYTHON_3_MINOR_VERSION=(\d+)", text, re.M)
    if not latest or not default or not oldest:
        sys.exit("lib/python_version.sh changed shape: update this script")
    minors = sorted(int(m) for m in latest if int(m) >= int(oldest.group(1)))
    return {m: latest[str(m)] for m in minors}, f"3.{default.group(1)}"


def replace_table(text, table, body):
    """Replace the body of `[table]` (up to the next table header) with `body`."""
    pattern = re.compile(rf"^\[{re.escape(table)}\]\n(.*?)(?=^\[|\Z)", re.M | re.S)
    if not pattern.search(text):
        sys.exit(f"no [{table}] table")
    return pattern.sub(lambda _: f"[{table}]\n{body}\n\n", text, count=1)


def keep_comments(text, table):
    match = re.search(rf"^\[{re.escape(table)}\]\n((?:#.*\n)*)", text, re.M)
    return match.group(1) if match else ""


def refresh_heroku(git_dir, today):
    text, commit = read_source(HEROKU_REPO, "lib/python_version.sh", git_dir)
    latest, default = heroku_facts(text)
    short = commit[:7]
    path = FACTS / "heroku.toml"
    facts = path.read_text()
    stacks = re.search(r'stacks = (\[[^\]]*\])', facts)
    stacks = stacks.group(1) if stacks else "[]"
    rows = ",\n".join(
        f'  {{ minor = "3.{m}", first = "3.{m}.0", latest = "{v}", stacks = {stacks} }}'
        for m, v in latest.items()
    )
    releases = (
        keep_comments(facts, "python.releases")
        + f"value = [\n{rows},\n]\n"
        + f'source = "{HEROKU_REPO}@{short} lib/python_version.sh LATEST_PYTHON_3_*; '
        + 'spec/fixtures/pip_oldest_python/runtime.txt; spec/fixtures/pipenv_python_full_version/Pipfile; .github/workflows/ci.yml"\n'
        + f'checked = "{today}"'
    )
    facts = replace_table(facts, "python.releases", releases)
    facts = replace_table(
        facts,
        "python.default",
        f'value = "{default}"\n'
        f'source = "{HEROKU_REPO}@{short} lib/python_version.sh DEFAULT_PYTHON_FULL_VERSION"\n'
        f'checked = "{today}"',
    )
    return path, facts


def refresh_railway(git_dir, today):
    text, commit = read_source(RAILPACK_REPO, "core/providers/python/python.go", git_dir)
    match = re.search(r'DEFAULT_PYTHON_VERSION\s*=\s*"([0-9.]+)"', text)
    if not match:
        sys.exit("railpack's python.go changed shape: update this script")
    path = FACTS / "railway.toml"
    facts = replace_table(
        path.read_text(),
        "python.default",
        f'value = "{match.group(1)}"\n'
        f'source = "{RAILPACK_REPO}@{commit[:7]} core/providers/python/python.go DEFAULT_PYTHON_VERSION"\n'
        f'checked = "{today}"',
    )
    return path, facts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--heroku-git", help="git directory of heroku/heroku-buildpack-python")
    parser.add_argument("--railpack-git", help="git directory of railwayapp/railpack")
    parser.add_argument("--check", action="store_true", help="report stale files, write nothing")
    args = parser.parse_args()
    today = datetime.date.today().isoformat()
    stale = []
    for path, facts in (
        refresh_heroku(args.heroku_git, today),
        refresh_railway(args.railpack_git, today),
    ):
        old = path.read_text()
        # Dates alone do not make a file stale.
        undated = lambda t: re.sub(r'(checked|refreshed) = "[0-9-]+"', "", t)
        if undated(old) != undated(facts):
            stale.append(path.name)
        if not args.check:
            facts = re.sub(r'^refreshed = "[0-9-]+"', f'refreshed = "{today}"', facts, flags=re.M)
            path.write_text(facts)
    if stale:
        print("changed:", ", ".join(stale))
    else:
        print("platform facts are current")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
