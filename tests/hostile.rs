//! Hostile trees: each must give findings or a clear error, never a panic,
//! a hang, a read outside the root, or a write into the tree.

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn lint(dir: &Path, extra: &[&str]) -> Outcome {
    let output = Command::cargo_bin("paaslint")
        .expect("binary builds")
        .arg("lint")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let outcome = Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !outcome.stderr.contains("panicked") && !outcome.stderr.contains("internal error"),
        "panic: {}",
        outcome.stderr
    );
    assert!(
        matches!(outcome.code, Some(0 | 1)),
        "exit {:?} (killed by a signal or timed out?): {}",
        outcome.code,
        outcome.stderr
    );
    outcome
}

fn codes(outcome: &Outcome) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("valid JSON");
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["code"].as_str().map(str::to_string))
        .collect()
}

fn flask_app(dir: &Path) {
    std::fs::write(
        dir.join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    )
    .unwrap();
    std::fs::write(dir.join(".python-version"), "3.13\n").unwrap();
}

/// [`flask_app`] with a Procfile and pinned requirements: no findings of its own.
fn deployable_flask_app(dir: &Path) {
    flask_app(dir);
    std::fs::write(dir.join("Procfile"), "web: gunicorn app:app\n").unwrap();
    std::fs::write(
        dir.join("requirements.txt"),
        "flask==3.1.2\ngunicorn==23.0.0\n",
    )
    .unwrap();
}

#[test]
fn symlink_loops_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    std::os::unix::fs::symlink("loop-b", dir.path().join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.path().join("loop-b")).unwrap();
    let out = lint(dir.path(), &[]);
    assert_eq!(codes(&out), Vec::<String>::new());
}

#[test]
fn symlinks_leaving_the_root_are_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET-CONTENT-THAT-MUST-NOT-LEAK\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    std::os::unix::fs::symlink(&secret, dir.path().join("requirements.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("Procfile")).unwrap();
    let out = lint(dir.path(), &[]);
    assert!(!out.stdout.contains("SECRET-CONTENT"), "{}", out.stdout);
    let found = codes(&out);
    assert_eq!(
        found.iter().filter(|c| *c == "PAAS901").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn fifos_and_sockets_are_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("requirements.txt"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("Procfile")).unwrap();
    let out = lint(dir.path(), &[]);
    let found = codes(&out);
    assert_eq!(
        found.iter().filter(|c| *c == "PAAS901").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn binary_and_nul_filled_files() {
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    std::fs::write(dir.path().join("requirements.txt"), [0u8; 4096]).unwrap();
    std::fs::write(
        dir.path().join("Procfile"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("mysite")).unwrap();
    std::fs::write(
        dir.path().join("mysite/settings.py"),
        [0u8, 159, 146, 150, 0, 1],
    )
    .unwrap();
    let out = lint(dir.path(), &[]);
    let found = codes(&out);
    assert!(
        found.iter().filter(|c| *c == "PAAS901").count() >= 2,
        "{found:?}"
    );
}

#[test]
fn invalid_utf8_and_utf16_files() {
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    std::fs::write(
        dir.path().join("requirements.txt"),
        b"flask==3.1.2\n\xc3\x28gunicorn\n",
    )
    .unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "web: gunicorn app:app\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(dir.path().join("Procfile"), utf16).unwrap();
    let out = lint(dir.path(), &[]);
    let found = codes(&out);
    assert_eq!(
        found.iter().filter(|c| *c == "PAAS903").count(),
        2,
        "{found:?}"
    );
}

#[test]
fn ten_thousand_nested_folders() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    // Relative mkdir/chdir keeps every path under PATH_MAX (shells rebuild the full path).
    let status = std::process::Command::new("python3")
        .arg("-c")
        .arg("import os\nfor _ in range(10000):\n    os.mkdir('d'); os.chdir('d')\nopen('requirements.txt', 'w').write('x')\n")
        .current_dir(dir.path())
        .status()
        .expect("sh");
    assert!(status.success());
    let out = lint(dir.path(), &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    // std's remove_dir_all may exhaust file descriptors at this depth; rm copes.
    let _ = std::process::Command::new("rm")
        .arg("-rf")
        .arg(dir.path().join("d"))
        .status();
}

#[test]
fn one_megabyte_single_lines_and_oversized_files() {
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    let long = format!("flask==3.1.2 # {}\n", "x".repeat(1 << 20));
    std::fs::write(dir.path().join("requirements.txt"), long).unwrap();
    std::fs::write(
        dir.path().join("Procfile"),
        format!("web: gunicorn app:app {}", "-".repeat(1 << 20)),
    )
    .unwrap();
    let big = "gunicorn==23.0.0\n".repeat(200_000);
    std::fs::create_dir(dir.path().join("requirements")).unwrap();
    std::fs::write(dir.path().join("requirements/big.txt"), &big).unwrap();
    let out = lint(dir.path(), &[]);
    codes(&out);
}

#[test]
fn file_over_the_read_cap_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    flask_app(dir.path());
    std::fs::write(dir.path().join("Procfile"), "web: gunicorn app:app\n").unwrap();
    std::fs::write(
        dir.path().join("requirements.txt"),
        "gunicorn==23.0.0\n".repeat(200_000),
    )
    .unwrap();
    let out = lint(dir.path(), &[]);
    assert!(
        codes(&out).contains(&"PAAS904".to_string()),
        "{}",
        out.stdout
    );
}

#[test]
fn file_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(dir.path().join(name), "x = 1\n").unwrap();
    let odd_dir = std::ffi::OsStr::from_bytes(b"pkg\xff");
    std::fs::create_dir(dir.path().join(odd_dir)).unwrap();
    std::fs::write(dir.path().join(odd_dir).join("requirements.txt"), "x\n").unwrap();
    let out = lint(dir.path(), &[]);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn deeply_nested_python_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 200_000;
    let source = format!(
        "app = {}1{}\nx = {}\n",
        "(".repeat(depth),
        ")".repeat(depth),
        "1+".repeat(depth) + "1"
    );
    std::fs::write(dir.path().join("app.py"), source).unwrap();
    std::fs::write(dir.path().join("Procfile"), "web: gunicorn app:app\n").unwrap();
    std::fs::write(
        dir.path().join("requirements.txt"),
        "flask==3.1.2\ngunicorn==23.0.0\n",
    )
    .unwrap();
    lint(dir.path(), &[]);
}

/// Thousands of virtualenvs, some nested and some whose marker is a link:
/// each outer one is reported once, and nothing inside any is listed.
#[test]
fn thousands_of_virtualenvs() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    for i in 0..2000 {
        let venv = dir.path().join(format!("envs/v{i}"));
        std::fs::create_dir_all(venv.join("bin")).unwrap();
        std::fs::write(venv.join("bin/Procfile"), "web: nothing\n").unwrap();
        if i % 3 == 0 {
            std::os::unix::fs::symlink("../../shared.cfg", venv.join("pyvenv.cfg")).unwrap();
        } else {
            std::fs::write(venv.join("pyvenv.cfg"), "home = /usr/bin\n").unwrap();
        }
        if i % 2 == 0 {
            std::fs::create_dir_all(venv.join("inner")).unwrap();
            std::fs::write(venv.join("inner/pyvenv.cfg"), "").unwrap();
        }
    }
    std::fs::write(dir.path().join("shared.cfg"), "home = /usr/bin\n").unwrap();
    // Code inside a virtualenv is not the app's: this import must go unseen.
    std::fs::write(dir.path().join("envs/v1/server.py"), "import fastapi\n").unwrap();
    // A marker that is a link loop marks nothing.
    std::fs::create_dir(dir.path().join("looped")).unwrap();
    std::os::unix::fs::symlink("pyvenv.cfg", dir.path().join("looped/pyvenv.cfg")).unwrap();
    let out = lint(dir.path(), &[]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
    let findings = json["findings"].as_array().expect("findings");
    let venvs: Vec<&str> = findings
        .iter()
        .filter(|f| f["code"] == "PAAS108")
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(venvs.len(), 2000);
    assert!(venvs
        .iter()
        .all(|p| p.starts_with("envs/v") && !p.contains("inner")));
    let others: Vec<&serde_json::Value> =
        findings.iter().filter(|f| f["code"] != "PAAS108").collect();
    assert!(others.is_empty(), "{others:?}");
}

/// `fixtures/ok-django` copied into a temporary folder, with `settings` as
/// its settings module.
fn django_with_settings(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ok-django");
    for rel in [
        "Procfile",
        "manage.py",
        "requirements.txt",
        "mysite/__init__.py",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        if fixture.join(rel).exists() {
            std::fs::copy(fixture.join(rel), &to).unwrap();
        }
    }
    std::fs::write(dir.path().join("mysite/settings.py"), settings).unwrap();
    dir
}

/// Issue 14, item 1: a method call on a database value, with a typo after
/// it, recursed without end.
#[test]
fn settings_typo_after_a_database_read_does_not_overflow() {
    for settings in [
        "import dj_database_url\ndj_database_url.config().(",
        "import environ\nenv = environ.Env()\nenv.db().(",
        "import dj_database_url\nX = dj_database_url.config().lower().strip()\n",
    ] {
        let dir = django_with_settings(settings);
        lint(dir.path(), &[]);
    }
}

/// Issue 14, item 6: nesting the evaluator would follow one level per frame.
#[test]
fn deep_settings_expressions_do_not_overflow() {
    let n = 1_000_000;
    for value in [
        format!("a{}", ".b".repeat(n)),
        format!("f{}", "()".repeat(n)),
        format!("{}1", "-".repeat(2 * n)),
    ] {
        let dir = django_with_settings(&format!("DEBUG = {value}\n"));
        let out = lint(dir.path(), &[]);
        // Deeper than CPython compiles: the module does not import.
        assert!(
            codes(&out).contains(&"PAAS306".to_string()),
            "{}",
            out.stdout
        );
    }
}

/// Issue 14, item 7 and the same class through names: values built from
/// names double in size per line, and rendering a deep tuple was quadratic.
#[test]
fn settings_values_that_grow_are_bounded() {
    let n = 200_000;
    let mut doubling = String::from("A = ['x' * 1]\nS = 'abcdefgh'\n");
    for _ in 0..64 {
        doubling.push_str("A = [A, A]\nS = S + S\nA.extend(A)\n");
    }
    doubling.push_str("DEBUG = A\nSECRET_KEY = S\n");
    for settings in [
        format!("DEBUG = {}{}\n", "(1,".repeat(n), ")".repeat(n)),
        doubling,
        format!("X = 'a'\n{}", "X = [X]\n".repeat(n)),
    ] {
        let dir = django_with_settings(&settings);
        // Within the helper's 60 s timeout (on main, the first took minutes).
        lint(dir.path(), &[]);
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Runs paaslint expecting a usage or configuration error (exit 2), within
/// the timeout and without a panic.
fn lint_error(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::cargo_bin("paaslint").expect("binary builds");
    command
        .arg("lint")
        .arg(dir)
        .args(extra)
        .timeout(Duration::from_secs(60));
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("runs");
    let outcome = Outcome {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert_eq!(outcome.code, Some(2), "{}", outcome.stderr);
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    outcome
}

/// Issue 14, item 2: a config file that is a link (to anything outside the
/// tree: the environment, /etc/passwd, a key) is not read, so no error can
/// show its bytes.
#[cfg(unix)]
#[test]
fn config_files_are_never_read_through_links() {
    let secrets = tempfile::tempdir().unwrap();
    let secret = secrets.path().join("id_ed25519");
    std::fs::write(&secret, "TOP-SECRET-KEY-MATERIAL = \"x\n").unwrap();
    for name in [".paaslint.toml", "paaslint.toml", "pyproject.toml"] {
        let dir = tempfile::tempdir().unwrap();
        deployable_flask_app(dir.path());
        std::os::unix::fs::symlink(&secret, dir.path().join(name)).unwrap();
        let out = lint(dir.path(), &[]);
        assert!(
            !out.stdout.contains("TOP-SECRET") && !out.stderr.contains("TOP-SECRET"),
            "{name}: {}{}",
            out.stdout,
            out.stderr
        );
        let env = tempfile::tempdir().unwrap();
        deployable_flask_app(env.path());
        std::os::unix::fs::symlink("/proc/self/environ", env.path().join(name)).unwrap();
        let out = Command::cargo_bin("paaslint")
            .unwrap()
            .arg("lint")
            .arg(env.path())
            .env("PAASLINT_PROBE_SECRET", "TOP-SECRET-ENV")
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("TOP-SECRET"), "{name}: {all}");
    }
}

/// Issue 14, items 2 and 8: config, baseline and rule files that are FIFOs,
/// devices or huge are refused at once, never read without bound.
#[cfg(unix)]
#[test]
fn config_and_baseline_files_are_capped_and_never_block() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    let fifo = dir.path().join("pipe.toml");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap().to_string();
    for extra in [
        vec!["--config", "/dev/zero"],
        vec!["--config", &fifo],
        vec!["--baseline", "/dev/zero"],
        vec!["--baseline", &fifo],
    ] {
        let out = lint_error(dir.path(), &extra, &[]);
        assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    }
    let out = lint_error(dir.path(), &[], &[("PAASLINT_CONFIG", "/dev/urandom")]);
    assert!(out.stderr.contains("not a regular file"), "{}", out.stderr);
    // A discovered FIFO is skipped like any special file.
    let discovered = tempfile::tempdir().unwrap();
    deployable_flask_app(discovered.path());
    mkfifo(&discovered.path().join(".paaslint.toml"));
    lint(discovered.path(), &[]);
    // Over the read cap: refused, not truncated into a different config.
    let huge = tempfile::tempdir().unwrap();
    deployable_flask_app(huge.path());
    let mut text = String::from("select = [\"ALL\"]\n");
    text.push_str(&"# padding\n".repeat(300_000));
    std::fs::write(huge.path().join(".paaslint.toml"), text).unwrap();
    let out = lint_error(huge.path(), &[], &[]);
    assert!(out.stderr.contains("larger than"), "{}", out.stderr);
    // rule-files naming a device or a file outside the tree.
    for rule_file in ["/dev/zero", "../../../../etc/passwd"] {
        let rules = tempfile::tempdir().unwrap();
        deployable_flask_app(rules.path());
        std::fs::write(
            rules.path().join(".paaslint.toml"),
            format!("rule-files = [\"{rule_file}\"]\n"),
        )
        .unwrap();
        let out = lint_error(rules.path(), &[], &[]);
        assert!(
            out.stderr.contains("relative path") && !out.stderr.contains("root:"),
            "{}",
            out.stderr
        );
    }
}

/// Issue 14, item 9: a broken pyproject.toml without `[tool.paaslint]` is a
/// finding about the project (PAAS120), not a configuration error.
#[test]
fn broken_pyproject_is_a_finding_not_a_config_error() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project\nname = \"x\"\n",
    )
    .unwrap();
    let out = lint(dir.path(), &[]);
    assert!(
        codes(&out).contains(&"PAAS120".to_string()),
        "{}",
        out.stdout
    );
}

/// Issue 14, items 3 and 4: ignore files the walker would read without end
/// (a link to /dev/zero, a FIFO, here or above the root) or whole (90 MB).
#[cfg(unix)]
#[test]
fn ignore_files_that_are_devices_fifos_or_huge_are_not_read() {
    type Make = fn(&Path);
    let cases: [(&str, Make); 5] = [
        ("link to /dev/zero in a folder", |repo| {
            std::fs::create_dir(repo.join("sub")).unwrap();
            std::os::unix::fs::symlink("/dev/zero", repo.join("sub/.gitignore")).unwrap();
        }),
        ("link to /dev/urandom at the root", |repo| {
            std::os::unix::fs::symlink("/dev/urandom", repo.join(".ignore")).unwrap();
        }),
        ("FIFO in a folder", |repo| {
            std::fs::create_dir_all(repo.join("sub/.git/info")).unwrap();
            mkfifo(&repo.join("sub/.git/info/exclude"));
        }),
        ("FIFO above the root", |repo| {
            mkfifo(&repo.parent().unwrap().join(".gitignore"));
        }),
        ("huge", |repo| {
            std::fs::write(repo.join(".gitignore"), "a\n".repeat(1_000_000)).unwrap();
        }),
    ];
    for (name, make) in cases {
        let outer = tempfile::tempdir().unwrap();
        let repo = outer.path().join("repo");
        std::fs::create_dir(&repo).unwrap();
        deployable_flask_app(&repo);
        make(&repo);
        let out = lint(&repo, &[]);
        assert!(
            codes(&out).contains(&"PAAS905".to_string()),
            "{name}: {}",
            out.stdout
        );
    }
}

/// Issue 14, items 12 and 13: many apps, requirement lines and Procfile
/// lines (1,000 apps took 32 s, 40k unpinned lines with --strict-pins 15 s).
#[test]
fn many_apps_requirements_and_processes_finish() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1_000 {
        let app = dir.path().join(format!("svc{i}"));
        std::fs::create_dir(&app).unwrap();
        deployable_flask_app(&app);
    }
    lint(dir.path(), &[]);
    let one = tempfile::tempdir().unwrap();
    deployable_flask_app(one.path());
    let mut requirements = String::from("flask==3.1.2\ngunicorn==23.0.0\n");
    let mut procfile = String::from("web: gunicorn app:app\n");
    for i in 0..40_000 {
        requirements.push_str(&format!("package-{i}\n"));
        procfile.push_str(&format!("worker{i}: celery -A app worker\n"));
    }
    std::fs::write(one.path().join("requirements.txt"), requirements).unwrap();
    std::fs::write(one.path().join("Procfile"), procfile).unwrap();
    lint(one.path(), &["--strict-pins"]);
}

/// Issue 14, items 10 and 11: ESC, BEL and newlines from file names and
/// file contents never reach the output raw, in any format; no line of it
/// can be read by GitHub Actions as a workflow command.
#[cfg(unix)]
#[test]
fn control_characters_from_the_repository_are_escaped_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let svc = dir
        .path()
        .join("svc\n::error file=pwned.py,line=1::INJECTED\u{1b}[31m");
    std::fs::create_dir(&svc).unwrap();
    flask_app(&svc);
    std::fs::write(svc.join("requirements.txt"), "flask\n").unwrap();
    std::fs::write(
        svc.join("Procfile"),
        "web: gunicorn app:app \u{1b}]0;pwned\u{7} --bind 127.0.0.1:5000\nbad line \u{1b}[2J\u{9b}\n",
    )
    .unwrap();
    let api = dir.path().join("api");
    std::fs::create_dir(&api).unwrap();
    flask_app(&api);
    for format in [
        "human", "concise", "github", "json", "sarif", "gitlab", "junit",
    ] {
        let out = Command::cargo_bin("paaslint")
            .unwrap()
            .arg("lint")
            .arg(dir.path())
            .args(["--format", format, "--color", "never"])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{format}");
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{format}: raw control character in {text:?}"
            );
            assert!(
                !text
                    .lines()
                    .any(|l| l.trim_start().starts_with("::error file=pwned")),
                "{format}: {text}"
            );
        }
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("PAAS"),
            "{format}: no findings"
        );
    }
}

/// Issue 14, item 19: a 2 MiB token in a requirement line was copied whole
/// into the PAAS120 message (7.4 MB of output).
#[test]
fn a_huge_token_is_not_copied_into_messages() {
    let dir = tempfile::tempdir().unwrap();
    deployable_flask_app(dir.path());
    let token = "x".repeat(1_500_000);
    std::fs::write(
        dir.path().join("requirements.txt"),
        format!("flask==3.1.2\ngunicorn==23.0.0\nfoo[{token}\n"),
    )
    .unwrap();
    let out = lint(dir.path(), &[]);
    assert!(
        codes(&out).contains(&"PAAS120".to_string()),
        "{}",
        &out.stdout[..2000.min(out.stdout.len())]
    );
    assert!(
        out.stdout.len() < 200_000,
        "{} bytes of output",
        out.stdout.len()
    );
}

/// Issue 14, item 19: a settings module that cannot be read gave "not set"
/// findings (PAAS610) as if it were empty; it is PAAS901 alone.
#[cfg(unix)]
#[test]
fn unreadable_settings_give_no_settings_findings() {
    let dir = django_with_settings("");
    let settings = dir.path().join("mysite/settings.py");
    std::fs::remove_file(&settings).unwrap();
    mkfifo(&settings);
    let found = codes(&lint(dir.path(), &[]));
    assert!(found.contains(&"PAAS901".to_string()), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("PAAS6")), "{found:?}");
}

/// Issue 14, item 16: folders whose names differ only in bytes that are not
/// UTF-8 are two apps, reported the same way on every run.
#[cfg(unix)]
#[test]
fn non_utf8_folder_names_that_differ_only_in_invalid_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    for last in [0xff_u8, 0xfe] {
        let bytes = [b'd', last];
        let name = std::ffi::OsStr::from_bytes(&bytes);
        let app = dir.path().join(name);
        std::fs::create_dir(&app).unwrap();
        deployable_flask_app(&app);
    }
    let first = lint(dir.path(), &[]).stdout;
    let json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(json["apps"].as_array().map(Vec::len), Some(2), "{first}");
    for _ in 0..3 {
        assert_eq!(lint(dir.path(), &[]).stdout, first);
    }
}

/// Issue 14, item 19: `--app-root` below the walk's depth said "not a folder
/// inside the linted path"; it names the depth limit.
#[test]
fn app_root_below_the_walk_depth_names_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let deep: String = (0..20).map(|i| format!("d{i}/")).collect();
    let app = dir.path().join(&deep);
    std::fs::create_dir_all(&app).unwrap();
    deployable_flask_app(&app);
    let out = lint_error(dir.path(), &["--app-root", deep.trim_end_matches('/')], &[]);
    assert!(out.stderr.contains("deeper than"), "{}", out.stderr);
}
