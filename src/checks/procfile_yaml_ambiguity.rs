use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS209",
    name: "procfile-yaml-ambiguity",
    severity: Severity::Warning,
    summary: "A Procfile line that Railway's and Dokku's YAML-based readers read differently",
    platforms: &[Platform::Railway, Platform::Dokku],
    doc: check_doc!("PAAS209"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let (Some(procfile), Some(file)) =
        (&cx.app.procfile, cx.project.file(&cx.app.path("Procfile")))
    else {
        return Vec::new();
    };
    // Lines that are wrong for every reader are reported by PAAS205; a YAML
    // reader stopping on them adds nothing.
    let malformed = !procfile.bad_lines.is_empty()
        || procfile
            .entries
            .iter()
            .any(|e| e.command.is_empty() || e.command.starts_with('#'));
    if file.encoding.is_problem() || malformed {
        return Vec::new();
    }
    procfile
        .yaml_divergences
        .iter()
        .map(|d| {
            CHECK
                .finding(cx, Location::in_file(file, d.span), format!("Railway and Dokku read the Procfile as YAML, and this line differs there: {}", d.detail))
                .with_label("read differently as YAML")
                .with_help("write each line as `type: command` with one space after the colon, and do not quote the whole command")
        })
        .collect()
}
