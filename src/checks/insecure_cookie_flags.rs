use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS610",
    name: "insecure-cookie-flags",
    severity: Severity::Warning,
    summary: "SESSION_COOKIE_SECURE or CSRF_COOKIE_SECURE is not True (Django security.W012/W016)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS610"),
    run,
};

const FLAGS: &[(&str, &str, &str)] = &[
    (
        "SESSION_COOKIE_SECURE",
        "security.W012",
        "the session cookie",
    ),
    ("CSRF_COOKIE_SECURE", "security.W016", "the CSRF cookie"),
];

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    // When Django itself warns (django/core/checks/security, Django 5.2.19):
    // W010-W012 when the sessions app or SessionMiddleware is installed; W016
    // when CsrfViewMiddleware is installed and CSRF_USE_SESSIONS is off.
    // A list that is not fully known counts as installed.
    let listed = |setting: &str, entry: &str| {
        !super::django::list_is_known(s, setting)
            || super::django::entry(s, setting, entry).is_some()
    };
    let session_used = listed("INSTALLED_APPS", "django.contrib.sessions")
        || listed(
            "MIDDLEWARE",
            "django.contrib.sessions.middleware.SessionMiddleware",
        );
    let csrf_used = listed("MIDDLEWARE", "django.middleware.csrf.CsrfViewMiddleware")
        && s.when_unset("CSRF_USE_SESSIONS").truthy() != Some(true);
    let mut out = Vec::new();
    for (name, id, what) in FLAGS {
        let applies = if *name == "SESSION_COOKIE_SECURE" {
            session_used
        } else {
            csrf_used
        };
        if !applies {
            continue;
        }
        // True when no variable is set, or computed from variables: not provably off.
        let value = s.when_unset(name);
        let off = match &value {
            Value::Bool(b) => !b,
            Value::Undefined => true,
            _ => false,
        };
        if !off {
            continue;
        }
        let location = match s.get(name) {
            Some(b) => cx.settings_location(&b.loc),
            None => cx
                .project
                .file(&s.path)
                .map(Location::file_start)
                .unwrap_or_else(|| Location::path_only(s.path.clone())),
        };
        let how = if matches!(value, Value::Undefined) {
            "is not set (Django's default is False)"
        } else {
            "is False"
        };
        let f = CHECK
            .finding(
                cx,
                location,
                format!("{name} {how} in {}: browsers send {what} over plain HTTP too (Django's {id})", s.describe()),
            )
            .with_help(format!("set `{name} = True` in the production settings (platforms terminate TLS for you; add `SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")` so Django knows)"))
            .with_subject(name.to_string())
            .with_data("django_check", *id);
        out.push(with_settings(f, s));
    }
    out
}
