use super::entry_facts::in_file;
use super::python_patch_availability::{newest_by_platform, patch_statuses, PatchStatus};
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
    let rows: Vec<_> = patch_statuses(cx, CHECK.platforms)
        .into_iter()
        .filter_map(|(p, source, status)| match status {
            PatchStatus::Outdated { newest } => Some((p, source, newest)),
            PatchStatus::Unavailable { .. } => None,
        })
        .collect();
    let Some((first_platform, source, _)) = rows.first() else {
        return Vec::new();
    };
    let platforms: Vec<Platform> = rows.iter().map(|(p, _, _)| *p).collect();
    let newest: Vec<_> = rows.iter().map(|(p, _, n)| (*p, *n)).collect();
    let requested = source.version.map(|v| v.to_string()).unwrap_or_default();
    let words = first_platform
        .facts()
        .python
        .messages
        .as_ref()
        .map(|m| m.value.outdated.clone())
        .unwrap_or_default();
    let minor = source.version.map(|v| v.minor_string()).unwrap_or_default();
    vec![CHECK
        .finding(
            cx,
            in_file(cx, &source.path, source.span),
            format!(
                "Python {requested} has newer security patches on {}: the build warns \"{words}\"",
                newest_by_platform(&newest)
            ),
        )
        .with_label(format!("Python {requested} is not the newest {minor}"))
        .with_help(format!(
            "name the minor version only (`{minor}`), so every build gets the newest patch"
        ))
        .with_platforms(&platforms)
        .with_subject(source.kind.describe())
        .with_data("requested", requested)]
}
