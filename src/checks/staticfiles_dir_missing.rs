use super::settings_facts::setting_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::Value;

pub static CHECK: Check = Check {
    code: "PAAS404",
    name: "staticfiles-dir-missing",
    severity: Severity::Warning,
    summary: "A STATICFILES_DIRS entry does not exist in the repository, or STATIC_ROOT is inside STATICFILES_DIRS",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS404"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("STATICFILES_DIRS") else {
        return Vec::new();
    };
    let Value::List(items) = &setting.value else {
        return Vec::new();
    };
    let static_root = match settings.get("STATIC_ROOT").map(|s| &s.value) {
        Some(Value::Path(p)) => Some(p.clone()),
        _ => None,
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Path(dir) = item else {
            continue;
        };
        if static_root.as_deref() == Some(dir.as_str()) {
            out.push(
                CHECK
                    .finding(cx, setting_location(cx, setting), format!("STATIC_ROOT (`{dir}`) is also in STATICFILES_DIRS: collectstatic stops (staticfiles.E002)"))
                    .with_label("STATIC_ROOT listed here")
                    .with_help("keep STATIC_ROOT (the collected output) out of STATICFILES_DIRS (the sources)")
                    .with_subject(dir.clone())
                    .with_severity(Severity::Error),
            );
        } else if !cx.project.inventory.is_dir(dir) {
            out.push(
                CHECK
                    .finding(cx, setting_location(cx, setting), format!("STATICFILES_DIRS lists `{dir}/`, which is not in the repository (staticfiles.W004)"))
                    .with_label("folder missing")
                    .with_help(format!("create and commit `{dir}/` (an empty folder needs a placeholder file such as .gitkeep), or remove the entry"))
                    .with_subject(dir.clone()),
            );
        }
    }
    out
}
