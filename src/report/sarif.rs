//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. Rules carry
//! the help from `checks/*.md`; every result has `partialFingerprints` so an
//! alert follows its finding when lines move.

use serde_json::{json, Value};

use crate::checks::{Check, REGISTRY};
use crate::finding::{Finding, Severity};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(findings: &[Finding], verdicts: &[crate::verdict::Verdict]) -> String {
    let rules: Vec<Value> = REGISTRY.iter().map(|check| rule(check)).collect();
    let fingerprints = super::unique_fingerprints(findings);
    let results: Vec<Value> = findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| result(f, fingerprint))
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "paaslint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
            // SARIF property bag: the readiness verdict, as in the JSON report.
            "properties": {
                "platforms": verdicts.iter().map(|v| (v.platform.id().to_string(), json!({
                    "ready": v.ready,
                    "blocking": v.blocking,
                }))).collect::<serde_json::Map<String, Value>>(),
            },
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(check: &Check) -> Value {
    let full = doc_section(check.doc, "What it does").unwrap_or_else(|| check.summary.to_string());
    json!({
        "id": check.code,
        "name": check.name,
        "shortDescription": { "text": check.summary },
        "fullDescription": { "text": full },
        "help": { "text": check.doc, "markdown": check.doc },
        "defaultConfiguration": { "level": level(check.severity) },
        "properties": {
            "tags": check.platforms.iter().map(|p| p.id()).collect::<Vec<_>>(),
        },
    })
}

fn result(f: &Finding, fingerprint: String) -> Value {
    let l = &f.location;
    let mut text = f.message.clone();
    if let Some(help) = &f.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    // Columns are 1-based and the end is exclusive, as SARIF counts them.
    let region = json!({
        "startLine": l.line,
        "startColumn": l.column,
        "endLine": l.end_line.max(l.line),
        "endColumn": if l.end_line > l.line { l.end_column } else { l.end_column.max(l.column) },
    });
    json!({
        "ruleId": f.code,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&l.path) },
                "region": region,
            }
        }],
        // No `ruleIndex`: it would shift whenever a check is added before this one.
        "partialFingerprints": { "primaryLocationLineHash": fingerprint },
    })
}

/// A relative URI reference: no leading `./`, and the characters a URI
/// cannot hold percent-encoded.
fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The paragraphs under `## {heading}` in a check's doc, joined into one text.
fn doc_section(doc: &str, heading: &str) -> Option<String> {
    let marker = format!("## {heading}");
    let start = doc.lines().position(|line| line.trim() == marker)?;
    let body: Vec<&str> = doc
        .lines()
        .skip(start + 1)
        .take_while(|line| !line.starts_with("## "))
        .map(str::trim)
        .collect();
    let text = body
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_is_relative_and_encoded() {
        assert_eq!(uri("./app/Proc file"), "app/Proc%20file");
        assert_eq!(uri("requirements.txt"), "requirements.txt");
    }

    #[test]
    fn doc_section_reads_one_section() {
        let doc = "# X\n\n## What it does\n\nReports a\nthing.\n\n## Why it matters\n\nNo.";
        assert_eq!(
            doc_section(doc, "What it does").as_deref(),
            Some("Reports a thing.")
        );
        assert_eq!(doc_section(doc, "Example"), None);
    }
}
