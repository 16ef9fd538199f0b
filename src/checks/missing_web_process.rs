use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::parse::procfile::corrected_process_type;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS208",
    name: "missing-web-process",
    severity: Severity::Error,
    summary: "The Procfile has no `web` process, but the app serves HTTP",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Railway,
    ],
    doc: check_doc!("PAAS208"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let (Some(procfile), Some(file)) =
        (&cx.app.procfile, cx.project.file(&cx.app.path("Procfile")))
    else {
        return Vec::new();
    };
    if procfile.entries.is_empty() || procfile.web().is_some() || !cx.serves_http() {
        return Vec::new();
    }
    // `Web:` is reported by PAAS206 with its correction.
    if procfile
        .entries
        .iter()
        .any(|e| corrected_process_type(&e.name).as_deref() == Some("web"))
    {
        return Vec::new();
    }
    let first = &procfile.entries[0];
    let names: Vec<_> = procfile
        .entries
        .iter()
        .map(|e| format!("`{}`", e.name))
        .collect();
    vec![CHECK
        .finding(
            cx,
            Location::in_file(file, first.name_span),
            format!("the Procfile declares {} but no `web` process: Heroku routes HTTP only to `web`, and Railway falls back to running `{}`", names.join(", "), first.name),
        )
        .with_label("no `web` among these")
        .with_help("add a `web:` line that starts the HTTP server, e.g. `web: gunicorn myproject.wsgi`")
        .with_subject("web")]
}
