use super::names::is_misnamed_procfile;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS202",
    name: "misnamed-procfile",
    severity: Severity::Error,
    summary:
        "A Procfile with the wrong name (procfile, Procfile.txt, PROCFILE, …) that platforms ignore",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Railway,
        Platform::Google,
    ],
    doc: check_doc!("PAAS202"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if cx.root_has("Procfile") {
        return Vec::new();
    }
    cx.root_file_names()
        .filter(|n| is_misnamed_procfile(n))
        .map(|name| {
            let path = cx.app.path(name);
            let mv = if name.eq_ignore_ascii_case("Procfile") { "git mv -f" } else { "git mv" };
            CHECK
                .finding(
                    cx,
                    Location::path_only(path.clone()),
                    format!("`{path}` looks like a Procfile, but platforms read only a file named exactly `Procfile` (no extension, capital P)"),
                )
                .with_help(format!("rename it: `{mv} '{name}' Procfile`"))
                .with_subject(name.to_string())
                .with_data("rename_to", cx.app.path("Procfile"))
        })
        .collect()
}
