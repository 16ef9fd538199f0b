use super::names::is_misspelt_requirements;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS101",
    name: "missing-requirements-file",
    severity: Severity::Error,
    summary: "No requirements.txt or other dependency manifest a builder can install from",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS101"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if !cx.managers().is_empty()
        || cx.root_has("Pipfile")
        || cx.root_has("setup.py")
        || cx.root_has("setup.cfg")
        || cx.root_file_names().any(is_misspelt_requirements)
        || !cx
            .nested_files_named(super::requirements_in_subfolder::is_requirements_file)
            .is_empty()
    {
        return Vec::new();
    }
    let missing = cx.app.path("requirements.txt");
    if cx.root_has("pyproject.toml") {
        let location = cx.anchor(&["pyproject.toml"]);
        return vec![CHECK
            .finding(
                cx,
                location,
                format!("`{missing}` is missing and pyproject.toml has no lock file: Heroku, Dokku and DigitalOcean stop with \"no supported package manager files\", and Railway installs nothing"),
            )
            .with_help("commit a lock file (`uv lock` or `poetry lock`), or write the dependencies to requirements.txt (`uv export --no-hashes --format requirements-txt -o requirements.txt`)")
            .with_subject("requirements.txt")
            .with_data("missing_path", missing)];
    }
    let location = cx.anchor(&["Procfile", "manage.py", "app.py", "main.py"]);
    vec![CHECK
        .finding(
            cx,
            location,
            format!("`{missing}` is missing: no dependency manifest at the app root, so builders install nothing or stop"),
        )
        .with_help("create requirements.txt at the app root listing your dependencies (`pip freeze > requirements.txt`; an empty file is valid when there are none)")
        .with_subject("requirements.txt")
        .with_data("missing_path", missing)]
}
