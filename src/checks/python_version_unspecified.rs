use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS504",
    name: "python-version-unspecified",
    severity: Severity::Warning,
    summary: "No file names the Python version, so each platform picks its own default",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS504"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let python = &cx.app.python;
    if !python.misspelt.is_empty() || !python.problems.is_empty() {
        return Vec::new();
    }
    // A file only some platforms read leaves the others on their default
    // (Heroku reads neither app.yaml nor .tool-versions).
    let unnamed: Vec<Platform> = if python.sources.is_empty() {
        CHECK.platforms.to_vec()
    } else {
        CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| {
                // Where `.python-version` (the fix offered) would be read.
                let profile = p.profile();
                profile
                    .python_precedence()
                    .contains(&crate::python_version::SourceKind::PythonVersionFile)
                    && profile.picks(&python.sources, |s| s.kind).is_none()
            })
            .collect()
    };
    if unnamed.is_empty() {
        return Vec::new();
    }
    let ignored: Vec<&str> = python.sources.iter().map(|s| s.kind.describe()).collect();
    // uv projects need it on Heroku (catalogue A7): say so.
    let uv = cx.root_has("uv.lock");
    let location = cx.anchor(&["requirements.txt", "pyproject.toml", "Pipfile", "Procfile"]);
    let mut finding = CHECK
        .finding(
            cx,
            location,
            if !ignored.is_empty() {
                format!(
                    "{} {} no file that names the Python version ({} is not read there), so {} with {} default",
                    crate::platform::describe(&unnamed),
                    if unnamed.len() == 1 { "reads" } else { "read" },
                    ignored.join(", "),
                    if unnamed.len() == 1 { "it builds" } else { "each builds" },
                    if unnamed.len() == 1 { "its" } else { "its own" }
                )
            } else if uv {
                "no `.python-version`: Heroku requires one for uv projects, and every platform otherwise picks its own default Python".to_string()
            } else {
                "no file names the Python version: each platform builds with its own default (Heroku warns \"No Python version was specified\"), so the version changes under you".to_string()
            },
        )
        .with_help("create `.python-version` containing the major version you test with, e.g. `3.13` (`uv python pin 3.13`)")
        .with_subject(".python-version")
        .with_platforms(&unnamed);
    if uv
        && unnamed
            .iter()
            .any(|p| matches!(p, Platform::Heroku | Platform::Dokku))
    {
        // The Heroku buildpacks (Heroku, Dokku) stop; elsewhere it stays a warning.
        finding = finding.with_severity(Severity::Error);
        finding.severity_on = unnamed
            .iter()
            .filter(|p| !matches!(p, Platform::Heroku | Platform::Dokku))
            .map(|p| (*p, Severity::Warning))
            .collect();
    }
    vec![finding]
}
