use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::parse::procfile::{corrected_process_type, process_type_problem};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS206",
    name: "invalid-process-type",
    severity: Severity::Error,
    summary: "A process type name outside Heroku's rule (lowercase letters, digits, `-`, at most 63 characters)",
    platforms: &[Platform::Heroku, Platform::Dokku],
    doc: check_doc!("PAAS206"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let (Some(procfile), Some(file)) =
        (&cx.app.procfile, cx.project.file(&cx.app.path("Procfile")))
    else {
        return Vec::new();
    };
    procfile
        .entries
        .iter()
        .filter_map(|entry| {
            let problem = process_type_problem(&entry.name)?;
            // `_` alone: the classic Heroku builder and Dokku run the process as
            // named; only Heroku's newer builder renames it (with a warning).
            let underscore_only = entry.name.contains('_')
                && process_type_problem(&entry.name.replace('_', "-")).is_none();
            if underscore_only {
                let fixed = entry.name.replace('_', "-");
                let mut finding = CHECK
                    .finding(
                        cx,
                        Location::in_file(file, entry.name_span),
                        format!("process type `{}` contains `_`: Heroku's classic builder and Dokku accept it, but Heroku's newer builder (Cloud Native Buildpacks) renames it to `{fixed}` with a warning, so scaling or referring to `{}` stops matching", entry.name, entry.name),
                    )
                    .with_label("`_` in a process type")
                    .with_help(format!("rename it to `{fixed}`, which every builder accepts unchanged"))
                    .with_subject(entry.name.clone());
                finding.severity = Severity::Warning;
                return Some(finding);
            }
            let help = match corrected_process_type(&entry.name) {
                Some(fixed) => format!("rename it to `{fixed}` (Heroku's newer builder makes this correction itself, with a warning; the classic one and Dokku do not)"),
                None => "use only lowercase letters, digits and `-`, starting and ending with a letter or digit".to_string(),
            };
            Some(
                CHECK
                    .finding(
                        cx,
                        Location::in_file(file, entry.name_span),
                        format!("process type `{}` {problem}", entry.name),
                    )
                    .with_label("invalid process type")
                    .with_help(help)
                    .with_subject(entry.name.clone()),
            )
        })
        .collect()
}
