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
    let good = |b: &str| b.contains("Compressed") || b.contains("Manifest");
    // A storage set on a branch (`if not DEBUG:`) counts where that branch
    // runs: DEBUG's own default is PAAS601's business.
    if good(&backend) || branch_backends(s).iter().any(|b| good(b)) {
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

/// Every static storage backend some branch of the settings sets.
fn branch_backends(s: &crate::settings::DjangoSettings) -> Vec<String> {
    use crate::settings::value::Value;
    fn strings(v: &Value, out: &mut Vec<String>) {
        for (_, outcome) in v.outcomes() {
            match &outcome {
                Value::Str(t) => out.push(t.clone()),
                Value::Branch { .. } => strings(&outcome, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    if let Some(b) = s.get("STATICFILES_STORAGE") {
        strings(&b.value, &mut out);
    }
    if let Some(b) = s.get("STORAGES") {
        for (_, v) in b.value.outcomes() {
            if let Some(backend) = v.get("staticfiles").and_then(|e| e.value.get("BACKEND")) {
                strings(&backend.value, &mut out);
            }
        }
    }
    out
}
