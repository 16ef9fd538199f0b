use super::names::Manager;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::{describe, Platform};

pub static CHECK: Check = Check {
    code: "PAAS104",
    name: "non-pip-package-manager",
    severity: Severity::Warning,
    summary: "Dependencies come from uv, Poetry, Pipenv or PDM, which not every platform reads",
    platforms: &[
        Platform::Render,
        Platform::Digitalocean,
        Platform::Azure,
        Platform::Openshift,
        Platform::Google,
        Platform::Heroku,
        Platform::Dokku,
    ],
    doc: check_doc!("PAAS104"),
    run,
};

/// Platforms whose default build does not install from this manager's files
/// (catalogue §1 A and §2).
fn unsupported(manager: Manager) -> &'static [Platform] {
    use Platform::*;
    match manager {
        Manager::Pip => &[],
        Manager::Uv | Manager::Poetry => &[Render, Digitalocean, Azure, Openshift],
        Manager::Pipenv => &[Render, Google, Azure],
        Manager::Pdm => &[
            Heroku,
            Dokku,
            Render,
            Digitalocean,
            Azure,
            Openshift,
            Google,
        ],
    }
}

fn export_command(manager: Manager) -> &'static str {
    match manager {
        Manager::Uv => "uv export --no-hashes --format requirements-txt -o requirements.txt",
        Manager::Poetry => "poetry export -f requirements.txt -o requirements.txt",
        Manager::Pipenv => "pipenv requirements > requirements.txt",
        Manager::Pdm => "pdm export -o requirements.txt --without-hashes",
        Manager::Pip => "",
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    let managers = cx.managers();
    if managers.contains(&Manager::Pip) || managers.len() != 1 {
        return Vec::new();
    }
    let manager = managers[0];
    let platforms = unsupported(manager);
    let location = cx.anchor(&["pyproject.toml", "Pipfile"]);
    vec![CHECK
        .finding(
            cx,
            location,
            format!(
                "dependencies are locked with {} (`{}`) and there is no requirements.txt: {} install nothing from it by default",
                manager.name(),
                manager.marker(),
                describe(platforms)
            ),
        )
        .with_help(format!(
            "if you deploy there, set the platform's build command, or generate requirements.txt with `{}` in the build (committing both files makes Heroku stop, see PAAS105)",
            export_command(manager)
        ))
        .with_subject(manager.name().to_ascii_lowercase())
        .with_platforms(platforms)
        .with_data("manager", manager.name().to_ascii_lowercase())]
}
