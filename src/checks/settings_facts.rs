//! Shared by the static-files and deploy-settings checks (PAAS4xx, PAAS6xx).

use super::entry_facts::in_file;
use super::Context;
use crate::finding::Location;
use crate::settings::{DjangoSettings, Setting, Value};

/// Where a setting was last assigned.
pub fn setting_location(cx: &Context, setting: &Setting) -> Location {
    in_file(cx, &setting.file, setting.span)
}

/// Where a finding about a missing setting points: the settings module itself.
pub fn settings_location(cx: &Context, settings: &DjangoSettings, near: &str) -> Location {
    match settings.get(near) {
        Some(s) => setting_location(cx, s),
        None => cx
            .project
            .file(&settings.file)
            .map(Location::file_start)
            .unwrap_or_else(|| Location::path_only(settings.file.clone())),
    }
}

pub fn uses_staticfiles(settings: &DjangoSettings) -> bool {
    settings
        .get("INSTALLED_APPS")
        .is_some_and(|s| s.value.strings().contains(&"django.contrib.staticfiles"))
}

pub const WHITENOISE: &str = "whitenoise.middleware.WhiteNoiseMiddleware";
pub const SECURITY: &str = "django.middleware.security.SecurityMiddleware";

/// The storage backend that collects static files, from STORAGES or STATICFILES_STORAGE.
pub fn static_storage(settings: &DjangoSettings) -> Option<(String, &Setting)> {
    if let Some(s) = settings.get("STORAGES") {
        if let Some(backend) = s
            .value
            .get("staticfiles")
            .and_then(|v| v.get("BACKEND"))
            .and_then(Value::as_str)
        {
            return Some((backend.to_string(), s));
        }
    }
    let s = settings.get("STATICFILES_STORAGE")?;
    Some((s.value.as_str()?.to_string(), s))
}

/// A CDN or object store serves static files: an absolute STATIC_URL or a
/// django-storages backend. Returns how, for the finding data.
pub fn cdn_or_object_store(settings: &DjangoSettings) -> Option<String> {
    if let Some(url) = settings
        .get("STATIC_URL")
        .and_then(|s| s.value.as_str().map(str::to_string))
    {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//") {
            return Some(format!("absolute STATIC_URL {url}"));
        }
    }
    if let Some((backend, _)) = static_storage(settings) {
        if backend.starts_with("storages.")
            || backend.contains("cloudinary")
            || backend.contains("S3")
        {
            return Some(format!("storage backend {backend}"));
        }
    }
    None
}

/// "depends on X" description of an environment-driven value.
pub fn describe_env(value: &Value) -> Option<String> {
    match value {
        Value::Env {
            var,
            default,
            required,
        } => Some(match (default, required) {
            (_, true) => format!("read from ${var} (required)"),
            (Some(d), _) => format!("read from ${var}, defaulting to {}", show(d)),
            (None, _) => format!("read from ${var}"),
        }),
        _ => None,
    }
}

pub fn show(value: &Value) -> String {
    match value {
        Value::Str(s) => format!("\"{s}\""),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Int(i) => i.to_string(),
        Value::None => "None".to_string(),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Value::Path(p) => format!("path {p}"),
        _ => "an unknown value".to_string(),
    }
}

/// Whether a value is true, or (for env-driven values) true when the variable is unset.
pub fn truthy(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) => Some(matches!(
            s.to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )),
        Value::Int(i) => Some(*i != 0),
        Value::Env {
            default: Some(d), ..
        } => truthy(d),
        _ => None,
    }
}
