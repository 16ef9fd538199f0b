use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::{describe, Platform};
use crate::python_version::VersionSource;

pub static CHECK: Check = Check {
    code: "PAAS506",
    name: "python-versions-disagree",
    severity: Severity::Warning,
    summary: "Two version sources name different Python versions, or requires-python excludes the pinned one",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS506"),
    run,
};

/// "Heroku and Dokku install 3.11 (from runtime.txt); Railway installs 3.12 (from .python-version)",
/// each platform's pick by the precedence its profile gives.
fn picks(sources: &[&VersionSource]) -> (String, serde_json::Map<String, serde_json::Value>) {
    let mut groups: Vec<(&VersionSource, Vec<Platform>)> = Vec::new();
    let mut data = serde_json::Map::new();
    for platform in Platform::ALL {
        let Some(source) = platform.profile().picks(sources, |s| s.kind) else {
            continue;
        };
        let minor = source.version.map(|v| v.minor_string()).unwrap_or_default();
        data.insert(platform.id().to_string(), minor.into());
        match groups.iter_mut().find(|(s, _)| std::ptr::eq(*s, *source)) {
            Some((_, platforms)) => platforms.push(platform),
            None => groups.push((source, vec![platform])),
        }
    }
    let text = groups
        .iter()
        .map(|(source, platforms)| {
            let verb = if platforms.len() == 1 {
                "installs"
            } else {
                "install"
            };
            let minor = source.version.map(|v| v.minor_string()).unwrap_or_default();
            format!(
                "{} {verb} {minor} (from {})",
                describe(platforms),
                source.kind.describe()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    (text, data)
}

fn run(cx: &Context) -> Vec<Finding> {
    let python = &cx.app.python;
    let versioned: Vec<_> = python
        .sources
        .iter()
        .filter(|s| s.version.is_some())
        .collect();
    let mut out = Vec::new();
    if let Some(first) = versioned.first() {
        let first_minor = first.version.map(|v| (v.major, v.minor));
        if let Some(other) = versioned
            .iter()
            .skip(1)
            .find(|s| s.version.map(|v| (v.major, v.minor)) != first_minor)
        {
            let (a, b) = (
                first.version.map(|v| v.minor_string()).unwrap_or_default(),
                other.version.map(|v| v.minor_string()).unwrap_or_default(),
            );
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &other.path, other.span),
                        format!(
                            "{} says Python {b}, but {} says {a}: {}",
                            other.kind.describe(),
                            first.kind.describe(),
                            picks(&versioned).0
                        ),
                    )
                    .with_data("installs", picks(&versioned).1)
                    .with_label(format!("Python {b}"))
                    .with_related(in_file(cx, &first.path, first.span), format!("Python {a}"))
                    .with_help(
                        "name one version, in .python-version, and delete or align the others",
                    )
                    .with_subject("python-version"),
            );
        }
        // uv and Poetry refuse to install outside it: PAAS509 reports that, per platform.
        let enforced = cx.app.deps.locks.iter().any(|l| {
            matches!(
                l.kind,
                crate::parse::lockfile::LockKind::Uv | crate::parse::lockfile::LockKind::Poetry
            )
        });
        if let (Some(version), Some((path, span, spec)), false) =
            (first.version, &python.requires_python, enforced)
        {
            if !python.requires_python_admits(&version) {
                out.push(
                    CHECK
                        .finding(
                            cx,
                            in_file(cx, path, *span),
                            format!("requires-python `{spec}` excludes Python {}, which {} names: the install fails there", version.minor_string(), first.kind.describe()),
                        )
                        .with_label("excludes the pinned version")
                        .with_related(in_file(cx, &first.path, first.span), "the version platforms install")
                        .with_help("make requires-python admit the version you deploy")
                        .with_subject("requires-python"),
                );
            }
        }
    }
    out
}
