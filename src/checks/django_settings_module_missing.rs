use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS305",
    name: "django-settings-module-missing",
    severity: Severity::Error,
    summary: "DJANGO_SETTINGS_MODULE names a settings module that does not exist",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS305"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut seen = std::collections::BTreeSet::new();
    cx.app
        .entry
        .settings
        .iter()
        .filter(|s| !s.exists)
        // manage.py and wsgi.py usually name the same module: report it once.
        .filter(|s| seen.insert(s.module.clone()))
        .map(|s| {
            let location = match (&s.file, s.span) {
                (Some(file), Some(span)) => in_file(cx, file, span),
                _ => cx
                    .app
                    .commands
                    .iter()
                    .find(|c| c.text.contains(&s.module))
                    .and_then(|c| cx.project.file(&c.path).map(|f| Location::in_file(f, c.span)))
                    .unwrap_or_else(|| Location::path_only(cx.app.root_location())),
            };
            CHECK
                .finding(
                    cx,
                    location,
                    format!("DJANGO_SETTINGS_MODULE is `{}`, but no such module exists: Django stops with ModuleNotFoundError at boot and in collectstatic", s.module),
                )
                .with_label("no such settings module")
                .with_help("name the settings module that exists, as a dotted path from the folder the server starts in")
                .with_subject(s.module.clone())
        })
        .collect()
}
