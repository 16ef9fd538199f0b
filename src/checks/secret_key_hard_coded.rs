use super::django::{outcomes, with_settings};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS602",
    name: "secret-key-hard-coded",
    severity: Severity::Warning,
    summary: "SECRET_KEY is written in the repository or is Django's insecure placeholder (Django security.W009); Flask too",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS602"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = flask(cx);
    out.extend(django(cx));
    out
}

fn flask(cx: &Context) -> Vec<Finding> {
    let Some(facts) = &cx.app.flask else {
        return Vec::new();
    };
    facts
        .secret_keys
        .iter()
        .map(|(loc, var)| {
            let message = match var {
                Some(var) => format!("SECRET_KEY falls back to a literal in the repository when {var} is not set: a deploy that forgets the variable signs sessions with a public key"),
                None => "SECRET_KEY is a literal string in the repository: anyone with the code can forge the app's session cookies".to_string(),
            };
            CHECK
                .finding(cx, cx.settings_location(loc), message)
                .with_label("key written here")
                .with_help("read it from the environment, e.g. `app.config[\"SECRET_KEY\"] = os.environ[\"SECRET_KEY\"]`, and set it on the platform")
                .with_subject("SECRET_KEY")
                .with_data("depends_on", var.iter().cloned().collect::<Vec<_>>())
        })
        .collect()
}

fn django(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let Some(b) = s.get("SECRET_KEY") else {
        return Vec::new();
    };
    let unset = b.value.when_unset();
    let Some(key) = unset.as_str() else {
        return Vec::new();
    };
    // An empty key is not a secret in the code: Django refuses to run with it.
    if key.is_empty() {
        return Vec::new();
    }
    let vars = b.value.vars();
    let insecure = key.starts_with("django-insecure-");
    let what = if insecure {
        "starts with `django-insecure-` (the key `startproject` generates for development)"
    } else {
        "is a literal string in the repository"
    };
    let message = if vars.is_empty() {
        format!(
            "SECRET_KEY {what} in {}: anyone with the code can forge sessions, password-reset links and signed cookies (Django's security.W009)",
            s.describe()
        )
    } else {
        format!(
            "SECRET_KEY falls back to a key that {what} when {} is not set ({}): a deploy that forgets the variable signs sessions with a public key (Django's security.W009)",
            vars.join(" and "),
            s.describe()
        )
    };
    let f = CHECK
        .finding(cx, cx.settings_location(&b.loc), message)
        .with_label("key written here")
        .with_help("read the key from the environment, e.g. `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]` (or `env(\"DJANGO_SECRET_KEY\")`), set it as a config var on the platform, and rotate the committed key")
        .with_subject("SECRET_KEY")
        .with_data("depends_on", vars)
        .with_data("outcomes", outcomes(&b.value))
        .with_data("insecure_prefix", insecure)
        .with_data("django_check", "security.W009");
    vec![with_settings(f, s)]
}
