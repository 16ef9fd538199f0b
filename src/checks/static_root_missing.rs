use super::django::{entry, except_marked_platforms, outcomes, when_unset_phrase, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS401",
    name: "static-root-missing",
    severity: Severity::Error,
    summary: "django.contrib.staticfiles is installed but STATIC_ROOT is not set; collectstatic fails at build",
    platforms: &[
        Platform::Heroku,
        Platform::Digitalocean,
        Platform::Dokku,
        Platform::Fly,
        Platform::Openshift,
    ],
    doc: check_doc!("PAAS401"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(app) = entry(s, "INSTALLED_APPS", "django.contrib.staticfiles") else {
        return Vec::new();
    };
    let (value, unset) = match s.get("STATIC_ROOT") {
        Some(b) => (Some(&b.value), b.value.when_unset()),
        None => (None, Value::Undefined),
    };
    if !matches!(unset, Value::Undefined | Value::None) && unset.as_str() != Some("") {
        return Vec::new();
    }
    let condition = value.and_then(when_unset_phrase);
    let (location, label) = match s.get("STATIC_ROOT") {
        Some(b) => (cx.settings_location(&b.loc), "STATIC_ROOT is empty here"),
        None => (
            cx.settings_location(&app.loc),
            "staticfiles is installed here",
        ),
    };
    let message = format!(
        "STATIC_ROOT is not set{} in {}, but `django.contrib.staticfiles` is installed: `collectstatic` stops with ImproperlyConfigured and the build fails on Heroku, DigitalOcean and Dokku (Fly.io's generated Dockerfile and OpenShift skip it, and static files go unserved)",
        condition.as_ref().map(|c| format!(" {c}")).unwrap_or_default(),
        s.describe(),
    );
    let mut f = CHECK
        .finding(cx, location, message)
        .with_label(label)
        .with_help("set `STATIC_ROOT = BASE_DIR / \"staticfiles\"` in the production settings (or set DISABLE_COLLECTSTATIC=1 and serve static files another way)")
        .with_subject("STATIC_ROOT");
    if let Some(v) = value {
        f = f
            .with_data("depends_on", v.vars())
            .with_data("outcomes", outcomes(v));
        f = except_marked_platforms(f, &v.vars());
    }
    // Heroku's buildpack (DigitalOcean, Dokku) skips collectstatic when it is switched off or
    // finds no manage.py: the build then passes there.
    if cx.collectstatic_at_build().is_none() {
        let buildpack = [Platform::Heroku, Platform::Digitalocean, Platform::Dokku];
        let rest: Vec<Platform> = f
            .platforms
            .iter()
            .copied()
            .filter(|p| !buildpack.contains(p))
            .collect();
        f = f.with_platforms(&rest);
        f.message = format!(
            "STATIC_ROOT is not set in {}, but `django.contrib.staticfiles` is installed: Heroku's buildpack skips `collectstatic` for this app (switched off, or no manage.py), so its build passes, but nothing collects the static files for production (Fly.io's generated Dockerfile and OpenShift skip it too)",
            s.describe()
        );
    }
    vec![with_settings(f, s)]
}
