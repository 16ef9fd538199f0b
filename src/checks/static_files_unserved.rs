use super::django::{entry, static_serving, with_settings, StaticServing};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS404",
    name: "static-files-unserved",
    severity: Severity::Warning,
    summary:
        "Nothing serves Django's static files in production: no WhiteNoise, CDN or storage backend",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS404"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(app) = entry(s, "INSTALLED_APPS", "django.contrib.staticfiles") else {
        return Vec::new();
    };
    if static_serving(s) != StaticServing::Nobody {
        return Vec::new();
    }
    let location = match s.get("MIDDLEWARE") {
        Some(b) => cx.settings_location(&b.loc),
        None => cx.settings_location(&app.loc),
    };
    let f = CHECK
        .finding(
            cx,
            location,
            format!(
                "nothing serves static files in production: {} has no WhiteNoise middleware, an app-relative STATIC_URL and no CDN or storage backend; with DEBUG off Django serves no static files and platforms serve none for the app, so CSS, JS and images return 404",
                s.describe()
            ),
        )
        .with_help("add `whitenoise` to requirements and \"whitenoise.middleware.WhiteNoiseMiddleware\" to MIDDLEWARE directly after SecurityMiddleware, or serve static files from a CDN/object store (django-storages, absolute STATIC_URL)")
        .with_subject("MIDDLEWARE")
        .with_data("static_serving", "none");
    let mut f = with_settings(f, s);
    // App Engine serves app.yaml static handlers itself (platform-facts).
    let served_by_handlers = cx
        .platform_files()
        .any(|p| p.origin == crate::model::CommandOrigin::AppYaml && !p.static_handlers.is_empty());
    if served_by_handlers {
        f.platforms.retain(|p| {
            !p.facts()
                .static_handlers_serve_static
                .as_ref()
                .is_some_and(|fact| fact.value)
        });
        if f.platforms.is_empty() {
            return Vec::new();
        }
    }
    vec![f]
}
