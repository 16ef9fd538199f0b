#!/usr/bin/env python3
"""Lint every test app a platform builder publishes and compare with what the builder's own tests
assert (bench/builders/<builder>.toml). Dev-only: it needs a local checkout of the builder.

    python3 bench/builders.py bench/builders/heroku-buildpack-python.toml /path/to/checkout
    python3 bench/builders.py EXPECTATIONS CHECKOUT --paaslint target/debug/paaslint --verbose

A fixture agrees on the outcome when "the build fails" matches "paaslint blocks the platform with a
build-time finding"; it agrees fully when, in addition, every code it lists is reported for that
platform (the builder's failure message and its warnings). Start-command, entry-point and settings
findings (2xx, 301-304, 6xx) are about the running app, not the build, so they do not count as a
build failure; a finding whose `data.fails_at` lists when it fails (PAAS305) is taken at its word. Exit code 0 whatever the figures: this measures, it does not gate.
"""
import argparse
import json
import os
import subprocess
import sys
import tomllib

# A finding with one of these codes is a problem of the running app, not of the build.
RUNTIME_CODES = {f"PAAS2{n:02}" for n in range(100)} | {"PAAS301", "PAAS302", "PAAS303", "PAAS304"} | {
    f"PAAS6{n:02}" for n in range(100)
}


def fails_build(finding, build_codes=()):
    """A finding that says when it fails (`data.fails_at`) is taken at its word; an expectations
    file's `build_codes` are build failures on that builder (Google fails a build without entry point)."""
    if finding["code"] in build_codes:
        return True
    fails_at = finding.get("data", {}).get("fails_at")
    if isinstance(fails_at, list):
        return "build" in fails_at
    return finding["code"] not in RUNTIME_CODES


def lint(paaslint, folder, app_root):
    cmd = [paaslint, "lint", folder, "--format", "json", "--no-config", "--fail-on", "never"]
    if app_root:
        cmd += ["--app-root", app_root]
    run = subprocess.run(cmd, capture_output=True, text=True)
    try:
        return json.loads(run.stdout), run.returncode, run.stderr.strip()
    except json.JSONDecodeError:
        return None, run.returncode, run.stderr.strip()


def judge(fixture, report, platform, build_codes=()):
    """(outcome agrees, missing codes, what paaslint said)"""
    if report is None:
        # No JSON at all (older paaslint: no Python project found, exit 2): a refusal.
        blocking, reported = ["exit 2"], set()
    else:
        verdict = report.get("platforms", {}).get(platform, {})
        at_build = {f["code"] for f in report["findings"] if platform in f.get("platforms", []) and fails_build(f, build_codes)}
        blocking = [c for c in verdict.get("blocking", []) if c in at_build]
        reported = {f["code"] for f in report["findings"] if platform in f.get("platforms", [])}
    fails = bool(blocking)
    outcome = fails == (fixture["build"] == "fails")
    missing = [c for c in fixture.get("codes", []) if c not in reported]
    said = ("blocks " + ",".join(blocking)) if fails else "ready"
    return outcome, missing, said


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("expectations")
    parser.add_argument("checkout")
    parser.add_argument("--paaslint", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "paaslint"))
    parser.add_argument("--verbose", action="store_true", help="print agreeing fixtures too")
    args = parser.parse_args()
    with open(args.expectations, "rb") as f:
        spec = tomllib.load(f)
    platform = spec["platform"]
    judged = outcome_ok = full_ok = 0
    others = []
    for fixture in spec["fixture"]:
        if fixture["build"] == "unjudged":
            continue
        folder = os.path.join(args.checkout, spec.get("fixtures_dir", ""), fixture["name"])
        if not os.path.isdir(folder):
            print(f"MISSING  {fixture['name']}: no folder {folder}")
            continue
        report, _, stderr = lint(args.paaslint, folder, fixture.get("app_root"))
        judged += 1
        outcome, missing, said = judge(fixture, report, platform, spec.get("build_codes", []))
        outcome_ok += outcome
        full = outcome and not missing
        full_ok += full
        owner = f" [{fixture['owner']}]" if "owner" in fixture else ""
        if not full and "owner" in fixture:
            others.append(fixture["name"])
        if not full or args.verbose:
            tag = "agree   " if full else ("OUTCOME " if not outcome else "MESSAGE ")
            expected = fixture["build"] + (f" {fixture.get('codes')}" if fixture.get("codes") else "")
            extra = f" missing {','.join(missing)}" if missing else ""
            print(f"{tag} {fixture['name']}: expected {expected}; paaslint {said}{extra}{owner} ({fixture['source']})")
    print(f"\n{spec['builder']} {spec.get('release', '')} {spec.get('commit', '')[:12]}: "
          f"{judged} judged fixtures; outcome agrees on {outcome_ok}/{judged}, "
          f"outcome and messages on {full_ok}/{judged}")
    if others:
        print(f"of the disagreements, {len(others)} belong to other issues: {', '.join(others)}")


if __name__ == "__main__":
    sys.exit(main())
