use super::django::{
    entry, static_serving, static_storage, with_settings, StaticServing, WHITENOISE_MIDDLEWARE,
};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS406",
    name: "static-storage-uncompressed",
    severity: Severity::Warning,
    summary: "WhiteNoise serves static files from a storage that neither compresses nor adds content hashes",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS406"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    if static_serving(s) != StaticServing::WhiteNoise {
        return Vec::new();
    }
    let (backend, loc) = match static_storage(s) {
        Some((b, loc)) => (b, loc),
        None => match entry(s, "MIDDLEWARE", WHITENOISE_MIDDLEWARE) {
            Some(e) => (
                "django.contrib.staticfiles.storage.StaticFilesStorage (the default)".to_string(),
                e.loc,
            ),
            None => return Vec::new(),
        },
    };
    if backend.contains("Compressed") || backend.contains("Manifest") {
        return Vec::new();
    }
    let f = CHECK
        .finding(
            cx,
            cx.settings_location(&loc),
            format!(
                "static files are stored with {backend} ({}): WhiteNoise then serves them uncompressed and without content hashes, so browsers cannot cache them for long",
                s.describe()
            ),
        )
        .with_help("set STORAGES[\"staticfiles\"][\"BACKEND\"] = \"whitenoise.storage.CompressedManifestStaticFilesStorage\" (STATICFILES_STORAGE before Django 4.2)")
        .with_subject("STORAGES")
        .with_data("static_serving", "whitenoise")
        .with_data("backend", backend);
    vec![with_settings(f, s)]
}
