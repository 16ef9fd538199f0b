//! `--format gitlab`: a GitLab Code Quality report (a JSON array), consumed
//! through `artifacts:reports:codequality`.

use serde_json::json;

use crate::finding::{Finding, Severity};

pub fn render(findings: &[Finding]) -> String {
    let fingerprints = super::unique_fingerprints(findings);
    let issues: Vec<_> = findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| {
            json!({
                "description": format!("{} {}", f.code, f.message),
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": severity(f.severity),
                "location": {
                    "path": f.location.path,
                    "lines": { "begin": f.location.line },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// GitLab's scale is info, minor, major, critical, blocker. An error here
/// breaks the deploy, which GitLab calls critical.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}
