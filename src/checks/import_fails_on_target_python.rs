use super::wheel_facts::{
    describe_minors, describe_targets, exact_pins, failing_targets, marker_applies, platforms_of,
    targets_by_minor, Breakage, Failing, IMPORT_BREAKAGES,
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
        // Per minor, the first breakage that applies is the one the traceback shows.
        let mut by_breakage: Vec<(&Breakage, Failing)> = Vec::new();
        for (minor, on) in &targets {
            if !marker_applies(pin.marker, *minor) {
                continue;
            }
            let Some(breakage) = IMPORT_BREAKAGES
                .iter()
                .find(|b| b.affects(&pin.name, &pin.version, *minor))
            else {
                continue;
            };
            match by_breakage
                .iter_mut()
                .find(|(b, _)| std::ptr::eq(*b, breakage))
            {
                Some((_, failing)) => failing.push((*minor, on.as_slice())),
                None => by_breakage.push((breakage, vec![(*minor, on.as_slice())])),
            }
        }
        for (breakage, failing) in by_breakage {
            let minors: Vec<u8> = failing.iter().map(|(m, _)| *m).collect();
            let on = failing_targets(&failing);
            out.push(
                CHECK
                    .finding(
                        cx,
                        pin.location.clone(),
                        format!(
                            "{} {} fails at import on Python {} ({}): it {}",
                            pin.name,
                            pin.version_text,
                            describe_minors(&minors),
                            describe_targets(&on),
                            breakage.what,
                        ),
                    )
                    .with_label(format!("breaks on Python {}", describe_minors(&minors)))
                    .with_help(format!("upgrade to {}", breakage.fix))
                    .with_subject(format!(
                        "{}=={} on 3.{}+",
                        pin.name, pin.version_text, breakage.from_minor
                    ))
                    .with_platforms(&platforms_of(&on))
                    .with_data("package", pin.name.clone())
                    .with_data("version", pin.version_text.clone())
                    .with_data("python", super::wheel_facts::minors_json(&minors))
                    .with_data("source", breakage.source),
            );
        }
    }
    out
}
