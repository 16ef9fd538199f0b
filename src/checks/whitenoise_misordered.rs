use super::settings_facts::{setting_location, SECURITY, WHITENOISE};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS403",
    name: "whitenoise-misordered",
    severity: Severity::Warning,
    summary: "WhiteNoise's middleware is not directly after SecurityMiddleware",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS403"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("MIDDLEWARE") else {
        return Vec::new();
    };
    let list = setting.value.strings();
    let (Some(w), Some(s)) = (
        list.iter().position(|m| *m == WHITENOISE),
        list.iter().position(|m| *m == SECURITY),
    ) else {
        return Vec::new();
    };
    if w == s + 1 {
        return Vec::new();
    }
    let place = if w < s {
        "before SecurityMiddleware"
    } else {
        "after other middleware"
    };
    vec![CHECK
        .finding(
            cx,
            setting_location(cx, setting),
            format!("WhiteNoise's middleware sits {place} (position {} of {}): WhiteNoise's documentation requires it directly after SecurityMiddleware, above all others, so that static responses skip the rest", w + 1, list.len()),
        )
        .with_label("WhiteNoise out of place")
        .with_help(format!("move `\"{WHITENOISE}\"` to directly after `\"{SECURITY}\"`"))
        .with_subject("MIDDLEWARE")]
}
