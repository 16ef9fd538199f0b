use super::wheel_facts::{
    describe_targets, exact_pins, platforms_of, targets_by_minor, IMPORT_BREAKAGES,
};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS124",
    name: "import-fails-on-target-python",
    severity: Severity::Error,
    summary: "A pinned or locked release installs on the platform's Python but fails when imported (removed stdlib modules, pkg_resources)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS124"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let targets = targets_by_minor(cx);
    let mut out = Vec::new();
    for pin in exact_pins(cx) {
        for (minor, on) in &targets {
            if !super::wheel_facts::marker_applies(pin.marker, *minor) {
                continue;
            }
            // The first breakage that applies is the one the traceback shows.
            let Some(breakage) = IMPORT_BREAKAGES
                .iter()
                .find(|b| b.affects(&pin.name, &pin.version, *minor))
            else {
                continue;
            };
            out.push(
                CHECK
                    .finding(
                        cx,
                        pin.location.clone(),
                        format!(
                            "{} {} fails at import on Python 3.{minor} ({}): it {}",
                            pin.name,
                            pin.version_text,
                            describe_targets(on),
                            breakage.what,
                        ),
                    )
                    .with_label(format!("breaks on Python 3.{minor}"))
                    .with_help(format!("upgrade to {}", breakage.fix))
                    .with_subject(format!("{}=={} on 3.{minor}", pin.name, pin.version_text))
                    .with_platforms(&platforms_of(on))
                    .with_data("package", pin.name.clone())
                    .with_data("version", pin.version_text.clone())
                    .with_data("python", format!("3.{minor}"))
                    .with_data("source", breakage.source),
            );
        }
    }
    out
}
