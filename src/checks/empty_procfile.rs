use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS204",
    name: "empty-procfile",
    severity: Severity::Error,
    summary: "The Procfile declares no process",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Railway,
    ],
    doc: check_doc!("PAAS204"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(procfile) = &cx.app.procfile else {
        return Vec::new();
    };
    let path = cx.app.path("Procfile");
    let Some(file) = cx.project.file(&path) else {
        return Vec::new();
    };
    // A binary or undecodable file is reported by PAAS901/PAAS903 instead.
    if !procfile.entries.is_empty() || !procfile.bad_lines.is_empty() || file.encoding.is_problem()
    {
        return Vec::new();
    }
    let location = if file.text.trim().is_empty() {
        Location::path_only(path.clone())
    } else {
        Location::file_start(file)
    };
    vec![CHECK
        .finding(cx, location, format!("`{path}` declares no process: Heroku's builder stops with \"Empty file, no processes defined\""))
        .with_help("add a line such as `web: gunicorn myproject.wsgi`")
        .with_subject("Procfile")]
}
