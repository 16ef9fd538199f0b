use super::settings_facts::setting_location;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::Value;

pub static CHECK: Check = Check {
    code: "PAAS602",
    name: "hard-coded-secret-key",
    severity: Severity::Warning,
    summary: "SECRET_KEY is a literal in the repository, or Django's django-insecure- placeholder",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS602"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("SECRET_KEY") else {
        return Vec::new();
    };
    let (key, via_default) = match &setting.value {
        Value::Str(s) => (s.clone(), None),
        Value::Env {
            var,
            default: Some(d),
            ..
        } => match &**d {
            Value::Str(s) if !s.is_empty() => (s.clone(), Some(var.clone())),
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    let insecure = key.starts_with("django-insecure-");
    let message = match (&via_default, insecure) {
        (None, true) => "SECRET_KEY is Django's generated `django-insecure-` placeholder, committed to the repository (security.W009): anyone with the code can forge sessions and password-reset links".to_string(),
        (None, false) => "SECRET_KEY is a literal committed to the repository: anyone with the code can forge sessions and password-reset links".to_string(),
        (Some(var), _) => format!("SECRET_KEY falls back to a committed literal when ${var} is unset: a deploy that forgets the variable signs sessions with a public key"),
    };
    vec![CHECK
        .finding(cx, setting_location(cx, setting), message)
        .with_label("committed secret")
        .with_help("read it from the environment with no default (`SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]`), set it on the platform, and rotate the committed one")
        .with_subject("SECRET_KEY")
        .with_data("django_insecure", insecure)]
}
