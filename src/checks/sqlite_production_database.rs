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
    // A URL read from the environment (dj-database-url, env.db) with a
    // SQLite fallback is the usual pattern and fine once the URL is set.
    let Value::Dict(_) = &b.value else {
        return Vec::new();
    };
    let Some(default) = b.value.get("default") else {
        return Vec::new();
    };
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
