use super::{check_doc, Check, Context};
use crate::discover::{file_name, parent};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS102",
    name: "requirements-in-subfolder",
    severity: Severity::Error,
    summary: "requirements.txt is missing at the app root but present in a subfolder",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS102"),
    run,
};

/// `requirements.txt`, or any `.txt` in a `requirements/` folder.
pub fn is_requirements_file(path: &str) -> bool {
    let name = file_name(path);
    name == "requirements.txt"
        || (file_name(parent(path)) == "requirements" && name.ends_with(".txt"))
}

fn run(cx: &Context) -> Vec<Finding> {
    if !cx.managers().is_empty() || cx.root_has("Pipfile") || cx.root_has("pyproject.toml") {
        return Vec::new();
    }
    let found = cx.nested_files_named(is_requirements_file);
    let Some(first) = found.first() else {
        return Vec::new();
    };
    // Oryx installs a root setup.py instead (PythonBashBuildSnippet.sh.tpl:254, microsoft/Oryx
    // d91d836; its test builds tests/SampleApps/python/flask-setup-py-app, whose requirements sit
    // in requirements/req.txt), so there the nested file is only unused.
    let installs_setup_py: &[Platform] = if cx.root_has("setup.py") {
        &[Platform::Azure]
    } else {
        &[]
    };
    let root = cx.app.display_root();
    let relative = first
        .strip_prefix(&format!("{}/", cx.app.root))
        .unwrap_or(first);
    let in_requirements_dir = file_name(parent(first)) == "requirements";
    let help = if in_requirements_dir {
        let production = found
            .iter()
            .find(|p| {
                let n = file_name(p);
                n.starts_with("prod") || n.starts_with("production")
            })
            .unwrap_or(first);
        let production = production
            .strip_prefix(&format!("{}/", cx.app.root))
            .unwrap_or(production);
        format!("create requirements.txt at the app root containing the line `-r {production}`")
    } else {
        let folder = parent(relative);
        format!(
            "move it to the app root, or point the platform at `{folder}`: Render `rootDir`, Railway \"Root Directory\", DigitalOcean `source_dir`, or a subdirectory buildpack on Heroku"
        )
    };
    let mut finding = CHECK
        .finding(
            cx,
            Location::path_only(first.clone()),
            format!("no requirements.txt at the app root `{root}`; found `{first}`, which builders do not read"),
        )
        .with_help(help)
        .with_subject("requirements.txt")
        .with_data("found", found.clone());
    for other in found.iter().skip(1).take(4) {
        finding = finding.with_related(Location::path_only(other.clone()), "also here");
    }
    if !installs_setup_py.is_empty() {
        let platforms: Vec<Platform> = finding
            .platforms
            .iter()
            .copied()
            .filter(|p| !installs_setup_py.contains(p))
            .collect();
        finding = finding.with_platforms(&platforms);
    }
    vec![finding]
}
