//! Layer `run`: baselines that hide known findings.
//!
//! Baselines, so an old repository can adopt paaslint and fail only on new
//! problems: `--write-baseline FILE` records today's findings, `--baseline
//! FILE` hides them. Entries are keyed by [`Finding::fingerprint`], which has
//! no line number, so edits elsewhere in a file keep them matching.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    pub path: String,
    pub fingerprint: String,
}

impl Entry {
    pub fn of(f: &Finding) -> Self {
        Self {
            code: f.code.to_string(),
            path: f.location.path.clone(),
            fingerprint: f.fingerprint(),
        }
    }
}

/// The file's text: a JSON array of entries, sorted, one per finding.
pub fn render(findings: &[Finding]) -> String {
    let mut entries: Vec<Entry> = findings.iter().map(Entry::of).collect();
    entries.sort_by(|a, b| {
        (&a.path, &a.code, &a.fingerprint).cmp(&(&b.path, &b.code, &b.fingerprint))
    });
    let mut out = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

pub fn write(path: &Path, findings: &[Finding]) -> Result<(), String> {
    std::fs::write(path, render(findings))
        .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))
}

pub fn read(path: &Path) -> Result<Vec<Entry>, String> {
    // A baseline of a big repository is a few MiB at most.
    let text = crate::source::read_small_text(path, true, 64 * crate::source::MAX_READ_BYTES)
        .map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a paaslint baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Findings not in the baseline, and how many were hidden. Each entry hides
/// one finding, so a second identical problem still shows.
pub fn filter(findings: Vec<Finding>, baseline: &[Entry]) -> (Vec<Finding>, usize) {
    let mut remaining: HashMap<&Entry, usize> = HashMap::new();
    for entry in baseline {
        *remaining.entry(entry).or_insert(0) += 1;
    }
    let mut hidden = 0;
    let kept = findings
        .into_iter()
        .filter(|f| {
            let entry = Entry::of(f);
            match remaining.get_mut(&entry) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    hidden += 1;
                    false
                }
                _ => true,
            }
        })
        .collect();
    (kept, hidden)
}
