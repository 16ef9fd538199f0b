use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS506",
    name: "python-versions-disagree",
    severity: Severity::Warning,
    summary: "Two version sources name different Python versions, or requires-python excludes the pinned one",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS506"),
    run,
};

/// Which file wins where (catalogue §2, version precedence).
const PRECEDENCE: &str = "Heroku's classic builder reads runtime.txt before .python-version, its newer builder only .python-version; Railway (railpack) prefers .python-version over runtime.txt over Pipfile; Google reads .python-version; Render reads PYTHON_VERSION";

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
                        format!("{} says Python {b}, but {} says {a}: platforms disagree on which to use ({PRECEDENCE})", other.kind.describe(), first.kind.describe()),
                    )
                    .with_label(format!("Python {b}"))
                    .with_related(in_file(cx, &first.path, first.span), format!("Python {a}"))
                    .with_help("name one version, in .python-version, and delete or align the others")
                    .with_subject("python-version"),
            );
        }
        if let (Some(version), Some((path, span, spec))) = (first.version, &python.requires_python)
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
