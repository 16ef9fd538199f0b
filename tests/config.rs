//! Configuration discovery, precedence and errors, through the binary.

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
        .args(["--format", "concise"])
        .args(args)
        .output()
        .expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A git repository holding a Flask app whose Procfile has PAAS205 errors and
/// whose requirements have no pin (PAAS110).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join("Procfile"), "web: gunicorn app:app\nworker:\n").unwrap();
    std::fs::write(root.join("requirements.txt"), "Flask\ngunicorn==23.0.0\n").unwrap();
    std::fs::write(root.join(".python-version"), "3.13\n").unwrap();
    std::fs::write(
        root.join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    )
    .unwrap();
    dir
}

fn codes(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .filter_map(|rest| rest.split(' ').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn without_config_both_problems_are_reported() {
    let dir = repo();
    let run = lint(dir.path(), &[]);
    let codes = codes(&run);
    assert!(codes.contains(&"PAAS205".to_string()), "{}", run.stdout);
    assert!(codes.contains(&"PAAS110".to_string()), "{}", run.stdout);
    assert_eq!(run.code, 1);
}

#[test]
fn paaslint_toml_selects_and_sets_severity_and_fail_on() {
    let dir = repo();
    std::fs::write(
        dir.path().join("paaslint.toml"),
        "ignore = [\"PAAS1\"]\nseverity = { PAAS205 = \"info\" }\nfail-on = \"warning\"\n",
    )
    .unwrap();
    let run = lint(dir.path(), &[]);
    assert_eq!(codes(&run), ["PAAS205"], "{}", run.stdout);
    assert_eq!(run.code, 0, "info is below fail-on = warning");
    let run = lint(dir.path(), &["--fail-on", "info"]);
    assert_eq!(run.code, 1, "the command line wins over fail-on");
    let run = lint(dir.path(), &["--select", "PAAS110"]);
    assert_eq!(
        codes(&run),
        ["PAAS110"],
        "--select replaces the config's selection"
    );
    let run = lint(dir.path(), &["--no-config"]);
    assert!(codes(&run).contains(&"PAAS110".to_string()));
}

#[test]
fn pyproject_table_is_found_from_a_subfolder_and_per_file_ignores_apply() {
    let dir = repo();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.paaslint]\nper-file-ignores = { \"Procfile\" = [\"PAAS205\"] }\n",
    )
    .unwrap();
    let run = lint(dir.path(), &[]);
    assert!(
        !codes(&run).contains(&"PAAS205".to_string()),
        "{}",
        run.stdout
    );
    assert!(
        codes(&run).contains(&"PAAS110".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("paaslint.toml"), "ignore = [\"ALL\"]\n").unwrap();
    let inner = outer.path().join("repo");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    std::fs::write(inner.join("Procfile"), "worker:\n").unwrap();
    let run = lint(&inner, &[]);
    assert!(
        codes(&run).contains(&"PAAS205".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pyproject_without_the_table_is_skipped_for_the_next_file_up() {
    let dir = repo();
    std::fs::write(
        dir.path().join(".paaslint.toml"),
        "select = [\"PAAS205\"]\n",
    )
    .unwrap();
    let sub = dir.path().join("svc");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("pyproject.toml"), "[project]\nname = \"svc\"\n").unwrap();
    std::fs::write(sub.join("Procfile"), "worker:\n").unwrap();
    let run = lint(&sub, &[]);
    assert_eq!(codes(&run), ["PAAS205"], "{}", run.stdout);
}

#[test]
fn explicit_config_file() {
    let dir = repo();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("ci.toml");
    std::fs::write(&file, "select = [\"PAAS110\"]\n").unwrap();
    let run = lint(dir.path(), &["--config", file.to_str().unwrap()]);
    assert_eq!(codes(&run), ["PAAS110"], "{}", run.stdout);
}

#[test]
fn unknown_keys_and_bad_values_exit_2_pointing_at_the_span() {
    let dir = repo();
    let cases = [
        ("selct = [\"ALL\"]\n", "unknown field `selct`", "1:1"),
        (
            "fail-on = \"sometimes\"\n",
            "unknown variant `sometimes`",
            "1:11",
        ),
        (
            "select = [\"PAAS2\", \"E501\"]\n",
            "`E501` is not a check code",
            "1:20",
        ),
    ];
    for (toml, message, position) in cases {
        std::fs::write(dir.path().join("paaslint.toml"), toml).unwrap();
        let run = lint(dir.path(), &[]);
        assert_eq!(run.code, 2, "{toml}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(message), "{toml}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("paaslint.toml:{position}")),
            "{toml}: {}",
            run.stderr
        );
    }
    let run = lint(dir.path(), &["--no-config", "--ignore", "XYZ"]);
    assert_eq!(run.code, 2);
}

/// `paaslint.schema.json` lists exactly the keys serde accepts: the list is
/// read from serde's own "expected one of" error.
#[test]
fn schema_lists_exactly_the_accepted_keys() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("paaslint.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut in_schema: Vec<String> = schema["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    in_schema.sort();
    let dir = repo();
    std::fs::write(dir.path().join("paaslint.toml"), "no-such-key = 1\n").unwrap();
    let run = lint(dir.path(), &[]);
    let expected = run
        .stderr
        .split("expected one of")
        .nth(1)
        .expect("serde lists the keys");
    let mut accepted: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    accepted.sort();
    assert!(!accepted.is_empty());
    assert_eq!(in_schema, accepted);
}

#[test]
fn paaslint_config_names_the_file_and_no_config_wins_over_it() {
    let dir = repo();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("ci.toml");
    std::fs::write(&file, "select = [\"PAAS110\"]\n").unwrap();
    let run_with_env = |args: &[&str]| {
        let output = Command::cargo_bin("paaslint")
            .unwrap()
            .env("PAASLINT_CONFIG", &file)
            .env("PAASLINT_TODAY", "2026-11-25")
            .current_dir(dir.path())
            .args(["lint", "--format", "concise"])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let only_110 = run_with_env(&[]);
    assert!(
        only_110.contains("PAAS110") && !only_110.contains("PAAS205"),
        "{only_110}"
    );
    let all = run_with_env(&["--no-config"]);
    assert!(all.contains("PAAS205"), "{all}");
}

/// Globs are relative to the config's folder, also when a subfolder is linted.
#[test]
fn per_file_globs_are_relative_to_the_config_file() {
    let dir = repo();
    std::fs::write(
        dir.path().join("paaslint.toml"),
        "[per-file-ignores]\n\"svc/Proc*\" = [\"PAAS205\"]\n",
    )
    .unwrap();
    let sub = dir.path().join("svc");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("Procfile"), "worker:\n").unwrap();
    let run = lint(&sub, &[]);
    assert!(
        !codes(&run).contains(&"PAAS205".to_string()),
        "{}",
        run.stdout
    );
    // The root Procfile is not under svc/, so its PAAS205 stays.
    let run = lint(dir.path(), &[]);
    assert!(
        codes(&run).contains(&"PAAS205".to_string()),
        "{}",
        run.stdout
    );
}

#[test]
fn team_rules_are_reported_like_checks() {
    let dir = repo();
    let root = dir.path();
    std::fs::write(
        root.join("paaslint.toml"),
        r#"ignore = ["PAAS"]
rule-files = ["team-rules.toml"]

[[rules]]
code = "ACME001"
name = "runbook-missing"
message = "every service documents its runbook in RUNBOOK.md"
file = "RUNBOOK.md"
severity = "error"

[[rules]]
code = "ACME002"
message = "the web process must set its worker count"
file = "Procfile"
matches = "--workers"

[[rules]]
code = "ACME003"
message = "use gunicorn's PORT handling, not waitress"
dependency = "waitress"
present = false
"#,
    )
    .unwrap();
    std::fs::write(
        root.join("team-rules.toml"),
        "[[rules]]\ncode = \"ACME004\"\nmessage = \"Flask must not be a dependency\"\ndependency = \"flask\"\npresent = false\nseverity = \"info\"\n",
    )
    .unwrap();
    let run = lint(root, &[]);
    assert_eq!(
        codes(&run),
        ["ACME002", "ACME001", "ACME004"],
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(
        run.stdout.contains("Procfile:1:1: ACME002"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("requirements.txt:1:1: ACME004"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1, "ACME001 is an error");
    // Fixed: the file exists and the Procfile sets workers.
    std::fs::write(root.join("RUNBOOK.md"), "# runbook\n").unwrap();
    std::fs::write(root.join("Procfile"), "web: gunicorn app:app --workers 3\n").unwrap();
    let run = lint(root, &[]);
    assert_eq!(codes(&run), ["ACME004"], "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn team_rules_cannot_take_paas_codes_or_mix_conditions() {
    let dir = repo();
    for (body, why) in [
        (
            "code = \"PAAS999\"\nmessage = \"x\"\nfile = \"a\"\n",
            "not starting with PAAS",
        ),
        (
            "code = \"ACME1\"\nmessage = \"x\"\nfile = \"a\"\ndependency = \"b\"\n",
            "either `file`",
        ),
        (
            "code = \"ACME1\"\nmessage = \"x\"\nfile = \"a\"\nmatches = \"(\"\n",
            "invalid regex",
        ),
    ] {
        std::fs::write(
            dir.path().join("paaslint.toml"),
            format!("[[rules]]\n{body}"),
        )
        .unwrap();
        let run = lint(dir.path(), &[]);
        assert_eq!(run.code, 2, "{body}");
        assert!(run.stderr.contains(why), "{}", run.stderr);
    }
}

#[test]
fn platforms_key_limits_the_run_and_the_flag_replaces_it() {
    let dir = repo();
    // PAAS205 affects Heroku, Dokku, DigitalOcean and Railway; none of them is Fly.
    std::fs::write(
        dir.path().join("paaslint.toml"),
        "platforms = [\"fly\"]\nignore = [\"PAAS1\"]\n",
    )
    .unwrap();
    let run = lint(dir.path(), &[]);
    assert!(codes(&run).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
    let run = lint(dir.path(), &["--platform", "heroku"]);
    assert_eq!(codes(&run), ["PAAS205"], "{}", run.stdout);
    std::fs::write(
        dir.path().join("paaslint.toml"),
        "platforms = [\"flyio\"]\n",
    )
    .unwrap();
    assert_eq!(lint(dir.path(), &[]).code, 2);
}
