use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::parse::lockfile::LockKind;
use crate::platform::Platform;
use crate::python_version::SourceKind;

pub static CHECK: Check = Check {
    code: "PAAS510",
    name: "runtime-txt-in-uv-project",
    severity: Severity::Error,
    summary: "runtime.txt in a uv project: Heroku's Python buildpack refuses it",
    platforms: &[Platform::Heroku, Platform::Digitalocean],
    doc: check_doc!("PAAS510"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(source) = cx.app.python.get(SourceKind::RuntimeTxt) else {
        return Vec::new();
    };
    if !cx.app.deps.locks.iter().any(|l| l.kind == LockKind::Uv) {
        return Vec::new();
    }
    // Only the platforms whose builder rejects it (platform-facts).
    let platforms: Vec<Platform> = CHECK
        .platforms
        .iter()
        .copied()
        .filter(|p| {
            p.facts()
                .python
                .runtime_txt_rejected_with_uv
                .as_ref()
                .is_some_and(|f| f.value)
        })
        .collect();
    let Some(first) = platforms.first() else {
        return Vec::new();
    };
    let words = first
        .facts()
        .python
        .messages
        .as_ref()
        .map(|m| m.value.runtime_txt_with_uv.clone())
        .unwrap_or_default();
    let minor = source
        .version
        .map(|v| v.minor_string())
        .unwrap_or_else(|| "3.14".into());
    vec![CHECK
        .finding(
            cx,
            in_file(cx, &source.path, source.span),
            format!("this is a uv project (uv.lock), and the build stops: \"{words}\""),
        )
        .with_label("runtime.txt with uv")
        .with_help(format!(
            "delete runtime.txt and run `uv python pin {minor}` to write `.python-version`"
        ))
        .with_platforms(&platforms)
        .with_subject("runtime.txt")]
}
