use super::dependency_facts::dependency_location;
use super::wheel_facts::{
    describe_targets, exact_pins, platforms_of, ranged, release, releases, suggested_release,
    targets_by_minor,
};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::wheel_index::Release;

pub static CHECK: Check = Check {
    code: "PAAS122",
    name: "requires-python-excludes-target",
    severity: Severity::Error,
    summary: "A pinned or locked release (or every release a range allows) excludes the Python the platform installs",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS122"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let targets = targets_by_minor(cx);
    let mut out = Vec::new();
    for pin in exact_pins(cx) {
        let Some(release) = release(cx, &pin.name, &pin.version) else {
            continue;
        };
        let Some(requires) = release.requires_python else {
            continue;
        };
        let releases = releases(cx, &pin.name).unwrap_or_default();
        for (minor, on) in &targets {
            if !super::wheel_facts::marker_applies(pin.marker, *minor) {
                continue;
            }
            if release.admits(*minor) {
                continue;
            }
            let help = match suggested_release(&releases, Some(&pin.version), *minor)
                .or_else(|| suggested_release(&releases, None, *minor))
            {
                Some(v) => format!("pin a release that supports Python 3.{minor} ({}=={v}), or install a Python that `{requires}` admits", pin.name),
                None => format!("install a Python that `{requires}` admits"),
            };
            out.push(
                CHECK
                    .finding(
                        cx,
                        pin.location.clone(),
                        format!(
                            "{} {} requires Python `{requires}`, but {}: pip finds no matching distribution",
                            pin.name,
                            pin.version_text,
                            describe_targets(on),
                        ),
                    )
                    .with_label(format!("requires Python {requires}"))
                    .with_help(help)
                    .with_subject(format!("{}=={} on 3.{minor}", pin.name, pin.version_text))
                    .with_platforms(&platforms_of(on))
                    .with_data("package", pin.name.clone())
                    .with_data("version", pin.version_text.clone())
                    .with_data("requires_python", requires)
                    .with_data("python", format!("3.{minor}")),
            );
        }
    }
    for dep in ranged(cx) {
        let Some(specifiers) = &dep.specifiers else {
            continue;
        };
        let Some(releases) = releases(cx, &dep.name) else {
            continue;
        };
        let allowed: Vec<&Release> = releases
            .iter()
            .filter(|r| !r.yanked && r.parsed_version().is_some_and(|v| specifiers.contains(&v)))
            .collect();
        if allowed.is_empty() {
            continue;
        }
        for (minor, on) in &targets {
            if !super::wheel_facts::marker_applies(dep.marker, *minor) {
                continue;
            }
            if allowed.iter().any(|r| r.admits(*minor)) {
                continue;
            }
            let help = match suggested_release(&releases, None, *minor) {
                Some(v) => format!("widen the range to a release that supports Python 3.{minor} (the newest is {v})"),
                None => format!("no release of {} supports Python 3.{minor}: install an older Python", dep.name),
            };
            out.push(
                CHECK
                    .finding(
                        cx,
                        dependency_location(cx, dep),
                        format!(
                            "no release of {} that `{}` allows supports Python 3.{minor}, and {}: pip finds no matching distribution",
                            dep.name,
                            specifiers,
                            describe_targets(on),
                        ),
                    )
                    .with_label(format!("excludes Python 3.{minor}"))
                    .with_help(help)
                    .with_subject(format!("{}{} on 3.{minor}", dep.name, specifiers))
                    .with_platforms(&platforms_of(on))
                    .with_data("package", dep.name.clone())
                    .with_data("python", format!("3.{minor}")),
            );
        }
    }
    out
}
