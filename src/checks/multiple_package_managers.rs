use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS105",
    name: "multiple-package-managers",
    severity: Severity::Error,
    summary: "More than one of requirements.txt, Pipfile.lock, poetry.lock, uv.lock, pdm.lock",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Railway,
        Platform::Fly,
    ],
    doc: check_doc!("PAAS105"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let managers = cx.managers();
    if managers.len() < 2 {
        return Vec::new();
    }
    let files: Vec<String> = managers.iter().map(|m| cx.app.path(m.marker())).collect();
    let list = files
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let location = cx
        .project
        .file(&files[0])
        .map(Location::file_start)
        .unwrap_or_else(|| Location::path_only(files[0].clone()));
    let mut finding = CHECK
        .finding(
            cx,
            location,
            format!("several package managers at once ({list}): Heroku stops with \"Multiple Python package manager files were found\"; Railway and Fly silently pick one"),
        )
        .with_help("keep the one you use and delete the others' files")
        .with_subject(managers.iter().map(|m| m.name().to_ascii_lowercase()).collect::<Vec<_>>().join("+"))
        .with_data("files", files.clone());
    for other in files.iter().skip(1) {
        finding = finding.with_related(
            Location::path_only(other.clone()),
            "also a package manager file",
        );
    }
    vec![finding]
}
