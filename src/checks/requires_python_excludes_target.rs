use super::dependency_facts::dependency_location;
use super::wheel_facts::{
    describe_minors, describe_targets, exact_pins, failing_targets, marker_applies, minors_json,
    platforms_of, ranged, release, releases, suggested_release, targets_by_minor, Failing,
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
        let failing: Failing = targets
            .iter()
            .filter(|(minor, _)| marker_applies(pin.marker, **minor) && !release.admits(**minor))
            .map(|(minor, on)| (*minor, on.as_slice()))
            .collect();
        if failing.is_empty() {
            continue;
        }
        let minors: Vec<u8> = failing.iter().map(|(m, _)| *m).collect();
        let all = releases(cx, &pin.name).unwrap_or_default();
        let help = match suggested_release(&all, Some(&pin.version), &minors)
            .or_else(|| suggested_release(&all, None, &minors))
        {
            Some(v) => format!(
                "pin a release that supports Python {} ({}=={v}), or install a Python that `{requires}` admits",
                describe_minors(&minors),
                pin.name
            ),
            None => format!("install a Python that `{requires}` admits"),
        };
        let on = failing_targets(&failing);
        out.push(
            CHECK
                .finding(
                    cx,
                    pin.location.clone(),
                    format!(
                        "{} {} requires Python `{requires}`, but {}: pip finds no matching distribution",
                        pin.name,
                        pin.version_text,
                        describe_targets(&on),
                    ),
                )
                .with_label(format!("requires Python {requires}"))
                .with_help(help)
                .with_subject(format!("{}=={}", pin.name, pin.version_text))
                .with_platforms(&platforms_of(&on))
                .with_data("package", pin.name.clone())
                .with_data("version", pin.version_text.clone())
                .with_data("requires_python", requires)
                .with_data("python", minors_json(&minors)),
        );
    }
    for dep in ranged(cx) {
        let Some(specifiers) = &dep.specifiers else {
            continue;
        };
        let Some(all) = releases(cx, &dep.name) else {
            continue;
        };
        let allowed: Vec<&Release> = all
            .iter()
            .filter(|r| !r.yanked && r.parsed_version().is_some_and(|v| specifiers.contains(&v)))
            .collect();
        if allowed.is_empty() {
            continue;
        }
        let failing: Failing = targets
            .iter()
            .filter(|(minor, _)| {
                marker_applies(dep.marker, **minor) && !allowed.iter().any(|r| r.admits(**minor))
            })
            .map(|(minor, on)| (*minor, on.as_slice()))
            .collect();
        if failing.is_empty() {
            continue;
        }
        let minors: Vec<u8> = failing.iter().map(|(m, _)| *m).collect();
        let help = match suggested_release(&all, None, &minors) {
            Some(v) => format!(
                "widen the range to a release that supports Python {} (the newest is {v})",
                describe_minors(&minors)
            ),
            None => format!(
                "no release of {} supports Python {}: install an older Python",
                dep.name,
                describe_minors(&minors)
            ),
        };
        let on = failing_targets(&failing);
        out.push(
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!(
                        "no release of {} that `{}` allows supports Python {}, and {}: pip finds no matching distribution",
                        dep.name,
                        specifiers,
                        describe_minors(&minors),
                        describe_targets(&on),
                    ),
                )
                .with_label(format!("excludes Python {}", describe_minors(&minors)))
                .with_help(help)
                .with_subject(format!("{}{}", dep.name, specifiers))
                .with_platforms(&platforms_of(&on))
                .with_data("package", dep.name.clone())
                .with_data("python", minors_json(&minors)),
        );
    }
    out
}
