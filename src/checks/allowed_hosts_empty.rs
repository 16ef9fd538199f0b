use super::django::{outcomes, when_unset_phrase, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::value::Value;

pub static CHECK: Check = Check {
    code: "PAAS603",
    name: "allowed-hosts-empty",
    severity: Severity::Error,
    summary: "ALLOWED_HOSTS is empty with DEBUG off: every request gets 400 Bad Request (Django security.W020)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS603"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    if s.when_unset("DEBUG").truthy() != Some(false) {
        return Vec::new();
    }
    let (value, loc) = match s.get("ALLOWED_HOSTS") {
        Some(b) => (b.value.clone(), b.loc.clone()),
        None => match s.get("DEBUG") {
            Some(d) => (Value::List(Vec::new()), d.loc.clone()),
            None => return Vec::new(),
        },
    };
    let Value::List(hosts) = value.when_unset() else {
        return Vec::new();
    };
    let empty = hosts
        .iter()
        .all(|e| e.value.as_str().is_some_and(|h| h.trim().is_empty()));
    if !empty {
        return Vec::new();
    }
    let condition = when_unset_phrase(&value);
    let mut f = CHECK
        .finding(
            cx,
            cx.settings_location(&loc),
            format!(
                "ALLOWED_HOSTS is empty{} while DEBUG is off ({}): Django answers every request with 400 Bad Request (DisallowedHost) (Django's security.W020)",
                condition.as_ref().map(|c| format!(" {c}")).unwrap_or_default(),
                s.describe()
            ),
        )
        .with_help(format!(
            "list the hosts the platforms serve the app on: `ALLOWED_HOSTS = [{}]` (a leading dot allows every subdomain; add your own domain too)",
            platform_domains(cx)
        ))
        .with_subject("ALLOWED_HOSTS")
        .with_data("depends_on", value.vars())
        .with_data("outcomes", outcomes(&value))
        .with_data("django_check", "security.W020");
    if condition.is_some() {
        f.severity = Severity::Warning;
    }
    vec![with_settings(f, s)]
}

/// The default domains of every platform that has one, quoted for Python:
/// a list without one of them is PAAS613 on that platform.
pub fn platform_domains(_cx: &Context) -> String {
    let mut domains: Vec<String> = Vec::new();
    for p in Platform::ALL {
        for d in crate::platform_hosts::of(p).map_or(&[][..], |e| e.domains.as_slice()) {
            let quoted = format!("{d:?}");
            if !domains.contains(&quoted) {
                domains.push(quoted);
            }
        }
    }
    domains.join(", ")
}
