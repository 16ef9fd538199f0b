use super::django::{list_entries, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS604",
    name: "csrf-trusted-origin-without-scheme",
    severity: Severity::Error,
    summary: "A CSRF_TRUSTED_ORIGINS entry has no scheme; Django 4.0+ refuses to start (4_0.E001)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS604"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    // Django before 4.0 wanted bare hosts here.
    if let Some(spec) = cx.dependency("django").and_then(|d| d.specifiers.as_ref()) {
        let text = spec.to_string();
        if text.starts_with("==")
            && (text.starts_with("==3") || text.starts_with("==2") || text.starts_with("==1"))
        {
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    for e in list_entries(s, "CSRF_TRUSTED_ORIGINS") {
        let Some(origin) = e.value.as_str() else {
            continue;
        };
        if origin.contains("://") || origin.is_empty() {
            continue;
        }
        let f = CHECK
            .finding(
                cx,
                cx.settings_location(&e.loc),
                format!(
                    "CSRF_TRUSTED_ORIGINS entry {origin:?} has no scheme ({}): Django 4.0 and later stop with 4_0.E001 and every command, `collectstatic` included, fails",
                    s.describe()
                ),
            )
            .with_label("no scheme")
            .with_help(format!("write it as \"https://{origin}\""))
            .with_subject(origin.to_string())
            .with_data("django_check", "4_0.E001");
        out.push(with_settings(f, s));
    }
    out
}
