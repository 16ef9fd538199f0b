use super::dependency_facts::{dependency_location, location_in};
use super::{check_doc, Check, Context};
use crate::deps::{Dependency, ManifestKind, PinKind};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS121",
    name: "unhashed-requirement",
    severity: Severity::Error,
    summary: "Some requirements carry `--hash` and others do not: pip's hash-checking mode then rejects the install",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS121"),
    run,
};

/// Why pip's hash-checking mode rejects this line, if it does.
fn rejection(dep: &Dependency) -> Option<(&'static str, String)> {
    let url_hash = dep
        .location
        .as_deref()
        .is_some_and(|l| l.contains("#sha256=") || l.contains("#md5=") || l.contains("&sha256="));
    if dep.editable {
        return Some((
            "editable",
            format!(
                "`{}` is editable, which pip refuses in hash-checking mode",
                dep.text
            ),
        ));
    }
    if dep.hashes == 0 && !url_hash {
        return Some(("no-hash", format!("`{}` has no `--hash`", dep.text)));
    }
    if dep.pin != PinKind::Exact && dep.pin != PinKind::Url {
        return Some((
            "not-exact",
            format!(
                "`{}` is not pinned with `==`, which hash-checking mode requires",
                dep.text
            ),
        ));
    }
    None
}

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let mut out = Vec::new();
    let mut roots: Vec<&str> = deps
        .requirement_files
        .iter()
        .map(|r| r.root.as_str())
        .collect();
    roots.sort_unstable();
    roots.dedup();
    for root in roots {
        let files: Vec<_> = deps
            .requirement_files
            .iter()
            .filter(|r| r.root == root)
            .collect();
        let in_install = |d: &&Dependency| {
            d.manifest == ManifestKind::Requirements
                && !d.constraint
                && files.iter().any(|f| f.file.path == d.file)
        };
        // What turns the mode on: a hashed line, or `--require-hashes`.
        let trigger = deps
            .declared
            .iter()
            .filter(in_install)
            .find(|d| d.hashes > 0)
            .map(|d| {
                (
                    d.file.clone(),
                    d.span,
                    format!(
                        "`{}` has a hash, which turns hash-checking on for the whole install",
                        d.name
                    ),
                )
            })
            .or_else(|| {
                files.iter().find_map(|f| {
                    f.file
                        .options
                        .iter()
                        .find(|o| o.name == "--require-hashes")
                        .map(|o| {
                            (
                                f.file.path.clone(),
                                o.span,
                                "`--require-hashes` turns hash-checking on".to_string(),
                            )
                        })
                })
            });
        let Some((trigger_file, trigger_span, trigger_label)) = trigger else {
            continue;
        };
        for dep in deps.declared.iter().filter(in_install) {
            let Some((kind, why)) = rejection(dep) else {
                continue;
            };
            let subject = if dep.name.is_empty() {
                dep.text.clone()
            } else {
                dep.name.clone()
            };
            out.push(
                CHECK
                    .finding(
                        cx,
                        dependency_location(cx, dep),
                        format!("{why}, while other requirements of this install have hashes: pip runs in hash-checking mode and stops the whole install"),
                    )
                    .with_label("rejected in hash-checking mode")
                    .with_related(location_in(cx, &trigger_file, trigger_span), trigger_label.clone())
                    .with_help("regenerate the file with hashes for every line (`pip-compile --generate-hashes`, `uv pip compile --generate-hashes`, `uv export`), or move this requirement to a file installed separately")
                    .with_subject(subject)
                    .with_data("kind", kind),
            );
        }
    }
    out
}
