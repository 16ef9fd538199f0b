use super::django::{list_entries, list_is_known, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS409",
    name: "staticfiles-app-not-installed",
    severity: Severity::Error,
    summary: "The build runs `collectstatic`, but django.contrib.staticfiles, which provides it, is not in INSTALLED_APPS",
    platforms: &[Platform::Heroku, Platform::Digitalocean, Platform::Dokku],
    doc: check_doc!("PAAS409"),
    run,
};

/// Without the staticfiles app, the buildpack's `manage.py collectstatic --noinput` is
/// "Unknown command: 'collectstatic'" and fails the build (heroku-buildpack-python v351
/// spec/hatchet/django_spec.rb:158-189).
fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    // An unknown entry (a variable, a concatenation) might be the staticfiles app.
    if !list_is_known(s, "INSTALLED_APPS") || s.collectstatic_disabled.is_some() {
        return Vec::new();
    }
    // A custom AppConfig for it (`myproject.apps.StaticFilesConfig`) provides the command too.
    if list_entries(s, "INSTALLED_APPS")
        .iter()
        .filter_map(|e| e.value.as_str())
        .any(|app| app.to_ascii_lowercase().contains("staticfiles"))
    {
        return Vec::new();
    }
    if cx.collectstatic_at_build().is_none() {
        return Vec::new();
    }
    let Some(binding) = s.get("INSTALLED_APPS") else {
        return Vec::new();
    };
    let f = CHECK
        .finding(
            cx,
            cx.settings_location(&binding.loc),
            format!(
                "`django.contrib.staticfiles` is not in INSTALLED_APPS in {}, so `collectstatic` does not exist: Heroku's Python buildpack (also on DigitalOcean and Dokku) runs `manage.py collectstatic --noinput` anyway and the build fails with \"Unknown command: 'collectstatic'\"",
                s.describe()
            ),
        )
        .with_label("no django.contrib.staticfiles")
        .with_help("add \"django.contrib.staticfiles\" to INSTALLED_APPS (with STATIC_ROOT set), or, if the app serves no static files, set the config var DISABLE_COLLECTSTATIC=1")
        .with_subject("INSTALLED_APPS");
    vec![with_settings(f, s)]
}
