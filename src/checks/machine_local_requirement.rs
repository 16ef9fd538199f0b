use super::dependency_facts::dependency_location;
use super::{check_doc, Check, Context};
use crate::deps::{resolve_relative, Dependency};
use crate::discover::parent;
use crate::finding::{Finding, Severity};
use crate::parse::requirements::is_windows_drive;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS114",
    name: "machine-local-requirement",
    severity: Severity::Error,
    summary: "A dependency installs from a path that exists only on the developer's machine",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS114"),
    run,
};

/// Why a requirement's path cannot exist on a builder, if it cannot.
fn problem(cx: &Context, dep: &Dependency) -> Option<(&'static str, String)> {
    let location = dep.location.as_deref()?.trim();
    let path = location
        .split(['#', ';', '['])
        .next()
        .unwrap_or(location)
        .trim();
    if path.starts_with("file://") {
        let local = path.trim_start_matches("file://");
        if local.starts_with('/') || is_windows_drive(local.trim_start_matches('/')) {
            return Some(("file-url", format!("`{path}` is a file on the machine that wrote it (conda's and pip's freeze write these)")));
        }
    }
    if path.contains("://") || path.starts_with("git+") {
        return None;
    }
    if path.starts_with('/')
        || path.starts_with('~')
        || is_windows_drive(path)
        || path.starts_with("\\\\")
    {
        return Some((
            "absolute-path",
            format!("`{path}` is an absolute path on the machine that wrote it"),
        ));
    }
    let relative = path.strip_prefix("file:").unwrap_or(path);
    // `pkg.whl` or `./lib`: relative to the manifest's folder (pip resolves
    // requirement-file paths against the current folder, which is the app
    // root on builders).
    let base = match dep.manifest {
        crate::deps::ManifestKind::Requirements => cx.app.root.as_str(),
        _ => parent(&dep.file),
    };
    match resolve_relative(base, relative) {
        None => Some((
            "outside-repo",
            format!("`{path}` points outside the repository, which the builder does not have"),
        )),
        Some(resolved)
            if !resolved.is_empty()
                && resolved != cx.app.root
                && cx.project.inventory.get(&resolved).is_none() =>
        {
            Some((
                "missing-path",
                format!("`{path}` does not exist in the repository"),
            ))
        }
        Some(_) => None,
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .deps
        .declared
        .iter()
        .filter_map(|dep| {
            let (kind, why) = problem(cx, dep)?;
            let name = if dep.name.is_empty() { dep.text.clone() } else { dep.name.clone() };
            Some(
                CHECK
                    .finding(
                        cx,
                        dependency_location(cx, dep),
                        format!("{why}: installing it fails on every builder"),
                    )
                    .with_label("not on the builder")
                    .with_help(if dep.name.is_empty() {
                        "replace it with the package name and version from PyPI, or commit the package inside the repository and refer to it by a relative path".to_string()
                    } else {
                        format!("replace it with `{}==VERSION` from PyPI (`pip list --format=freeze` writes versions, not paths), or commit the package inside the repository and refer to it by a relative path", dep.name)
                    })
                    .with_subject(name)
                    .with_data("kind", kind),
            )
        })
        .collect()
}
