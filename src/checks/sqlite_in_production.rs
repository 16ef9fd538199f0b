use super::settings_facts::setting_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS606",
    name: "sqlite-in-production",
    severity: Severity::Warning,
    summary: "The production database is SQLite on the platform's ephemeral disk",
    platforms: &[
        Platform::Heroku,
        Platform::Render,
        Platform::Railway,
        Platform::Fly,
        Platform::Google,
        Platform::Azure,
        Platform::Digitalocean,
        Platform::Dokku,
    ],
    doc: check_doc!("PAAS606"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("DATABASES") else {
        return Vec::new();
    };
    let engine = setting
        .value
        .get("default")
        .and_then(|d| d.get("ENGINE"))
        .and_then(|e| e.as_str());
    if !engine.is_some_and(|e| e.contains("sqlite3")) {
        return Vec::new();
    }
    vec![CHECK
        .finding(
            cx,
            setting_location(cx, setting),
            format!("`{}` uses SQLite: the platforms' disks are ephemeral, so every restart or deploy loses the data, and each instance has its own copy", settings.module),
        )
        .with_label("SQLite database")
        .with_help("use the platform's PostgreSQL and read its DATABASE_URL, e.g. `DATABASES = {\"default\": dj_database_url.config(conn_max_age=600)}`")
        .with_subject("DATABASES")]
}
