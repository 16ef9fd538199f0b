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
    if !python.sources.is_empty() || !python.misspelt.is_empty() || !python.problems.is_empty() {
        return Vec::new();
    }
    // uv projects need it on Heroku (catalogue A7): say so.
    let uv = cx.root_has("uv.lock");
    let location = cx.anchor(&["requirements.txt", "pyproject.toml", "Pipfile", "Procfile"]);
    let mut finding = CHECK
        .finding(
            cx,
            location,
            if uv {
                "no `.python-version`: Heroku requires one for uv projects, and every platform otherwise picks its own default Python".to_string()
            } else {
                "no file names the Python version: each platform builds with its own default (Heroku warns \"No Python version was specified\"), so the version changes under you".to_string()
            },
        )
        .with_help("create `.python-version` containing the major version you test with, e.g. `3.13` (`uv python pin 3.13`)")
        .with_subject(".python-version");
    if uv {
        // The Heroku buildpacks (Heroku, Dokku) stop; elsewhere it stays a warning.
        finding = finding.with_severity(Severity::Error);
        finding.severity_on = CHECK
            .platforms
            .iter()
            .filter(|p| !matches!(p, Platform::Heroku | Platform::Dokku))
            .map(|p| (*p, Severity::Warning))
            .collect();
    }
    vec![finding]
}
