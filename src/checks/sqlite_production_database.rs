use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS608",
    name: "sqlite-production-database",
    severity: Severity::Warning,
    summary: "The production database is SQLite on the platform's ephemeral disk",
    platforms: &[
        Platform::Heroku,
        Platform::Render,
        Platform::Railway,
        Platform::Fly,
        Platform::Google,
        Platform::Azure,
    ],
    doc: check_doc!("PAAS608"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(b) = s.get("DATABASES") else {
        return Vec::new();
    };
    let Value::Dict(_) = &b.value else {
        return Vec::new();
    };
    let Some(default) = b.value.get("default") else {
        return Vec::new();
    };
    // A URL read from the environment (dj-database-url, env.db) whose
    // fallback is SQLite: SQLite in production until the variable is set.
    if let Value::Database {
        url_var: Some(var),
        default_url: Some(fallback),
    } = &default.value
    {
        let is_sqlite = fallback
            .when_unset()
            .as_str()
            .is_some_and(|u| u.starts_with("sqlite:"));
        if !is_sqlite {
            return Vec::new();
        }
        let f = CHECK
            .finding(
                cx,
                cx.settings_location(&default.loc),
                format!(
                    "the default database falls back to SQLite when {var} is not set ({}): until the platform's Postgres sets {var}, the app writes to the platform's ephemeral disk and loses the data on every restart or deploy",
                    s.describe()
                ),
            )
            .with_label(format!("SQLite unless {var} is set"))
            .with_help(format!("attach the platform's Postgres (it sets {var}) or set {var} yourself; drop the SQLite default in production settings"))
            .with_subject("DATABASES")
            .with_data("depends_on", vec![var.clone()]);
        return vec![with_settings(f, s)];
    }
    let unset = default.value.when_unset();
    let Some(engine) = unset.get("ENGINE") else {
        return Vec::new();
    };
    if engine.value.as_str() != Some("django.db.backends.sqlite3") || !b.value.vars().is_empty() {
        return Vec::new();
    }
    let f = CHECK
        .finding(
            cx,
            cx.settings_location(&engine.loc),
            format!(
                "the default database is SQLite in {}: the platform's disk is ephemeral, so every restart or deploy loses the data written to it",
                s.describe()
            ),
        )
        .with_label("SQLite here")
        .with_help("use the platform's Postgres: `DATABASES = {\"default\": dj_database_url.config(conn_max_age=600)}` (dj-database-url) reads DATABASE_URL")
        .with_subject("DATABASES");
    vec![with_settings(f, s)]
}
