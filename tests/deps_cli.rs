//! Command-line behaviour of the dependency checks that the fixture
//! snapshots cannot show: `--strict-pins` and the end-of-life date.

use std::path::Path;

use assert_cmd::Command;

fn findings(args: &[&str], today: Option<&str>) -> Vec<(String, String)> {
    let mut cmd = Command::cargo_bin("paaslint").expect("binary builds");
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
        .env_remove("PAASLINT_FORMAT")
        .args(args)
        .args(["--format", "json"]);
    if let Some(date) = today {
        cmd.env("PAASLINT_TODAY", date);
    }
    let output = cmd.output().expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_string(),
                f["subject"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn has(findings: &[(String, String)], code: &str, subject: &str) -> bool {
    findings.iter().any(|(c, s)| c == code && s == subject)
}

#[test]
fn strict_pins_reports_every_dependency_without_exact_pin_or_lock() {
    let fixture = "paas119-uv-lock-missing-dependency";
    let default = findings(&["lint", fixture], None);
    assert!(!has(&default, "PAAS110", "httpx"), "{default:?}");
    let strict = findings(&["lint", fixture, "--strict-pins"], None);
    // httpx: lower bound only and missing from uv.lock.
    assert!(has(&strict, "PAAS110", "httpx"), "{strict:?}");
    // fastapi and uvicorn are in uv.lock, which pins them exactly.
    assert!(!has(&strict, "PAAS110", "fastapi"), "{strict:?}");
    assert!(!has(&strict, "PAAS110", "uvicorn"), "{strict:?}");
}

#[test]
fn end_of_life_depends_on_the_date() {
    let fixture = "paas111-poetry-eol-flask";
    // Flask 2.3 stopped being supported when 3.0 came out on 2023-09-30.
    assert!(!has(
        &findings(&["lint", fixture], Some("2023-09-01")),
        "PAAS111",
        "flask"
    ));
    assert!(has(
        &findings(&["lint", fixture], Some("2023-10-01")),
        "PAAS111",
        "flask"
    ));
}
