use super::django::{list_entries, with_settings};
use super::import_not_installed::{manifest_hint, provision, Provision};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::{Loc, Value};

pub static CHECK: Check = Check {
    code: "PAAS309",
    name: "startup-path-not-installed",
    severity: Severity::Error,
    summary: "A dotted path Django imports at startup (INSTALLED_APPS, MIDDLEWARE, STORAGES, TEMPLATES, DATABASES ENGINE…) names a package no runtime dependency installs",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS309"),
    run,
};

/// List settings whose entries Django imports at startup (`django.setup()`,
/// the handler's middleware chain, `check` at boot).
const LIST_SETTINGS: &[&str] = &[
    "INSTALLED_APPS",
    "MIDDLEWARE",
    "MIDDLEWARE_CLASSES",
    "AUTHENTICATION_BACKENDS",
];
/// String settings Django imports when the app starts or serves.
const STRING_SETTINGS: &[&str] = &[
    "WSGI_APPLICATION",
    "ASGI_APPLICATION",
    "STATICFILES_STORAGE",
    "DEFAULT_FILE_STORAGE",
    "SESSION_ENGINE",
];
/// Dict-of-dicts settings and the key holding the imported path.
const NESTED_SETTINGS: &[(&str, &str)] = &[
    ("STORAGES", "BACKEND"),
    ("DATABASES", "ENGINE"),
    ("CACHES", "BACKEND"),
];

/// Database backends and the driver modules they import (any one suffices):
/// django/db/backends/postgresql/base.py tries psycopg then psycopg2 (Django
/// 4.2+); mysql/base.py imports MySQLdb (mysqlclient, or PyMySQL installed as MySQLdb).
const DRIVERS: &[(&str, &[&str])] = &[
    ("django.db.backends.postgresql", &["psycopg", "psycopg2"]),
    ("django.db.backends.postgresql_psycopg2", &["psycopg2"]),
    (
        "django.contrib.gis.db.backends.postgis",
        &["psycopg", "psycopg2"],
    ),
    ("django.db.backends.mysql", &["MySQLdb", "pymysql"]),
    ("django.db.backends.oracle", &["oracledb", "cx_Oracle"]),
];

fn paths(cx: &Context) -> Vec<(String, String, Loc)> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in LIST_SETTINGS {
        for e in list_entries(s, name) {
            if let Value::Str(p) = &e.value {
                out.push((name.to_string(), p.clone(), e.loc.clone()));
            }
        }
    }
    for name in STRING_SETTINGS {
        if let Some(b) = s.get(name) {
            if let Value::Str(p) = b.value.when_unset() {
                out.push((name.to_string(), p, b.loc.clone()));
            }
        }
    }
    for (name, key) in NESTED_SETTINGS {
        if let Value::Dict(items) = s.when_unset(name) {
            for (alias, e) in &items {
                if let Some(inner) = e.value.get(key) {
                    if let Value::Str(p) = &inner.value {
                        let label = format!("{name}[{}][\"{key}\"]", alias.describe());
                        out.push((label, p.clone(), inner.loc.clone()));
                    }
                }
            }
        }
    }
    if let Value::List(templates) = s.when_unset("TEMPLATES") {
        for t in &templates {
            if let Some(inner) = t.value.get("BACKEND") {
                if let Value::Str(p) = &inner.value {
                    out.push(("TEMPLATES BACKEND".into(), p.clone(), inner.loc.clone()));
                }
            }
        }
    }
    out
}

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    for (setting, path, loc) in paths(cx) {
        // The package the path lives in, or the driver a database backend needs.
        let needed: Vec<&str> = match DRIVERS.iter().find(|(engine, _)| *engine == path) {
            Some((_, drivers)) => drivers.to_vec(),
            None => vec![path.split('.').next().unwrap_or("")],
        };
        if needed.iter().any(|m| reported.iter().any(|r| r == m)) {
            continue;
        }
        let mut missing = Vec::new();
        let mut certain = true;
        for m in &needed {
            match provision(cx, m) {
                Some(Provision::Missing { dists, certain: c }) => {
                    certain &= c;
                    missing.push(dists);
                }
                _ => break,
            }
        }
        if missing.len() != needed.len() || missing.is_empty() {
            continue;
        }
        reported.extend(needed.iter().map(|m| m.to_string()));
        let dists: Vec<String> = missing.into_iter().flatten().collect();
        // psycopg 3 without its `binary` extra needs libpq on the system,
        // which the Python images of the platforms may lack.
        let dist = match dists.first() {
            Some(d) if d == "psycopg" => "psycopg[binary]".to_string(),
            Some(d) => d.clone(),
            None => String::new(),
        };
        let is_driver =
            needed.len() > 1 || needed.first() != Some(&path.split('.').next().unwrap_or(""));
        let what = if is_driver {
            format!(
                "the database backend `{path}` imports its driver ({}) when Django starts",
                needed.join(" or ")
            )
        } else {
            format!("Django imports `{path}` when it starts")
        };
        let alternatives = if dists.len() > 1 {
            format!(" (or {})", dists[1..].join(", "))
        } else {
            String::new()
        };
        let maybe = if certain {
            ""
        } else {
            ", unless another dependency happens to install it"
        };
        let mut f = CHECK
            .finding(
                cx,
                cx.settings_location(&loc),
                format!("{setting} names `{path}`: {what}, but no runtime dependency installs it{maybe}: ImportError at start"),
            )
            .with_label("not installed")
            .with_help(format!(
                "add `{dist}`{alternatives} to {}, pinned to the version you develop with (`pip freeze` shows it)",
                manifest_hint(cx)
            ))
            .with_subject(format!("{setting}:{path}"))
            .with_data("setting", setting.clone())
            .with_data("path", path.clone())
            .with_data("distributions", dists.clone());
        if !certain {
            f = f.with_severity(Severity::Warning);
        }
        out.push(with_settings(f, s));
    }
    out
}
