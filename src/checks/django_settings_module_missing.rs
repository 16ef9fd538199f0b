use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::discover::file_name;
use crate::entry::SettingsRef;
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
    let collectstatic = cx.collectstatic_at_build();
    let missing: Vec<&SettingsRef> = cx.app.entry.settings.iter().filter(|s| !s.exists).collect();
    let mut seen = std::collections::BTreeSet::new();
    missing
        .iter()
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
            // The buildpack's collectstatic runs manage.py, so the build fails only on the name
            // manage.py sets; the servers read the one wsgi.py, asgi.py or the command sets.
            let named_by: Vec<Option<&str>> = missing
                .iter()
                .filter(|r| r.module == s.module)
                .map(|r| r.file.as_deref())
                .collect();
            let is_manage = |f: &Option<&str>| f.is_some_and(|f| file_name(f) == "manage.py");
            let mut fails_at = Vec::new();
            let mut when = Vec::new();
            if named_by.iter().any(|f| !is_manage(f)) {
                fails_at.push("boot");
                when.push("at boot");
            }
            if named_by.iter().any(|f| f.is_some() && *f == collectstatic) {
                fails_at.push("build");
                when.push("in every `manage.py` command, the build's `collectstatic` included");
            } else if named_by.iter().any(is_manage) {
                fails_at.push("manage.py");
                when.push("in every `manage.py` command (migrate, collectstatic)");
            }
            CHECK
                .finding(
                    cx,
                    location,
                    format!(
                        "DJANGO_SETTINGS_MODULE is `{}`, but no such module exists: Django stops with ModuleNotFoundError {}",
                        s.module,
                        when.join(" and ")
                    ),
                )
                .with_data("fails_at", fails_at)
                .with_label("no such settings module")
                .with_help("name the settings module that exists, as a dotted path from the folder the server starts in")
                .with_subject(s.module.clone())
        })
        .collect()
}
