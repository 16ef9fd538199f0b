use super::python_patch_availability::patch_finding;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS508",
    name: "python-patch-outdated",
    severity: Severity::Warning,
    summary: "The exact Python patch version named is older than the newest the builder publishes",
    platforms: &[Platform::Heroku, Platform::Digitalocean],
    doc: check_doc!("PAAS508"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    patch_finding(cx, &CHECK, false)
}
