use super::wheel_facts::{
    describe_minors, describe_targets, exact_pins, failing_targets, marker_applies, platforms_of,
    release, releases, suggested_release, targets_by_minor, Failing, BUILD_FAILURES,
};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::wheel_index::Arch;

pub static CHECK: Check = Check {
    code: "PAAS123",
    name: "wheel-missing-for-target-python",
    severity: Severity::Warning,
    summary: "A pinned or locked compiled package has no wheel for the Python the platform installs, so pip builds it from source",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS123"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let targets = targets_by_minor(cx);
    let mut out = Vec::new();
    for pin in exact_pins(cx) {
        let Some(release) = release(cx, &pin.name, &pin.version) else {
            continue;
        };
        if !release.is_compiled() {
            continue;
        }
        // The platforms' builders run on x86_64 machines; a Python that
        // requires-python excludes is PAAS122's.
        let failing: Failing = targets
            .iter()
            .filter(|(minor, _)| {
                marker_applies(pin.marker, **minor)
                    && release.admits(**minor)
                    && !release.has_wheel(**minor, Arch::X86_64)
            })
            .map(|(minor, on)| (*minor, on.as_slice()))
            .collect();
        if failing.is_empty() {
            continue;
        }
        let minors: Vec<u8> = failing.iter().map(|(m, _)| *m).collect();
        let known = BUILD_FAILURES.iter().find(|b| {
            minors
                .iter()
                .any(|m| b.affects(&pin.name, &pin.version, *m))
        });
        let all = releases(cx, &pin.name).unwrap_or_default();
        let first_with_wheel = suggested_release(&all, Some(&pin.version), &minors).filter(|v| {
            all.iter()
                .any(|r| r.version == *v && minors.iter().all(|m| r.has_wheel(*m, Arch::X86_64)))
        });
        let mut help = match first_with_wheel {
            Some(v) => format!(
                "upgrade to {}>={v} (the first release with a CPython {} wheel)",
                pin.name,
                describe_minors(&minors)
            ),
            None => format!(
                "no later release of {} has a CPython {} wheel yet",
                pin.name,
                describe_minors(&minors)
            ),
        };
        if let Some(n) = release.newest_wheel_minor(Arch::X86_64) {
            help.push_str(&format!(
                ", or install Python 3.{n}, the newest this release has wheels for"
            ));
        }
        let (severity, why) = match (known, release.sdist) {
            (_, false) => (
                Severity::Error,
                "it has no source distribution either: pip finds no matching distribution"
                    .to_string(),
            ),
            (Some(b), true) => (
                Severity::Error,
                format!("pip builds it from source, which fails there: {}", b.what),
            ),
            (None, true) => (
                Severity::Warning,
                "pip builds it from source, which needs a compiler and the library's headers and often fails on a Python newer than the release".to_string(),
            ),
        };
        let on = failing_targets(&failing);
        let mut finding = CHECK
            .finding(
                cx,
                pin.location.clone(),
                format!(
                    "{} {} has no wheel for CPython {}, and {}: {why}",
                    pin.name,
                    pin.version_text,
                    describe_minors(&minors),
                    describe_targets(&on),
                ),
            )
            .with_label(format!("no CPython {} wheel", describe_minors(&minors)))
            .with_help(help)
            .with_severity(severity)
            .with_subject(format!("{}=={}", pin.name, pin.version_text))
            .with_platforms(&platforms_of(&on))
            .with_data("package", pin.name.clone())
            .with_data("version", pin.version_text.clone())
            .with_data("python", super::wheel_facts::minors_json(&minors));
        if let Some(v) = first_with_wheel {
            finding = finding.with_data("first_release_with_wheel", v);
        }
        if let Some(b) = known {
            finding = finding.with_data("source", b.source);
        }
        out.push(finding);
    }
    out
}
