use super::dependency_facts::installs_framework;
use super::django::{entry, static_serving, with_settings, StaticServing};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS407",
    name: "collectstatic-disabled",
    severity: Severity::Warning,
    summary: "DISABLE_COLLECTSTATIC is set, so the build collects no static files",
    platforms: &[Platform::Heroku, Platform::Digitalocean, Platform::Dokku],
    doc: check_doc!("PAAS407"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = disabled_by_file(cx);
    out.extend(disabled_by_variable(cx));
    out
}

/// heroku-buildpack-python v351 `bin/steps/collectstatic` lines 28-37: once Django is installed,
/// the file `.heroku/collectstatic_disabled` skips collectstatic with a deprecation warning,
/// before manage.py is even looked for (spec/hatchet/django_spec.rb:138-155).
fn disabled_by_file(cx: &Context) -> Vec<Finding> {
    let path = crate::discover::join(&cx.app.root, ".heroku/collectstatic_disabled");
    if !cx.project.inventory.is_file(&path) || !installs_framework(cx, "django") {
        return Vec::new();
    }
    // paaslint does not read the file: only its presence counts.
    let location = Location::path_only(path.clone());
    vec![CHECK
        .finding(
            cx,
            location,
            format!("`{path}` makes Heroku's Python buildpack skip `collectstatic`, and the buildpack warns that this file is deprecated"),
        )
        .with_help("delete the file; if the build must skip collectstatic, set the config var DISABLE_COLLECTSTATIC=1 instead")
        .with_subject(path)]
}

fn disabled_by_variable(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some((path, span, value)) = &s.collectstatic_disabled else {
        return Vec::new();
    };
    if entry(s, "INSTALLED_APPS", "django.contrib.staticfiles").is_none() {
        return Vec::new();
    }
    let serving = static_serving(s);
    if matches!(serving, StaticServing::Cdn(_)) {
        return Vec::new();
    }
    let Some(file) = cx.project.file(path) else {
        return Vec::new();
    };
    let f = CHECK
        .finding(
            cx,
            Location::in_file(file, *span),
            format!(
                "DISABLE_COLLECTSTATIC={value} is set in {path}: Heroku's Python buildpack (also on DigitalOcean and Dokku) skips `collectstatic`, so STATIC_ROOT stays empty and {} serves no static files",
                if serving == StaticServing::WhiteNoise { "WhiteNoise" } else { "the app" }
            ),
        )
        .with_label("collectstatic skipped")
        .with_help("remove DISABLE_COLLECTSTATIC once STATIC_ROOT is set, or run `python manage.py collectstatic --noinput` in your own build step")
        .with_subject("DISABLE_COLLECTSTATIC")
        .with_data("static_serving", serving.describe());
    vec![with_settings(f, s)]
}
