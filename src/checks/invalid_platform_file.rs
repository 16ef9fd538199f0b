use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS701",
    name: "invalid-platform-file",
    severity: Severity::Error,
    summary: "A platform configuration file (railway.json, render.yaml, fly.toml, app.yaml, …) does not parse",
    platforms: &[Platform::Railway, Platform::Render, Platform::Fly, Platform::Google, Platform::Digitalocean],
    doc: check_doc!("PAAS701"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.project
        .platform_files
        .iter()
        .filter(|f| cx.project.app_of(&f.path).is_some_and(|a| std::ptr::eq(a, cx.app)) || (cx.project.apps.len() == 1 && !f.path.contains('/')))
        .filter_map(|f| {
            let (span, message) = f.error.as_ref()?;
            Some(
                CHECK
                    .finding(cx, in_file(cx, &f.path, *span), format!("`{}` does not parse: {message}", f.path))
                    .with_label("parse error")
                    .with_help("fix the syntax; the platform rejects the file (or ignores it) and builds with its defaults")
                    .with_subject(f.path.clone()),
            )
        })
        .collect()
}
