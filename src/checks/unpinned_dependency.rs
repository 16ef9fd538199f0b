use super::dependency_facts::dependency_location;
use super::names::WEB_PACKAGES;
use super::{check_doc, Check, Context};
use crate::deps::{Dependency, PinKind};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS110",
    name: "unpinned-dependency",
    severity: Severity::Warning,
    summary: "A web framework or server (with --strict-pins: any dependency) is installed at whatever version is newest",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS110"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let strict = cx.settings.strict_pins;
    let mut out = Vec::new();
    // Another declaration (a constraints file, requirements.txt exported
    // from a lock) may pin what this one leaves open. Gathered once: a
    // scan per dependency was quadratic in requirement lines.
    let pinned = |d: &Dependency| {
        if strict {
            d.pin == PinKind::Exact || d.locked.is_some()
        } else {
            d.is_pinned()
        }
    };
    let pinned_elsewhere: std::collections::HashSet<&str> = deps
        .declared
        .iter()
        .filter(|d| (d.group.is_runtime() || d.constraint) && pinned(d))
        .map(|d| d.name.as_str())
        .collect();
    for dep in deps.runtime() {
        if dep.name.is_empty() || dep.pin == PinKind::Url {
            continue;
        }
        let framework = WEB_PACKAGES.contains(&dep.name.as_str());
        if !framework && !strict {
            continue;
        }
        if pinned_elsewhere.contains(dep.name.as_str()) {
            continue;
        }
        let what = match dep.pin {
            PinKind::Bare => "has no version",
            PinKind::LowerBound => "has only a lower bound",
            _ => "allows a range rather than one version (`--strict-pins`)",
        };
        let kind = if framework {
            "web framework/server"
        } else {
            "dependency"
        };
        let help = match dep.manifest {
            crate::deps::ManifestKind::Requirements => format!(
                "pin it: `{}==X.Y.Z` with the version you test with (`pip freeze | grep -i {}` shows it), or compile requirements.txt with pip-tools / `uv pip compile`",
                dep.name, dep.name
            ),
            _ => "pin it with `==`, or commit the lock file of your package manager (uv.lock, poetry.lock, Pipfile.lock) and deploy from it".to_string(),
        };
        out.push(
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!(
                        "{kind} `{}` {what}: every build installs the newest release{}, so a deploy can break without a code change",
                        dep.name,
                        if dep.pin == PinKind::Bare { "" } else { " it allows" }
                    ),
                )
                .with_label(format!("{} version", dep.pin_label()))
                .with_help(help)
                .with_subject(dep.name.clone())
                .with_data("pin", dep.pin_label())
                .with_data("strict", strict),
        );
    }
    out
}
