use super::django::{except_marked_platforms, outcomes, when_unset_phrase, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS601",
    name: "debug-enabled",
    severity: Severity::Error,
    summary: "DEBUG is True in the production settings (Django security.W018) or the Flask config",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS601"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = flask(cx);
    out.extend(django(cx));
    out
}

/// `app.config["DEBUG"] = True`, `app.debug = True`, `DEBUG = True` in a
/// config class (not `app.run(debug=True)` under `__main__`).
fn flask(cx: &Context) -> Vec<Finding> {
    let Some(facts) = &cx.app.flask else {
        return Vec::new();
    };
    facts
        .debug
        .iter()
        .map(|loc| {
            CHECK
                .finding(
                    cx,
                    cx.settings_location(loc),
                    "DEBUG is switched on in the app's config: in production the debugger and tracebacks are shown to visitors",
                )
                .with_label("DEBUG is True here")
                .with_help("read it from the environment, e.g. `app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\"`, or leave it unset")
                .with_subject("DEBUG")
        })
        .collect()
}

fn django(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(b) = s.get("DEBUG") else {
        return Vec::new();
    };
    if b.value.when_unset().truthy() != Some(true) {
        return Vec::new();
    }
    let condition = when_unset_phrase(&b.value);
    let message = match &condition {
        Some(c) => format!(
            "DEBUG is True {c} ({}): a deploy that forgets the variable shows tracebacks and settings to every visitor and keeps every query in memory (Django's security.W018)",
            s.describe()
        ),
        None => format!(
            "DEBUG is True in {}: production shows tracebacks and settings to every visitor and keeps every query in memory (Django's security.W018)",
            s.describe()
        ),
    };
    let f = CHECK
        .finding(cx, cx.settings_location(&b.loc), message)
        .with_label("DEBUG is True here")
        .with_help("read DEBUG from the environment with a false default, e.g. `DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"\") == \"1\"`")
        .with_subject("DEBUG")
        .with_data("depends_on", b.value.vars())
        .with_data("outcomes", outcomes(&b.value))
        .with_data("django_check", "security.W018");
    vec![except_marked_platforms(
        with_settings(f, s),
        &b.value.vars(),
    )]
}
