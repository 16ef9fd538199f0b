//! Help that names a replacement must be right when applied literally: each
//! test applies what paaslint suggests to a copy of a fixture and lints again.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn lint_json(dir: &Path) -> Value {
    let output = Command::cargo_bin("paaslint")
        .expect("binary builds")
        .args(["lint", "--format", "json", "--no-config"])
        .arg(dir)
        .env("PAASLINT_TODAY", "2026-11-25")
        .output()
        .expect("runs");
    // Exit 2 (no Python project, usage errors) prints no report.
    if output.status.code() == Some(2) {
        return Value::Null;
    }
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: no JSON ({e}): {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn findings(report: &Value) -> Vec<Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// The text between the backticks after `prefix` in a help text.
fn quoted_after<'a>(help: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = &help[help.find(prefix)? + prefix.len()..];
    let rest = rest.strip_prefix('`')?;
    Some(&rest[..rest.find('`')?])
}

#[test]
fn procfile_line_help_applied_literally_fixes_the_line() {
    let mut applied = 0;
    for fixture in fixtures() {
        let procfile = fixture.join("Procfile");
        let Ok(text) = std::fs::read_to_string(&procfile) else {
            continue;
        };
        for finding in findings(&lint_json(&fixture)) {
            if finding["code"] != "PAAS205" {
                continue;
            }
            let help = finding["help"].as_str().unwrap_or("");
            let Some(replacement) = quoted_after(help, "add the colon: ")
                .or_else(|| quoted_after(help, "put the process type first: "))
            else {
                continue;
            };
            let line_no = finding["line"].as_u64().expect("line") as usize;
            let lines: Vec<String> = text
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    if i + 1 == line_no {
                        replacement.to_string()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            let copy = tempfile::tempdir().expect("tempdir");
            copy_dir(&fixture, copy.path());
            std::fs::write(copy.path().join("Procfile"), lines.join("\n") + "\n").expect("write");
            let again = findings(&lint_json(copy.path()));
            let still = again
                .iter()
                .filter(|f| f["code"] == "PAAS205" && f["line"].as_u64() == Some(line_no as u64))
                .count();
            assert_eq!(
                still,
                0,
                "{}: applying `{replacement}` left PAAS205 on line {line_no}",
                fixture.display()
            );
            let first_word = replacement.split(':').next().unwrap_or("");
            assert!(
                !replacement.starts_with(&format!("{first_word}: {first_word} ")),
                "{}: `{replacement}` repeats its process type",
                fixture.display()
            );
            applied += 1;
        }
    }
    assert!(applied >= 2, "only {applied} PAAS205 replacements applied");
}

#[test]
fn module_help_applied_literally_resolves() {
    let mut applied = 0;
    for fixture in fixtures() {
        for finding in findings(&lint_json(&fixture)) {
            let Some(module) = finding["data"]["replacement_module"].as_str() else {
                continue;
            };
            let path = finding["path"].as_str().expect("path");
            let text = std::fs::read_to_string(fixture.join(path)).expect("command file");
            let line_no = finding["line"].as_u64().expect("line") as usize;
            let column = finding["column"].as_u64().expect("column") as usize;
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let line = &lines[line_no - 1];
            let start = line
                .char_indices()
                .nth(column - 1)
                .map(|(i, _)| i)
                .expect("column");
            let target = &line[start..];
            let end = target.find([':', ' ']).unwrap_or(target.len());
            let fixed = format!("{}{module}{}", &line[..start], &target[end..]);
            lines[line_no - 1] = fixed;
            let copy = tempfile::tempdir().expect("tempdir");
            copy_dir(&fixture, copy.path());
            std::fs::write(copy.path().join(path), lines.join("\n") + "\n").expect("write");
            let again = findings(&lint_json(copy.path()));
            let codes: Vec<&str> = again.iter().filter_map(|f| f["code"].as_str()).collect();
            assert!(
                !codes.iter().any(|c| c.starts_with("PAAS30")),
                "{}: serving `{module}` still gives {codes:?}",
                fixture.display()
            );
            applied += 1;
        }
    }
    assert!(applied >= 1, "no module replacement applied");
}

#[test]
fn suggested_start_lines_pass_paaslints_own_checks() {
    let mut applied = 0;
    for fixture in fixtures() {
        let report = lint_json(&fixture);
        for finding in findings(&report) {
            if finding["code"] != "PAAS201" {
                continue;
            }
            let suggested: Vec<String> = match &finding["data"]["suggested"] {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                _ => continue,
            };
            let app_root = finding["app_root"].as_str().unwrap_or(".");
            for line in suggested {
                let copy = tempfile::tempdir().expect("tempdir");
                copy_dir(&fixture, copy.path());
                std::fs::write(
                    copy.path().join(app_root).join("Procfile"),
                    format!("{line}\n"),
                )
                .expect("write");
                let again = findings(&lint_json(copy.path()));
                let bad: Vec<String> = again
                    .iter()
                    .filter(|f| f["app_root"].as_str() == Some(app_root))
                    .filter_map(|f| f["code"].as_str())
                    .filter(|c| c.starts_with("PAAS2") || c.starts_with("PAAS3"))
                    .map(str::to_string)
                    .collect();
                assert!(
                    bad.is_empty(),
                    "{}: the suggested `{line}` gives {bad:?} once written",
                    fixture.display()
                );
                applied += 1;
            }
        }
    }
    assert!(applied >= 3, "only {applied} suggested lines tried");
}
