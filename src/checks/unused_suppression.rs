//! PAAS910 is produced by the suppression pass ([`crate::suppress`]), after
//! every other check has run; this entry gives it a code, docs and a rule.

use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS910",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A `# paaslint: ignore[…]` comment suppresses nothing",
    // Not a platform problem, but a stale comment can hide one on any platform.
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS910"),
    run,
};

fn run(_cx: &Context) -> Vec<Finding> {
    Vec::new()
}
