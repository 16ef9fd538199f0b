use super::settings_facts::{settings_location, uses_staticfiles};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::Value;

pub static CHECK: Check = Check {
    code: "PAAS401",
    name: "static-root-missing",
    severity: Severity::Error,
    summary: "django.contrib.staticfiles is installed but STATIC_ROOT is not set, so collectstatic fails at build",
    platforms: &[Platform::Heroku, Platform::Digitalocean, Platform::Dokku, Platform::Fly, Platform::Openshift, Platform::Railway],
    doc: check_doc!("PAAS401"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    if !uses_staticfiles(settings) {
        return Vec::new();
    }
    match settings.get("STATIC_ROOT").map(|s| &s.value) {
        Some(Value::None) | None => {}
        _ => return Vec::new(),
    }
    vec![CHECK
        .finding(
            cx,
            settings_location(cx, settings, "INSTALLED_APPS"),
            format!("`{}` ({}) installs django.contrib.staticfiles but never sets STATIC_ROOT: the build's `collectstatic` stops with ImproperlyConfigured", settings.module, settings.chosen_because),
        )
        .with_label("staticfiles installed here")
        .with_help("add `STATIC_ROOT = BASE_DIR / \"staticfiles\"` to the settings")
        .with_subject("STATIC_ROOT")
        .with_data("settings_module", settings.module.clone())]
}
