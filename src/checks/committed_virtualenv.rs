use super::{check_doc, Check, Context};
use crate::discover::PruneReason;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS108",
    name: "committed-virtualenv",
    severity: Severity::Error,
    summary: "A virtualenv folder that is not git-ignored would be uploaded with the app",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS108"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.project
        .inventory
        .pruned
        .iter()
        .filter(|d| d.reason == PruneReason::Virtualenv)
        .filter(|d| cx.project.app_of(&d.path).is_some_and(|a| std::ptr::eq(a, cx.app)))
        .map(|d| {
            let name = crate::discover::file_name(&d.path);
            CHECK
                .finding(
                    cx,
                    Location::path_only(format!("{}/", d.path)),
                    format!("`{}/` is a virtualenv and is not git-ignored: its machine-specific interpreter would be uploaded, and Heroku stops (\"Existing '{name}/' directory found\")", d.path),
                )
                .with_help(format!("run `git rm -r --cached {0}` and add `{name}/` to .gitignore", d.path))
                .with_subject(d.path.clone())
                .with_platforms(&[Platform::Heroku, Platform::Dokku])
        })
        .collect()
}
