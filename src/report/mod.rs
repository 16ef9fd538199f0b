//! Reports: each output format serializes the same findings.

pub mod human;
pub mod json;

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
