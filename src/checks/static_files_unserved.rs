use super::settings_facts::{cdn_or_object_store, settings_location, uses_staticfiles, WHITENOISE};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS402",
    name: "static-files-unserved",
    severity: Severity::Warning,
    summary:
        "Nothing serves the static files in production: no WhiteNoise, no CDN or object storage",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS402"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    if !uses_staticfiles(settings) || cdn_or_object_store(settings).is_some() {
        return Vec::new();
    }
    let middleware = settings
        .get("MIDDLEWARE")
        .map(|s| s.value.strings())
        .unwrap_or_default();
    if middleware.is_empty() || middleware.contains(&WHITENOISE) {
        return Vec::new();
    }
    vec![CHECK
        .finding(
            cx,
            settings_location(cx, settings, "MIDDLEWARE"),
            format!("`{}` has no WhiteNoise middleware and no CDN or object storage: with DEBUG off Django serves no static files, and the platforms serve none for a Python app", settings.module),
        )
        .with_label("no static file server in MIDDLEWARE")
        .with_help(format!("add `whitenoise` to the requirements and `\"{WHITENOISE}\"` to MIDDLEWARE right after SecurityMiddleware, or serve static files from a CDN/object store (django-storages)"))
        .with_subject("MIDDLEWARE")
        .with_data("static_serving", "none")]
}
