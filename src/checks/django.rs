//! What the Django checks share: the evaluated settings, locations of
//! settings lines, and who serves static files.

use super::Context;
use crate::finding::{Finding, Location};
use crate::settings::value::{Elem, Loc, Value};
use crate::settings::DjangoSettings;

pub const WHITENOISE_MIDDLEWARE: &str = "whitenoise.middleware.WhiteNoiseMiddleware";
pub const SECURITY_MIDDLEWARE: &str = "django.middleware.security.SecurityMiddleware";

impl Context<'_> {
    pub fn django(&self) -> Option<&DjangoSettings> {
        self.app.django.as_ref()
    }

    /// Where a settings line is, for a finding.
    pub fn settings_location(&self, loc: &Loc) -> Location {
        match self.project.file(&loc.path) {
            Some(file) if !loc.span.is_empty() => Location::in_file(file, loc.span),
            Some(file) => Location::file_start(file),
            None => Location::path_only(self.app.root_location()),
        }
    }

    /// Where Heroku's classic buildpack runs `manage.py collectstatic`, the manage.py it runs.
    /// heroku-buildpack-python v351 `bin/steps/collectstatic`: Django installed, no
    /// `.heroku/collectstatic_disabled`, no DISABLE_COLLECTSTATIC (here: in app.json's env), then
    /// the shallowest manage.py at most three folders deep (`find . -maxdepth 3`).
    pub fn collectstatic_at_build(&self) -> Option<&str> {
        use crate::discover::{join, EntryKind};
        let root = self.app.root.as_str();
        let inventory = &self.project.inventory;
        if !super::dependency_facts::installs_framework(self, "django")
            || inventory.is_file(&join(root, ".heroku/collectstatic_disabled"))
        {
            return None;
        }
        let app_json = join(root, "app.json");
        let disabled = self
            .platform_files()
            .filter(|f| f.path == app_json)
            .flat_map(|f| f.env.iter())
            .any(|v| {
                v.name == "DISABLE_COLLECTSTATIC"
                    && v.value
                        .as_deref()
                        .is_some_and(|x| !x.is_empty() && x != "0")
            });
        if disabled {
            return None;
        }
        inventory
            .named(root, "manage.py")
            .filter(|(_, entry)| entry.kind == EntryKind::File)
            .map(|(path, _)| {
                let below = path.strip_prefix(root).unwrap_or(path);
                (below.trim_start_matches('/').matches('/').count(), path)
            })
            .filter(|(depth, _)| *depth <= 2)
            .min()
            .map(|(_, path)| path)
    }

    /// A declared dependency by normalized name. The one place checks look
    /// dependencies up, so a richer dependency model can replace it.
    /// A runtime dependency of the app, from any manifest (requirements, pyproject, Pipfile).
    pub fn dependency(&self, name: &str) -> Option<&crate::deps::Dependency> {
        self.app
            .deps
            .declared
            .iter()
            .find(|d| d.name == name && !d.constraint && d.group.is_runtime())
    }
}

/// Leaves out the platforms that always set one of `vars` at run time (Render
/// sets RENDER, Heroku DYNO, ...): a setting computed from them differs there,
/// so the unset-variable value says nothing about them.
pub fn except_marked_platforms(mut finding: Finding, vars: &[String]) -> Finding {
    let marked: Vec<(crate::platform::Platform, &str)> = finding
        .platforms
        .iter()
        .filter_map(|p| {
            let var = p
                .profile()
                .runtime_markers
                .iter()
                .find(|m| vars.iter().any(|v| v == *m))?;
            Some((*p, *var))
        })
        .collect();
    if marked.is_empty() {
        return finding;
    }
    finding
        .platforms
        .retain(|p| !marked.iter().any(|(m, _)| m == p));
    let names: Vec<String> = marked
        .iter()
        .map(|(p, var)| format!("{}, which sets {var}", p.display_name()))
        .collect();
    finding.message.push_str(&format!(
        " (not on {}: the value differs there)",
        names.join("; ")
    ));
    finding.with_data(
        "not_judged_on",
        marked.iter().map(|(p, _)| p.id()).collect::<Vec<_>>(),
    )
}

/// Adds which settings module was read, and why, to a finding.
pub fn with_settings(finding: Finding, s: &DjangoSettings) -> Finding {
    finding
        .with_data("settings_module", s.module.clone())
        .with_data("settings_file", s.path.clone())
        .with_data("settings_chosen_because", s.reason.clone())
}

/// The entries of a list setting, when no environment variable is set.
pub fn list_entries(s: &DjangoSettings, name: &str) -> Vec<Elem> {
    match s.when_unset(name) {
        Value::List(items) => items,
        _ => Vec::new(),
    }
}

/// The entry of a list setting equal to `text`.
pub fn entry(s: &DjangoSettings, name: &str, text: &str) -> Option<Elem> {
    list_entries(s, name)
        .into_iter()
        .find(|e| e.value.as_str() == Some(text))
}

/// Whether a list setting is fully known (no unknown or symbolic entries).
pub fn list_is_known(s: &DjangoSettings, name: &str) -> bool {
    matches!(s.get(name).map(|b| &b.value), Some(Value::List(items))
        if items.iter().all(|e| e.value.as_str().is_some()))
}

/// Who serves static files in production.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticServing {
    WhiteNoise,
    /// A CDN or object store: the reason says which setting shows it.
    Cdn(String),
    Nobody,
}

impl StaticServing {
    pub fn describe(&self) -> String {
        match self {
            StaticServing::WhiteNoise => "whitenoise".into(),
            StaticServing::Cdn(why) => format!("cdn: {why}"),
            StaticServing::Nobody => "none".into(),
        }
    }
}

/// The static files storage backend, from `STORAGES` or `STATICFILES_STORAGE`.
pub fn static_storage(s: &DjangoSettings) -> Option<(String, Loc)> {
    if let Some(b) = s.get("STORAGES") {
        let v = b.value.when_unset();
        if let Some(backend) = v.get("staticfiles").and_then(|e| e.value.get("BACKEND")) {
            if let Some(text) = backend.value.as_str() {
                return Some((text.to_string(), backend.loc.clone()));
            }
        }
    }
    let b = s.get("STATICFILES_STORAGE")?;
    b.value
        .when_unset()
        .as_str()
        .map(|t| (t.to_string(), b.loc.clone()))
}

pub fn static_serving(s: &DjangoSettings) -> StaticServing {
    let url = s.get("STATIC_URL").map(|b| &b.value);
    let absolute = |t: &str| {
        let t = t.trim_start_matches("f-string ");
        t.starts_with("http://") || t.starts_with("https://") || t.starts_with("//")
    };
    if let Some(v) = url {
        match v.when_unset() {
            Value::Str(t) | Value::Unknown(t) if absolute(&t) => {
                return StaticServing::Cdn(format!("STATIC_URL is {t}"))
            }
            _ => {}
        }
        if v.is_symbolic() {
            let vars = v.vars().join(", ");
            if entry(s, "MIDDLEWARE", WHITENOISE_MIDDLEWARE).is_none() {
                return StaticServing::Cdn(format!("STATIC_URL depends on {vars}"));
            }
        }
    }
    if let Some((backend, _)) = static_storage(s) {
        if !backend.starts_with("django.") && !backend.starts_with("whitenoise.") {
            return StaticServing::Cdn(format!("storage backend {backend}"));
        }
    }
    let whitenoise = list_entries(s, "MIDDLEWARE").iter().any(|e| {
        e.value
            .as_str()
            .is_some_and(|t| t.starts_with("whitenoise.") || t.starts_with("servestatic."))
    });
    if whitenoise {
        StaticServing::WhiteNoise
    } else {
        StaticServing::Nobody
    }
}

/// `env VAR` phrases for messages: "when DJANGO_DEBUG is not set".
pub fn when_unset_phrase(value: &Value) -> Option<String> {
    let vars = value.vars();
    if vars.is_empty() {
        None
    } else {
        Some(format!("when {} is not set", vars.join(" and ")))
    }
}

/// "depends on X" data: each outcome with the conditions that lead to it.
pub fn outcomes(value: &Value) -> serde_json::Value {
    value
        .outcomes()
        .into_iter()
        .map(|(when, v)| serde_json::json!({"when": when, "value": v.describe()}))
        .collect()
}
