use super::settings_facts::setting_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS604",
    name: "csrf-origin-without-scheme",
    severity: Severity::Error,
    summary: "CSRF_TRUSTED_ORIGINS entries without a scheme, which Django 4.0+ rejects",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS604"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("CSRF_TRUSTED_ORIGINS") else {
        return Vec::new();
    };
    setting
        .value
        .strings()
        .into_iter()
        .filter(|o| !o.contains("://"))
        .map(|origin| {
            let fixed = match origin.strip_prefix('.') {
                Some(domain) => format!("https://*.{domain}"),
                None => format!("https://{origin}"),
            };
            CHECK
                .finding(cx, setting_location(cx, setting), format!("CSRF_TRUSTED_ORIGINS entry `{origin}` has no scheme: Django 4.0 and later refuse to start (4_0.E001)"))
                .with_label("origin without scheme")
                .with_help(format!("write it with its scheme: `{fixed}`"))
                .with_subject(origin.to_string())
        })
        .collect()
}
