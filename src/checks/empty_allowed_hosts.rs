use super::settings_facts::{setting_location, truthy};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::Value;

pub static CHECK: Check = Check {
    code: "PAAS603",
    name: "empty-allowed-hosts",
    severity: Severity::Error,
    summary: "ALLOWED_HOSTS is empty while DEBUG is off: every request gets 400 Bad Request",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS603"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let debug_on = settings.get("DEBUG").and_then(|s| truthy(&s.value)) == Some(true);
    if debug_on {
        return Vec::new();
    }
    let (location, message) = match settings.get("ALLOWED_HOSTS") {
        Some(s) if matches!(&s.value, Value::List(items) if items.is_empty()) => (
            setting_location(cx, s),
            "ALLOWED_HOSTS is empty and DEBUG is off: Django answers every request with 400 Bad Request (security.W020)".to_string(),
        ),
        Some(s) => match &s.value {
            Value::Branches(test, outcomes) if outcomes.iter().any(|v| matches!(v, Value::List(i) if i.is_empty())) => (
                setting_location(cx, s),
                format!("ALLOWED_HOSTS depends on `{test}` and is empty in one branch: that deploy answers every request with 400 Bad Request"),
            ),
            _ => return Vec::new(),
        },
        None => return Vec::new(),
    };
    vec![CHECK
        .finding(cx, location, message)
        .with_label("no allowed host")
        .with_help("list the app's host names, e.g. `ALLOWED_HOSTS = os.environ.get(\"DJANGO_ALLOWED_HOSTS\", \"\").split(\",\")` with the platform's domain set (`.onrender.com`, `.herokuapp.com`, `.fly.dev`, `.up.railway.app`)")
        .with_subject("ALLOWED_HOSTS")]
}
