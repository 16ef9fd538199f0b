use super::settings_facts::settings_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS607",
    name: "database-url-unread",
    severity: Severity::Warning,
    summary: "A PostgreSQL driver is installed but the settings never read DATABASE_URL",
    platforms: &[
        Platform::Heroku,
        Platform::Render,
        Platform::Railway,
        Platform::Fly,
        Platform::Dokku,
    ],
    doc: check_doc!("PAAS607"),
    run,
};

const DRIVERS: &[&str] = &[
    "psycopg",
    "psycopg2",
    "psycopg2-binary",
    "psycopg-binary",
    "asyncpg",
];

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    if settings.reads_env("DATABASE_URL")
        || !DRIVERS.iter().any(|d| cx.app.deps.declares_runtime(d))
    {
        return Vec::new();
    }
    vec![CHECK
        .finding(
            cx,
            settings_location(cx, settings, "DATABASES"),
            format!("a PostgreSQL driver is installed, but `{}` never reads DATABASE_URL, the variable through which Heroku, Render, Railway, Fly.io and Dokku hand the app its database", settings.module),
        )
        .with_label("DATABASE_URL not read")
        .with_help("read it with dj-database-url (`dj_database_url.config(conn_max_age=600)`) or django-environ (`env.db()`)")
        .with_subject("DATABASE_URL")]
}
