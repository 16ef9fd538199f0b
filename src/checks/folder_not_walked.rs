use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS905",
    name: "folder-not-walked",
    severity: Severity::Warning,
    summary: "A folder could not be listed, or holds an ignore file paaslint will not read; its files were not checked",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS905"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let first_app = cx
        .project
        .apps
        .first()
        .is_some_and(|a| std::ptr::eq(a, cx.app));
    cx.project
        .inventory
        .errors
        .iter()
        .filter(|(path, _)| match cx.project.app_of(path) {
            Some(app) => std::ptr::eq(app, cx.app),
            // Above the linted folder, or the walk's own error: once.
            None => first_app,
        })
        .map(|(path, error)| {
            let shown = if path.is_empty() { "." } else { path.as_str() };
            CHECK
                .finding(
                    cx,
                    Location::path_only(shown.to_string()),
                    format!("`{shown}`: {error}; findings about what the walk missed may be missing or wrong"),
                )
                .with_help("make the folder readable, and keep ignore files small regular files inside the repository")
                .with_subject(shown.to_string())
        })
        .collect()
}
