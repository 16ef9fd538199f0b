use super::{check_doc, Check, Context};
use crate::discover::{file_name, parent};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS203",
    name: "procfile-in-subfolder",
    severity: Severity::Error,
    summary: "The Procfile is in a subfolder, where platforms do not look",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Railway,
        Platform::Google,
    ],
    doc: check_doc!("PAAS203"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if cx.root_has("Procfile") {
        return Vec::new();
    }
    let found = cx.nested_files_named(|p| file_name(p) == "Procfile");
    let Some(first) = found.first() else {
        return Vec::new();
    };
    let location = cx
        .project
        .file(first)
        .map(Location::file_start)
        .unwrap_or_else(|| Location::path_only(first.clone()));
    let folder = parent(first);
    vec![CHECK
        .finding(
            cx,
            location,
            format!("no Procfile at the app root `{}`; found `{first}`, which platforms do not read", cx.app.display_root()),
        )
        .with_help(format!("move it to the app root (`git mv {first} {}`), or set the platform's root directory to `{folder}`", cx.app.path("Procfile")))
        .with_subject("Procfile")
        .with_data("found", found.clone())]
}
