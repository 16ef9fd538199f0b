use super::settings_facts::{describe_env, setting_location, truthy};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::settings::Value;

pub static CHECK: Check = Check {
    code: "PAAS601",
    name: "debug-enabled",
    severity: Severity::Warning,
    summary: "DEBUG is True in the production settings, or True whenever its environment variable is unset",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS601"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    let Some(setting) = settings.get("DEBUG") else {
        return Vec::new();
    };
    let (message, severity) = match &setting.value {
        Value::Bool(true) => (format!("DEBUG = True in `{}`, the settings the deployed app uses: error pages show settings, code and SQL to every visitor (Django security.W018)", settings.module), Severity::Warning),
        v @ Value::Env { var, .. } if truthy(v) == Some(true) => (
            format!("DEBUG is {}: a deploy that does not set ${var} runs with DEBUG on", describe_env(v).unwrap_or_default()),
            Severity::Warning,
        ),
        _ => return Vec::new(),
    };
    vec![CHECK
        .finding(cx, setting_location(cx, setting), message)
        .with_label("DEBUG on")
        .with_help("default DEBUG to False and enable it only locally, e.g. `DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\"`")
        .with_subject("DEBUG")
        .with_severity(severity)
        .with_data("settings_module", settings.module.clone())]
}
