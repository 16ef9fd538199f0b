//! Inline suppression and baselines, through the binary.

use std::path::Path;

use assert_cmd::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn lint(dir: &Path, args: &[&str]) -> Run {
    let output = Command::cargo_bin("paaslint")
        .expect("binary builds")
        .env_remove("PAASLINT_FORMAT")
        .env_remove("PAASLINT_CONFIG")
        .env("PAASLINT_TODAY", "2026-11-25")
        .current_dir(dir)
        .arg("lint")
        .args(["--format", "concise", "--no-config"])
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn repo(procfile: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join("Procfile"), procfile).unwrap();
    std::fs::write(root.join(".python-version"), "3.13\n").unwrap();
    std::fs::write(
        root.join("requirements.txt"),
        "Flask==3.1.2\ngunicorn==23.0.0\n",
    )
    .unwrap();
    std::fs::write(
        root.join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_suppressed_error_leaves_the_output_and_the_exit_code() {
    let dir = repo("web: gunicorn app:app\nworker:\n");
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("Procfile:2:1: PAAS205"),
        "{}",
        run.stdout
    );

    let dir = repo("web: gunicorn app:app\n# paaslint: ignore[PAAS205] the worker is defined on the dashboard\nworker:\n");
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_suppression_two_lines_up_does_not_reach() {
    let dir = repo("web: gunicorn app:app\n# paaslint: ignore[PAAS205]\n\nworker:\n");
    let run = lint(dir.path(), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("Procfile:4:1: PAAS205"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Procfile:2:20: PAAS910"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_stale_suppression_is_reported_unless_its_check_is_off() {
    let dir = repo("# paaslint: ignore[PAAS207]\nweb: gunicorn app:app\n");
    let run = lint(dir.path(), &[]);
    assert!(
        run.stdout.contains("Procfile:1:20: PAAS910"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "PAAS910 is a warning");
    let run = lint(dir.path(), &["--ignore", "PAAS207"]);
    assert_eq!(run.stdout, "");
    let run = lint(dir.path(), &["--ignore", "PAAS910"]);
    assert_eq!(run.stdout, "");
}

#[test]
fn a_baseline_hides_old_findings_and_lets_new_ones_fail() {
    let dir = repo("web: gunicorn app:app\nworker:\n");
    let store = tempfile::tempdir().unwrap();
    let baseline = store.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();

    let run = lint(dir.path(), &["--write-baseline", baseline]);
    assert_eq!(run.code, 0, "writing a baseline adopts today's findings");
    assert!(run.stdout.contains("PAAS205"));
    let entries: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["code"], "PAAS205");
    assert_eq!(entries[0]["path"], "Procfile");
    assert!(entries[0].get("line").is_none(), "no line numbers");

    // The old problem moved down two lines: still hidden.
    std::fs::write(
        dir.path().join("Procfile"),
        "web: gunicorn app:app\n\n\nworker:\n",
    )
    .unwrap();
    let run = lint(dir.path(), &["--baseline", baseline]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.stdout, "");

    // A new problem of the same kind still fails.
    std::fs::write(
        dir.path().join("Procfile"),
        "web: gunicorn app:app\nworker:\nclock:\n",
    )
    .unwrap();
    let run = lint(dir.path(), &["--baseline", baseline]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("Procfile:3:1: PAAS205"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Procfile:2:1"), "{}", run.stdout);
}

#[test]
fn a_missing_or_broken_baseline_is_an_error() {
    let dir = repo("web: gunicorn app:app\n");
    let run = lint(dir.path(), &["--baseline", "/nonexistent/baseline.json"]);
    assert_eq!(run.code, 2);
    std::fs::write(dir.path().join("b.json"), "{\"code\": 1}").unwrap();
    let run = lint(dir.path(), &["--baseline", "b.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a paaslint baseline"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_comments_suppress_findings_in_platform_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::write(
        root.join("api/requirements.txt"),
        "fastapi==0.115.6\nuvicorn==0.34.0\n",
    )
    .unwrap();
    std::fs::write(root.join("api/.python-version"), "3.13\n").unwrap();
    std::fs::write(
        root.join("api/Procfile"),
        "web: uvicorn main:app --host 0.0.0.0 --port $PORT\n",
    )
    .unwrap();
    std::fs::write(
        root.join("api/main.py"),
        "from fastapi import FastAPI\napp = FastAPI()\n",
    )
    .unwrap();
    let render = |comment: &str| {
        format!("services:\n  - type: web\n    rootDir: api\n    # {comment}\n    startCommand: uvicorn app.main:app --host 0.0.0.0 --port $PORT\n")
    };
    std::fs::write(root.join("render.yaml"), render("plain comment")).unwrap();
    let out = Command::cargo_bin("paaslint")
        .unwrap()
        .args(["lint", "--format", "concise"])
        .arg(root)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("PAAS301"));
    std::fs::write(
        root.join("render.yaml"),
        render("paaslint: ignore[PAAS301] module moves next sprint"),
    )
    .unwrap();
    let out = Command::cargo_bin("paaslint")
        .unwrap()
        .args(["lint", "--format", "concise"])
        .arg(root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("PAAS301") && !stdout.contains("PAAS910"),
        "{stdout}"
    );
}
