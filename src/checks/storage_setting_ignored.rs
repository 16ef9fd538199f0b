use super::django::{entry, list_is_known, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS614",
    name: "storage-setting-ignored",
    severity: Severity::Warning,
    summary: "A storage setting the installed Django ignores (STATICFILES_STORAGE, DEFAULT_FILE_STORAGE on 5.1+), or STORAGES without its \"staticfiles\" key (staticfiles.E005)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS614"),
    run,
};

/// The Django version that will be installed, when a lock or an exact pin says.
pub fn django_version(cx: &Context) -> Option<(u64, u64)> {
    let parse = |v: &str| {
        let mut parts = v.trim().split('.').map(|p| p.parse::<u64>().ok());
        Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
    };
    let deps = &cx.app.deps;
    for lock in &deps.locks {
        if let Some(v) = lock.get("django").and_then(|p| p.version.as_deref()) {
            return parse(v);
        }
    }
    for d in deps.declared("django").filter(|d| d.group.is_runtime()) {
        if let Some(v) = d.locked.as_ref().and_then(|l| l.version.as_deref()) {
            return parse(v);
        }
        for spec in d.specifiers.iter().flat_map(|s| s.iter()) {
            if matches!(spec.operator().to_string().as_str(), "==" | "===") {
                return parse(&spec.version().to_string());
            }
        }
    }
    None
}

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let version = django_version(cx);
    let storages = s.get("STORAGES");
    // Django 5.1 removed these settings: django/conf/__init__.py of 5.0.14
    // still maps them onto STORAGES, 5.1's never reads them.
    if let (Some((major, minor)), None) = (version, storages) {
        if (major, minor) >= (5, 1) {
            for (name, alias, effect) in [
                ("STATICFILES_STORAGE", "staticfiles", "static files are stored with Django's default StaticFilesStorage, so WhiteNoise's compression and hashed names are off"),
                ("DEFAULT_FILE_STORAGE", "default", "uploads go to the local disk, which the platform wipes on every restart and deploy"),
            ] {
                let Some(b) = s.get(name) else { continue };
                let Value::Str(backend) = b.value.when_unset() else {
                    continue;
                };
                let f = CHECK
                    .finding(
                        cx,
                        cx.settings_location(&b.loc),
                        format!("{name} is set in {}, but Django {major}.{minor} (the version installed) no longer reads it (removed in 5.1): {effect}", s.describe()),
                    )
                    .with_label("ignored by Django 5.1+")
                    .with_help(format!(
                        "replace it with `STORAGES = {{\"default\": {{\"BACKEND\": \"django.core.files.storage.FileSystemStorage\"}}, \"staticfiles\": {{\"BACKEND\": \"django.contrib.staticfiles.storage.StaticFilesStorage\"}}, \"{alias}\": {{\"BACKEND\": {backend:?}}}}}`"
                    ))
                    .with_subject(name.to_string())
                    .with_data("django_version", format!("{major}.{minor}"));
                out.push(with_settings(f, s));
            }
        }
    }
    // STORAGES replaces Django's default entirely: without "staticfiles",
    // staticfiles.E005 stops `collectstatic` (a system check it requires).
    if let Some(b) = storages {
        let old = version.is_some_and(|v| v < (4, 2));
        let staticfiles_app = !list_is_known(s, "INSTALLED_APPS")
            || entry(s, "INSTALLED_APPS", "django.contrib.staticfiles").is_some();
        if let (Value::Dict(items), false, true) = (b.value.when_unset(), old, staticfiles_app) {
            let keys: Vec<String> = items
                .iter()
                .filter_map(|(k, _)| k.as_str().map(str::to_string))
                .collect();
            let all_known = keys.len() == items.len();
            if all_known && !keys.iter().any(|k| k == "staticfiles") {
                let near = keys
                    .iter()
                    .find(|k| strsim::levenshtein(k, "staticfiles") <= 3)
                    .map(|k| format!(" (`{k}` is not `staticfiles`)"))
                    .unwrap_or_default();
                let f = CHECK
                    .finding(
                        cx,
                        cx.settings_location(&b.loc),
                        format!("STORAGES in {} has no \"staticfiles\" entry{near}: STORAGES replaces Django's default as a whole, so `manage.py collectstatic` stops at the system check staticfiles.E005 and the build fails", s.describe()),
                    )
                    .with_label("no \"staticfiles\" key")
                    .with_help("add `\"staticfiles\": {\"BACKEND\": \"whitenoise.storage.CompressedManifestStaticFilesStorage\"}` (or Django's `django.contrib.staticfiles.storage.StaticFilesStorage`) to STORAGES")
                    .with_subject("STORAGES")
                    .with_severity(Severity::Error)
                    .with_data("keys", keys.clone());
                out.push(with_settings(f, s));
            }
        }
    }
    out
}
