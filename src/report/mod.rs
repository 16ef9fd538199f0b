//! Layer `report`: findings, verdicts and profiles into each output format.
//!
//! Reports: each output format serializes the same findings.

pub mod concise;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod platforms;
pub mod sarif;

use crate::finding::{Finding, Severity};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut summary = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => summary.error += 1,
                Severity::Warning => summary.warning += 1,
                Severity::Info => summary.info += 1,
            }
        }
        summary
    }

    pub fn total(&self) -> usize {
        self.error + self.warning + self.info
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The one-line summary printed after human output.
pub fn summary_line(findings: &[Finding], apps: usize) -> String {
    let s = Summary::of(findings);
    let scope = if apps == 1 {
        String::new()
    } else {
        format!(" in {} apps", apps)
    };
    if s.total() == 0 {
        return format!("No problems found{scope}.");
    }
    format!(
        "Found {}{scope}: {}, {}, {}.",
        plural(s.total(), "problem"),
        plural(s.error, "error"),
        plural(s.warning, "warning"),
        s.info.to_string() + " info"
    )
}

/// Each finding's [`Finding::fingerprint`], made unique within one report:
/// GitLab and GitHub merge results that share one. The second of two equal
/// fingerprints gets the hash of the first plus its occurrence number.
pub fn unique_fingerprints(findings: &[Finding]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    findings
        .iter()
        .map(|f| {
            let base = f.fingerprint();
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                let digest = Sha256::digest(format!("{base}:{count}").as_bytes());
                digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
            }
        })
        .collect()
}
