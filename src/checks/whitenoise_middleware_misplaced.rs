use super::django::{list_entries, with_settings, SECURITY_MIDDLEWARE};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS405",
    name: "whitenoise-middleware-misplaced",
    severity: Severity::Warning,
    summary: "WhiteNoise's middleware is not directly after SecurityMiddleware",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS405"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let entries = list_entries(s, "MIDDLEWARE");
    let text = |i: usize| entries.get(i).and_then(|e| e.value.as_str());
    let Some(wn) = (0..entries.len())
        .find(|&i| text(i).is_some_and(|t| t.starts_with("whitenoise.middleware.")))
    else {
        return Vec::new();
    };
    let security = (0..entries.len()).find(|&i| text(i) == Some(SECURITY_MIDDLEWARE));
    let expected = security.map_or(0, |i| i + 1);
    if wn == expected {
        return Vec::new();
    }
    let Some(elem) = entries.get(wn) else {
        return Vec::new();
    };
    let placement = match security {
        Some(i) if wn < i => "before SecurityMiddleware".to_string(),
        Some(_) => format!("after {}", text(wn - 1).unwrap_or("other middleware")),
        None => "not first".to_string(),
    };
    let mut f = CHECK
        .finding(
            cx,
            cx.settings_location(&elem.loc),
            format!(
                "WhiteNoise's middleware is {placement} in MIDDLEWARE ({}): it must come directly after SecurityMiddleware, above all other middleware, or responses to static files skip the security headers and other middleware run needlessly for them",
                s.describe()
            ),
        )
        .with_label("move this line")
        .with_help(format!("put \"whitenoise.middleware.WhiteNoiseMiddleware\" directly after \"{SECURITY_MIDDLEWARE}\""))
        .with_subject("MIDDLEWARE");
    if let Some(sec) = security.and_then(|i| entries.get(i)) {
        f = f.with_related(cx.settings_location(&sec.loc), "SecurityMiddleware is here");
    }
    if let Some((name, loc)) = s.helpers.first() {
        if *loc == elem.loc {
            f = f.with_help(format!("`{name}(locals())` inserts WhiteNoise first (django-heroku#32); call it with `staticfiles=False` and add WhiteNoise yourself directly after SecurityMiddleware"));
        }
    }
    vec![with_settings(f, s).with_data("static_serving", "whitenoise")]
}
