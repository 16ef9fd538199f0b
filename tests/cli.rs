//! Runs the built binary on every fixture and compares its human and JSON
//! output with the snapshots in `tests/snapshots/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn paaslint() -> Command {
    let mut cmd = Command::cargo_bin("paaslint").expect("binary builds");
    cmd.env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("PAASLINT_FORMAT")
        .env("COLUMNS", "100")
        .env("PAASLINT_TODAY", "2026-11-25")
        .current_dir(fixtures_dir());
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = paaslint().args(args).output().expect("runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One human and one JSON snapshot per fixture, with the exit code.
#[test]
fn every_fixture_matches_its_snapshots() {
    for name in fixture_names() {
        let human = run(&["lint", &name, "--color", "never"]);
        let json = run(&["lint", &name, "--format", "json"]);
        assert_eq!(
            human.code, json.code,
            "{name}: exit codes differ between formats"
        );
        let human_text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            human.code, human.stdout, human.stderr
        );
        let json_text = format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            json.code, json.stdout, json.stderr
        );
        insta::assert_snapshot!(format!("{name}__human"), human_text);
        insta::assert_snapshot!(format!("{name}__json"), json_text);
    }
}

/// Each failing fixture is named after the code it must produce.
#[test]
fn failing_fixtures_report_their_code() {
    for name in fixture_names() {
        let Some(code) = name.split('-').next().filter(|p| p.starts_with("paas")) else {
            continue;
        };
        let code = code.to_ascii_uppercase();
        let out = run(&["lint", &name, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        let codes: Vec<&str> = json["findings"]
            .as_array()
            .expect("findings array")
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(
            codes.contains(&code.as_str()),
            "{name}: expected {code} in {codes:?}"
        );
    }
}

/// `platform-<name>` fixtures deploy to that platform: it is their target,
/// and linting for it alone finds nothing.
#[test]
fn platform_fixtures_are_ready_on_their_platform() {
    let mut seen = 0;
    for name in fixture_names() {
        let Some(rest) = name.strip_prefix("platform-") else {
            continue;
        };
        let platform = rest.split('-').next().unwrap_or(rest);
        seen += 1;
        let out = run(&["lint", &name, "--platform", platform, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        assert_eq!(out.code, 0, "{name}: {}", out.stdout);
        assert_eq!(
            json["findings"].as_array().map(Vec::len),
            Some(0),
            "{name}: {}",
            out.stdout
        );
        assert_eq!(json["platforms"][platform]["ready"], true, "{name}");
        let targets = json["targets"].as_array().expect("targets");
        assert!(
            targets.iter().any(|t| t == platform),
            "{name}: targets {targets:?}"
        );
    }
    assert!(seen >= 6, "only {seen} platform fixtures");
}

/// Where a platform builds the Dockerfile, its Python builder's checks (one
/// package manager, version files) do not apply; Heroku still builds with its buildpack.
#[test]
fn dockerfile_builds_skip_builder_checks() {
    let codes = |platform: &str| -> Vec<String> {
        let out = run(&[
            "lint",
            "dockerfile-skips-builder-checks",
            "--platform",
            platform,
            "--format",
            "json",
        ]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["code"].as_str().map(str::to_string))
            .collect()
    };
    assert!(codes("railway").is_empty(), "{:?}", codes("railway"));
    assert!(codes("dokku").is_empty(), "{:?}", codes("dokku"));
    assert_eq!(codes("heroku"), ["PAAS105", "PAAS201"]);
}

#[test]
fn platform_profiles_are_printed() {
    let out = run(&["platforms", "fly"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!("platforms_fly", out.stdout);
    let out = run(&["platforms", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let list = json.as_array().expect("array");
    assert_eq!(list.len(), 9);
    assert_eq!(list[0]["platform"], "heroku");
    assert!(list[0]["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .any(|c| c["code"] == "PAAS704" && c["severity"] == "error"));
}

#[test]
fn ready_apps_are_clean() {
    for name in ["ok-django", "ok-flask"] {
        let out = run(&["lint", name, "--format", "json"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stdout);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(
            json["findings"].as_array().map(Vec::len),
            Some(0),
            "{name}: {}",
            out.stdout
        );
    }
}

#[test]
fn json_envelope_has_the_documented_fields() {
    let out = run(&[
        "lint",
        "paas205-malformed-procfile-line",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["tool"]["name"], "paaslint");
    assert_eq!(json["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let finding = &json["findings"][0];
    for key in [
        "code",
        "name",
        "severity",
        "message",
        "help",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "app_root",
    ] {
        assert!(
            finding.get(key).is_some(),
            "finding lacks `{key}`: {finding}"
        );
    }
    assert_eq!(finding["path"], "Procfile");
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["column"], 1);
    assert_eq!(json["summary"]["error"], 3);
}

#[test]
fn fail_on_sets_the_threshold() {
    // One warning (PAAS903), no error.
    let fixture = "paas903-utf16-requirements";
    assert_eq!(run(&["lint", fixture]).code, 0);
    assert_eq!(run(&["lint", fixture, "--fail-on", "warning"]).code, 1);
    assert_eq!(run(&["lint", fixture, "--fail-on", "info"]).code, 1);
    assert_eq!(
        run(&[
            "lint",
            "paas205-malformed-procfile-line",
            "--fail-on",
            "never"
        ])
        .code,
        0
    );
    // Info only.
    assert_eq!(
        run(&["lint", "paas109-app-in-subfolder", "--fail-on", "warning"]).code,
        0
    );
    assert_eq!(
        run(&["lint", "paas109-app-in-subfolder", "--fail-on", "info"]).code,
        1
    );
}

#[test]
fn usage_and_path_errors_exit_2() {
    let out = run(&["lint", "does-not-exist"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    let out = run(&["lint", "ok-flask/app.py"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("not a folder"), "{}", out.stderr);
    let out = run(&["lint", "no-python-project"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no Python project found"),
        "{}",
        out.stderr
    );
    assert_eq!(run(&["lint", "--format", "xml"]).code, 2);
    assert_eq!(run(&["frobnicate"]).code, 2);
    let out = run(&["lint", "ok-flask", "--app-root", "nope"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--app-root"), "{}", out.stderr);
}

#[test]
fn app_root_forces_one_app() {
    let out = run(&[
        "lint",
        "paas109-app-in-subfolder",
        "--app-root",
        "services/web",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["apps"], serde_json::json!(["services/web"]));
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn checks_and_explain() {
    let out = run(&["checks", "--format", "json"]);
    assert_eq!(out.code, 0);
    let list: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let first = &list[0];
    assert_eq!(first["code"], "PAAS101");
    assert_eq!(first["name"], "missing-requirements-file");
    assert_eq!(first["severity"], "error");
    assert!(first["summary"].as_str().is_some_and(|s| !s.is_empty()));

    let out = run(&["explain", "PAAS201"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.starts_with("# PAAS201: missing-procfile"),
        "{}",
        out.stdout
    );
    // Names and lowercase codes work too.
    assert_eq!(run(&["explain", "paas201"]).stdout, out.stdout);
    assert_eq!(run(&["explain", "missing-procfile"]).stdout, out.stdout);

    let out = run(&["explain", "PAAS2O1"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `PAAS201`"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_color_gives_plain_ascii() {
    let out = paaslint()
        .args(["lint", "paas205-malformed-procfile-line", "--color", "auto"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.is_ascii(), "{text}");
    assert!(!text.contains('\u{1b}'));
    let out = paaslint()
        .args([
            "lint",
            "paas205-malformed-procfile-line",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains('\u{1b}'), "--color always must colour");
}

#[test]
fn linting_never_writes_into_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), "open('pwned', 'w').write('x')\n").unwrap();
    // Settings that would write a file if Django imported them.
    std::fs::create_dir(dir.path().join("mysite")).unwrap();
    std::fs::write(
        dir.path().join("mysite/settings.py"),
        "import os\nopen(os.path.join(os.path.dirname(__file__), 'pwned'), 'w').write('x')\nINSTALLED_APPS = ['django.contrib.staticfiles']\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("manage.py"),
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("Procfile"), "web: gunicorn app:app\n").unwrap();
    let listing = |d: &std::path::Path| -> Vec<std::ffi::OsString> {
        let mut all: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .chain(std::fs::read_dir(d.join("mysite")).unwrap())
            .map(|e| e.unwrap().file_name())
            .collect();
        all.sort();
        all
    };
    let before = listing(dir.path());
    let out = paaslint().arg("lint").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        before,
        listing(dir.path()),
        "linting created or removed files"
    );
    // The settings were read (the evaluator saw them), not run.
    let json = paaslint()
        .args(["lint", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["django_settings"][0]["module"], "mysite.settings");
    assert!(!dir.path().join("pwned").exists() && !dir.path().join("mysite/pwned").exists());
}

#[test]
fn verdict_per_platform_and_platform_filter() {
    let out = run(&[
        "lint",
        "paas301-render-monorepo-wrong-module",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["platforms"]["render"]["ready"], false);
    assert_eq!(
        json["platforms"]["render"]["blocking"],
        serde_json::json!(["PAAS301"])
    );
    // The wrong module is in render.yaml: only Render runs it.
    assert_eq!(json["platforms"]["heroku"]["ready"], true);
    assert_eq!(json["targets"], serde_json::json!(["heroku", "render"]));
    // --platform keeps only what matters there, and decides the exit code alone.
    let out = run(&[
        "lint",
        "paas301-render-monorepo-wrong-module",
        "--platform",
        "heroku",
        "--format",
        "json",
    ]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
    assert_eq!(json["platforms"].as_object().map(|o| o.len()), Some(1));
    assert_eq!(
        run(&[
            "lint",
            "paas301-render-monorepo-wrong-module",
            "--platform",
            "render"
        ])
        .code,
        1
    );
    let human = run(&[
        "lint",
        "paas301-render-monorepo-wrong-module",
        "--color",
        "never",
    ]);
    assert!(
        human
            .stdout
            .contains("*render        not ready  blocked by PAAS301"),
        "{}",
        human.stdout
    );
}

/// `--version` and `platforms` name the wheel index's snapshot date.
#[test]
fn version_and_platforms_show_the_wheel_index_date() {
    let date = include_str!("../src/wheel_index/SNAPSHOT").trim();
    let version = run(&["--version"]);
    assert!(
        version.stdout.contains(&format!("(wheel index {date})")),
        "{}",
        version.stdout
    );
    let platforms = run(&["platforms", "heroku"]);
    assert!(platforms.stdout.contains(date), "{}", platforms.stdout);
}

/// Findings that real repositories showed to be false (issue 15, item 6):
/// each fixture is the counter-example, and the code must stay away.
#[test]
fn false_findings_stay_away() {
    for (fixture, code) in [
        ("django-storage-set-when-debug-off", "PAAS406"),
        ("django-api-without-sessions", "PAAS610"),
        ("flask-sqlalchemy-13-database-url", "PAAS611"),
        ("flask-sqlalchemy-other-url-variable", "PAAS611"),
        ("ok-django", "PAAS308"),
        ("ok-star-import-app", "PAAS307"),
    ] {
        let out = run(&["lint", fixture, "--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        let codes: Vec<&str> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["code"].as_str())
            .collect();
        assert!(!codes.contains(&code), "{fixture}: {code} in {codes:?}");
    }
}

/// `needs_env` in the JSON verdict lists the variables the settings need,
/// and the human verdict says ready only once they are set.
#[test]
fn verdict_names_the_config_vars_it_needs() {
    let out = run(&[
        "lint",
        "paas612-settings-raise-without-env",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let heroku = &json["platforms"]["heroku"];
    assert_eq!(heroku["ready"], true, "{}", out.stdout);
    assert_eq!(
        heroku["needs_env"]["boot"],
        serde_json::json!(["SECRET_KEY", "ALLOWED_HOSTS", "SENTRY_DSN"])
    );
    assert_eq!(
        heroku["needs_env"]["build"],
        serde_json::json!(["SECRET_KEY", "ALLOWED_HOSTS", "SENTRY_DSN"])
    );
    // Render does not import the settings at build.
    assert_eq!(
        json["platforms"]["render"]["needs_env"]["build"],
        serde_json::json!([])
    );
    let human = run(&[
        "lint",
        "paas612-settings-raise-without-env",
        "--color",
        "never",
    ]);
    assert!(
        human.stdout.contains(
            "ready      once these config vars are set: SECRET_KEY, ALLOWED_HOSTS, SENTRY_DSN"
        ),
        "{}",
        human.stdout
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn findings_of(dir: &Path) -> Vec<serde_json::Value> {
    let out = run(&["lint", dir.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    json["findings"].as_array().cloned().unwrap_or_default()
}

fn error_codes(findings: &[serde_json::Value]) -> Vec<String> {
    let mut codes: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// Applies the first `code` in a finding's help the way a user would read
/// it: an assignment replaces the flagged lines, `import x` goes at the top
/// of the file, and a distribution name goes into requirements.txt.
fn apply_help(dir: &Path, finding: &serde_json::Value) {
    let help = finding["help"].as_str().expect("help");
    let snippet = help.split('`').nth(1).expect("help has a `snippet`");
    let path = dir.join(finding["path"].as_str().expect("path"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    if snippet.starts_with("import ") {
        std::fs::write(&path, format!("{snippet}\n{text}")).unwrap();
    } else if snippet.contains(" = ") {
        let first = finding["line"].as_u64().unwrap() as usize;
        let last = finding["end_line"].as_u64().unwrap() as usize;
        let lines: Vec<&str> = text.lines().collect();
        let mut new = lines[..first - 1].join("\n");
        new.push('\n');
        new.push_str(snippet);
        new.push('\n');
        new.push_str(&lines[last..].join("\n"));
        new.push('\n');
        std::fs::write(&path, new).unwrap();
    } else {
        let requirements = dir.join("requirements.txt");
        let mut text = std::fs::read_to_string(&requirements).unwrap();
        text.push_str(&format!("{snippet}\n"));
        std::fs::write(&requirements, text).unwrap();
    }
}

/// Help applied literally makes its finding go away and adds no error.
#[test]
fn help_applied_literally_fixes_the_finding() {
    for (fixture, code) in [
        ("paas603-allowed-hosts-empty", "PAAS603"),
        ("paas613-allowed-hosts-local-only", "PAAS613"),
        ("paas307-startproject-without-import-os", "PAAS307"),
        ("paas307-flask-config-class", "PAAS307"),
        ("paas308-startproject-decouple", "PAAS308"),
        ("paas308-flask-extension-missing", "PAAS308"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures_dir().join(fixture), dir.path());
        let before = findings_of(dir.path());
        let finding = before
            .iter()
            .find(|f| f["code"] == code)
            .unwrap_or_else(|| panic!("{fixture}: no {code}"));
        apply_help(dir.path(), finding);
        let after = findings_of(dir.path());
        assert!(
            !after.iter().any(|f| f["code"] == code),
            "{fixture}: {code} is still reported after applying its help: {after:?}"
        );
        let new_errors: Vec<String> = error_codes(&after)
            .into_iter()
            .filter(|c| !error_codes(&before).contains(c))
            .collect();
        assert!(
            new_errors.is_empty(),
            "{fixture}: new errors {new_errors:?}"
        );
    }
}

/// Each platform is judged by the Python it really installs: runtime.txt wins
/// on Heroku, so a `.python-version` of 3.9 it ignores does not block it.
#[test]
fn verdict_names_the_python_each_platform_installs() {
    let out = run(&[
        "lint",
        "paas505-python-version-ignored-on-heroku",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let heroku = &json["platforms"]["heroku"];
    assert_eq!(heroku["ready"], true, "{heroku}");
    assert_eq!(heroku["python"]["version"], "3.13.15");
    assert_eq!(heroku["python"]["path"], "runtime.txt");
    let google = &json["platforms"]["google"];
    assert_eq!(google["ready"], false);
    assert_eq!(google["python"]["requested"], "3.9");
    // Render installs any release from 3.7.3 (its published minimum): a warning there.
    let render = &json["platforms"]["render"];
    assert_eq!(render["ready"], true, "{render}");

    // Nothing named: each platform's published default, or none.
    let out = run(&[
        "lint",
        "paas509-poetry-python-excludes-default",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["platforms"]["heroku"]["python"]["version"], "3.14.7");
    assert_eq!(json["platforms"]["heroku"]["python"]["source"], "default");
    assert_eq!(json["platforms"]["railway"]["python"]["version"], "3.13");
    assert_eq!(
        json["platforms"]["fly"]["python"]["source"],
        "unpublished-default"
    );
    assert_eq!(json["platforms"]["heroku"]["blocking"][0], "PAAS509");
}

#[test]
fn platforms_print_every_fact_with_its_source_and_date() {
    let out = run(&["platforms", "heroku"]);
    assert!(
        out.stdout.contains("python.default: 3.14"),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("source: heroku/heroku-buildpack-python@b4e7e72"));
    let out = run(&["platforms", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for platform in json.as_array().unwrap() {
        let facts = platform["facts"].as_array().unwrap();
        assert!(facts.len() >= 5, "{platform}");
        for fact in facts {
            assert!(!fact["source"].as_str().unwrap().is_empty(), "{fact}");
            assert_eq!(fact["checked"].as_str().unwrap().len(), 10, "{fact}");
        }
        assert!(platform["facts_refreshed"].is_string());
    }
}

/// With no Python project, `--format json` still prints the envelope (one PAAS101 error, every
/// platform blocked) for CI consumers, and the exit code stays 2.
#[test]
fn no_python_project_prints_a_json_envelope() {
    let out = run(&["lint", "no-python-project", "--format", "json"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no Python project found"),
        "{}",
        out.stderr
    );
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    assert_eq!(json["findings"][0]["code"], "PAAS101");
    assert_eq!(json["summary"]["error"], 1);
    assert_eq!(json["platforms"]["heroku"]["ready"], false);
    let human = run(&["lint", "no-python-project"]);
    assert_eq!((human.code, human.stdout.as_str()), (2, ""));
}

/// A declared package the import-name data does not know may install the
/// module under another name (django-cors-middleware installs `corsheaders`,
/// like django-cors-headers): the startup-path finding is a warning there,
/// not a blocking error.
#[test]
fn unknown_fork_turns_missing_import_into_a_warning() {
    let out = run(&[
        "lint",
        "paas309-fork-may-provide-module",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let f = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "PAAS309")
        .expect("PAAS309 is still reported");
    assert_eq!(f["severity"], "warning", "{f}");
    assert_eq!(f["path"], "mysite/settings.py", "{f}");
}

/// On platforms that build the Dockerfile, the `python:X.Y` base image is the
/// Python pip installs into (not `.python-version`): numpy 1.26.0 (<3.13) is
/// refused there, and stays fine on Heroku's buildpack with 3.12.
#[test]
fn dockerfile_base_image_decides_the_target_python() {
    let out = run(&[
        "lint",
        "paas122-dockerfile-base-image-python",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let f = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "PAAS122")
        .expect("PAAS122 for numpy on the image's 3.13");
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64()),
        (Some("requirements.txt"), Some(3))
    );
    let platforms: Vec<&str> = f["platforms"]
        .as_array()
        .expect("platforms")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(platforms.contains(&"fly"), "{platforms:?}");
    assert!(!platforms.contains(&"heroku"), "{platforms:?}");
    let fly = &json["platforms"]["fly"]["python"];
    assert_eq!(
        (fly["source"].as_str(), fly["version"].as_str()),
        (Some("dockerfile"), Some("3.13"))
    );
}

/// A runtime.txt with NUL bytes is an invalid version on the platforms that
/// read it (Heroku: "Invalid Python version in runtime.txt"), not an
/// unreadable file that blocks every platform.
#[test]
fn binary_runtime_txt_is_an_invalid_version_where_it_is_read() {
    let out = run(&["lint", "paas502-binary-runtime-txt", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let codes: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| Some((f["code"].as_str()?, f["path"].as_str()?)))
        .collect();
    assert!(codes.contains(&("PAAS502", "runtime.txt")), "{codes:?}");
    assert!(!codes.iter().any(|(c, _)| *c == "PAAS901"), "{codes:?}");
    assert_eq!(json["platforms"]["heroku"]["ready"], false);
    assert_eq!(json["platforms"]["render"]["ready"], true);
}
