use super::names::is_misspelt_requirements;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS103",
    name: "misspelt-requirements-file",
    severity: Severity::Error,
    summary:
        "A misspelt requirements file (requirement.txt, Requirements.txt, …) that builders ignore",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS103"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if cx.root_has("requirements.txt") {
        return Vec::new();
    }
    cx.root_file_names()
        .filter(|name| is_misspelt_requirements(name))
        .map(|name| {
            let path = cx.app.path(name);
            let case_only = name.eq_ignore_ascii_case("requirements.txt");
            let mv = if case_only { "git mv -f" } else { "git mv" };
            CHECK
                .finding(
                    cx,
                    Location::path_only(path.clone()),
                    format!("`{path}` looks like a misspelt requirements.txt; builders look only for the exact name"),
                )
                .with_help(format!("rename it: `{mv} '{name}' requirements.txt`"))
                .with_subject(name.to_string())
                .with_data("rename_to", cx.app.path("requirements.txt"))
        })
        .collect()
}
