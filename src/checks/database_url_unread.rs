use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS609",
    name: "database-url-unread",
    severity: Severity::Warning,
    summary: "A Postgres driver is installed but the settings never read DATABASE_URL",
    platforms: &[
        Platform::Fly,
        Platform::Heroku,
        Platform::Railway,
        Platform::Render,
    ],
    doc: check_doc!("PAAS609"),
    run,
};

const POSTGRES_DRIVERS: &[&str] = &["psycopg2", "psycopg2-binary", "psycopg", "psycopg-binary"];

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(driver) = POSTGRES_DRIVERS.iter().find(|d| cx.dependency(d).is_some()) else {
        return Vec::new();
    };
    let Some(b) = s.get("DATABASES") else {
        return Vec::new();
    };
    // Settings configured from other variables (PGHOST…) are left alone.
    if s.reads_var("DATABASE_URL") || !b.value.vars().is_empty() || b.value.is_symbolic() {
        return Vec::new();
    }
    if matches!(
        b.value.when_unset().get("default").map(|e| &e.value),
        Some(crate::settings::value::Value::Database { .. })
    ) {
        return Vec::new();
    }
    let f = CHECK
        .finding(
            cx,
            cx.settings_location(&b.loc),
            format!(
                "`{driver}` is a dependency but {} never reads DATABASE_URL: Heroku, Render, Railway and Fly.io give the attached Postgres only as DATABASE_URL, so the app keeps using the database written here",
                s.describe()
            ),
        )
        .with_help("read it with dj-database-url: `DATABASES = {\"default\": dj_database_url.config(conn_max_age=600)}` (or django-environ's `env.db()`)")
        .with_subject("DATABASES");
    vec![with_settings(f, s)]
}
