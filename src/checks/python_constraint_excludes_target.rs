use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::parse::lockfile::LockKind;
use crate::platform::{describe, Platform};
use crate::profile::{target_python, PythonOrigin};
use crate::python_version::SourceKind;

pub static CHECK: Check = Check {
    code: "PAAS509",
    name: "python-constraint-excludes-platform-python",
    severity: Severity::Error,
    summary: "The project's Python constraint excludes the Python the platform installs, and its package manager refuses to install",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS509"),
    run,
};

/// The package manager that enforces the project's Python constraint at
/// install time, if any: uv (`uv sync --locked`) and Poetry refuse a Python
/// outside it; pip with requirements.txt and Pipenv do not.
fn enforcing_manager(cx: &Context) -> Option<&'static str> {
    let locks = &cx.app.deps.locks;
    if locks.iter().any(|l| l.kind == LockKind::Uv) {
        Some("uv")
    } else if locks.iter().any(|l| l.kind == LockKind::Poetry) {
        Some("Poetry")
    } else {
        None
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    let Some(manager) = enforcing_manager(cx) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for constraint in &cx.app.python.constraints {
        // uv reads requires-python; Poetry its own `python` and requires-python.
        let applies = match manager {
            "uv" => constraint.what == "requires-python",
            _ => constraint.what != "Pipfile `python_version`",
        };
        if !applies {
            continue;
        }
        // Platforms grouped by the version they install and where it comes from.
        let mut groups: Vec<(String, String, Vec<Platform>)> = Vec::new();
        for platform in Platform::ALL {
            let target = target_python(cx.app, platform);
            // A Docker build installs what its Dockerfile says, not what the
            // platform's Python builder would: that is judged elsewhere.
            if target.source == PythonOrigin::Dockerfile {
                continue;
            }
            let Some(version) = target.version else {
                continue;
            };
            if constraint.admits(&version) {
                continue;
            }
            let (v, from) = (version.to_string(), target.origin_label());
            match groups
                .iter_mut()
                .find(|(gv, gf, _)| *gv == v && *gf == from)
            {
                Some((_, _, platforms)) => platforms.push(platform),
                None => groups.push((v, from, vec![platform])),
            }
        }
        if groups.is_empty() {
            continue;
        }
        let platforms: Vec<Platform> = groups.iter().flat_map(|(_, _, p)| p.clone()).collect();
        // uv stops where it must use the builder's Python, and wherever
        // `.python-version` (which uv reads too) names the version; elsewhere
        // it may download a Python that fits (or stop): a warning there.
        let uv_may_fetch: Vec<Platform> = platforms
            .iter()
            .copied()
            .filter(|p| {
                manager == "uv"
                    && !matches!(
                        target_python(cx.app, *p).source,
                        PythonOrigin::File {
                            kind: SourceKind::PythonVersionFile,
                            ..
                        }
                    )
                    && !p
                        .facts()
                        .python
                        .uv_uses_builder_python_only
                        .as_ref()
                        .is_some_and(|f| f.value)
            })
            .collect();
        let installs = groups
            .iter()
            .map(|(v, from, p)| {
                let verb = if p.len() == 1 { "installs" } else { "install" };
                format!("{} {verb} Python {v} ({from})", describe(p))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut data = serde_json::Map::new();
        for (v, _, ps) in &groups {
            for p in ps {
                data.insert(p.id().to_string(), v.clone().into());
            }
        }
        let mut finding = CHECK
                .finding(
                    cx,
                    in_file(cx, &constraint.path, constraint.span),
                    format!(
                        "{} `{}` excludes the Python these platforms install, and {manager} refuses to install for it: {installs}{}",
                        constraint.what,
                        constraint.raw,
                        if uv_may_fetch.is_empty() {
                            String::new()
                        } else {
                            format!(
                                " (on {} uv may download a Python that fits instead)",
                                describe(&uv_may_fetch)
                            )
                        }
                    ),
                )
                .with_label("excludes the platform's Python")
                .with_help(format!(
                    "name a version {} admits in `.python-version` (e.g. `uv python pin X.Y`), or widen the constraint",
                    constraint.what
                ))
                .with_platforms(&platforms)
                .with_subject(constraint.what)
                .with_data("installs", data);
        finding.severity_on = uv_may_fetch
            .iter()
            .map(|p| (*p, Severity::Warning))
            .collect();
        out.push(finding);
    }
    out
}
