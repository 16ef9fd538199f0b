use super::python_patch_availability::patch_finding;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS507",
    name: "python-patch-unavailable",
    severity: Severity::Error,
    summary: "The exact Python patch version named is not one the platform's builder publishes",
    platforms: &[Platform::Heroku, Platform::Digitalocean],
    doc: check_doc!("PAAS507"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    patch_finding(cx, &CHECK, true)
}
