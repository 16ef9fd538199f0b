use super::wheel_facts::{
    describe_targets, exact_pins, platforms_of, release, releases, targets_by_minor, BUILD_FAILURES,
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
        let releases = releases(cx, &pin.name).unwrap_or_default();
        for (minor, on) in &targets {
            if !super::wheel_facts::marker_applies(pin.marker, *minor) {
                continue;
            }
            // The platforms' builders run on x86_64 machines.
            if !release.admits(*minor) || release.has_wheel(*minor, Arch::X86_64) {
                continue;
            }
            let known = BUILD_FAILURES
                .iter()
                .find(|b| b.affects(&pin.name, &pin.version, *minor));
            let first_with_wheel = releases.iter().find(|r| {
                !r.yanked
                    && r.parsed_version().is_some_and(|v| v > pin.version)
                    && r.admits(*minor)
                    && r.has_wheel(*minor, Arch::X86_64)
            });
            let newest = release.newest_wheel_minor(Arch::X86_64);
            let mut help = match first_with_wheel {
                Some(r) => format!(
                    "upgrade to {}>={} (the first release with a CPython 3.{minor} wheel)",
                    pin.name, r.version
                ),
                None => format!(
                    "no release of {} has a CPython 3.{minor} wheel yet",
                    pin.name
                ),
            };
            if let Some(n) = newest {
                help.push_str(&format!(
                    ", or install Python 3.{n}, the newest this release has wheels for"
                ));
            }
            let (severity, why) = match (known, release.sdist) {
                (_, false) => (
                    Severity::Error,
                    "it has no source distribution either: pip finds no matching distribution".to_string(),
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
            let mut finding = CHECK
                .finding(
                    cx,
                    pin.location.clone(),
                    format!(
                        "{} {} has no wheel for CPython 3.{minor}, and {}: {why}",
                        pin.name,
                        pin.version_text,
                        describe_targets(on),
                    ),
                )
                .with_label(format!("no CPython 3.{minor} wheel"))
                .with_help(help)
                .with_severity(severity)
                .with_subject(format!("{}=={} on 3.{minor}", pin.name, pin.version_text))
                .with_platforms(&platforms_of(on))
                .with_data("package", pin.name.clone())
                .with_data("version", pin.version_text.clone())
                .with_data("python", format!("3.{minor}"));
            if let Some(r) = first_with_wheel {
                finding = finding.with_data("first_release_with_wheel", r.version);
            }
            if let Some(b) = known {
                finding = finding.with_data("source", b.source);
            }
            out.push(finding);
        }
    }
    out
}
