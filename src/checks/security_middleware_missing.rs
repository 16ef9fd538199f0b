use super::django::{list_entries, list_is_known, with_settings, SECURITY_MIDDLEWARE};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS605",
    name: "security-middleware-missing",
    severity: Severity::Warning,
    summary: "SecurityMiddleware or CsrfViewMiddleware is missing from MIDDLEWARE (Django security.W001/W003)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS605"),
    run,
};

const REQUIRED: &[(&str, &str, &str)] = &[
    (
        SECURITY_MIDDLEWARE,
        "security.W001",
        "HSTS, SSL redirect and the other security headers are never set",
    ),
    (
        "django.middleware.csrf.CsrfViewMiddleware",
        "security.W003",
        "forms are not protected against cross-site request forgery",
    ),
];

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(b) = s.get("MIDDLEWARE") else {
        return Vec::new();
    };
    // Only a list we fully know can be said to lack something.
    if !list_is_known(s, "MIDDLEWARE") {
        return Vec::new();
    }
    let entries = list_entries(s, "MIDDLEWARE");
    let mut out = Vec::new();
    for (name, id, effect) in REQUIRED {
        if entries.iter().any(|e| e.value.as_str() == Some(name)) {
            continue;
        }
        let f = CHECK
            .finding(
                cx,
                cx.settings_location(&b.loc),
                format!(
                    "MIDDLEWARE in {} lacks \"{name}\": {effect} (Django's {id})",
                    s.describe()
                ),
            )
            .with_help(format!("add \"{name}\" to MIDDLEWARE"))
            .with_subject(name.to_string())
            .with_data("django_check", *id);
        out.push(with_settings(f, s));
    }
    out
}
