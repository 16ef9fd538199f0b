use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS501",
    name: "misspelt-python-version-file",
    severity: Severity::Error,
    summary:
        "A misspelt .python-version file (.python_version, python-version, .python-version.txt, …)",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Railway,
        Platform::Google,
        Platform::Render,
    ],
    doc: check_doc!("PAAS501"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .python
        .misspelt
        .iter()
        .map(|path| {
            let name = crate::discover::file_name(path);
            CHECK
                .finding(cx, Location::path_only(path.clone()), format!("`{path}` looks like a misspelt `.python-version`: Heroku stops (\"Your .python-version file is spelled incorrectly\") and other platforms ignore it"))
                .with_help(format!("rename it: `git mv '{name}' .python-version`"))
                .with_subject(name.to_string())
        })
        .collect()
}
