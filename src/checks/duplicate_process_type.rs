use std::collections::HashMap;

use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS207",
    name: "duplicate-process-type",
    severity: Severity::Warning,
    summary: "The same process type is declared twice; only the last one runs",
    platforms: &[Platform::Heroku, Platform::Dokku],
    doc: check_doc!("PAAS207"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let (Some(procfile), Some(file)) =
        (&cx.app.procfile, cx.project.file(&cx.app.path("Procfile")))
    else {
        return Vec::new();
    };
    // Both sides of a merge conflict declare the same types; PAAS902 reports the conflict.
    if procfile.has_conflict_markers {
        return Vec::new();
    }
    let mut first_seen = HashMap::new();
    let mut out = Vec::new();
    for entry in &procfile.entries {
        match first_seen.get(entry.name.as_str()) {
            None => {
                first_seen.insert(entry.name.as_str(), entry);
            }
            Some(first) => out.push(
                CHECK
                    .finding(
                        cx,
                        Location::in_file(file, entry.name_span),
                        format!("process type `{}` is declared again: Heroku keeps only this last one, Dokku's procfile-util rejects the file", entry.name),
                    )
                    .with_label("declared again here")
                    .with_related(Location::in_file(file, first.name_span), "first declared here")
                    .with_help("keep one line per process type")
                    .with_subject(entry.name.clone()),
            ),
        }
    }
    out
}
