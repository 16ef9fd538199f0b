use super::entry_facts::in_file;
use super::python_patch_availability::{newest_by_platform, patch_statuses, PatchStatus};
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
    let rows: Vec<_> = patch_statuses(cx, CHECK.platforms)
        .into_iter()
        .filter_map(|(p, source, status)| match status {
            PatchStatus::Unavailable { newest } => Some((p, source, newest)),
            PatchStatus::Outdated { .. } => None,
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
        .map(|m| m.value.unavailable.clone())
        .unwrap_or_default();
    let minor = source.version.map(|v| v.minor_string()).unwrap_or_default();
    vec![CHECK
        .finding(
            cx,
            in_file(cx, &source.path, source.span),
            format!(
                "Python {requested} is not published for {}: the build stops with \"{words}\"",
                newest_by_platform(&newest)
            ),
        )
        .with_label(format!("Python {requested} does not exist there"))
        .with_help(format!(
            "name the minor version only (`{minor}`), so the builder installs its newest patch"
        ))
        .with_platforms(&platforms)
        .with_subject(source.kind.describe())
        .with_data("requested", requested)]
}
