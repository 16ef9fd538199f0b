use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS607",
    name: "settings-env-required-at-build",
    severity: Severity::Warning,
    summary: "The settings raise at import when an environment variable is absent, which breaks collectstatic at build",
    platforms: &[Platform::Heroku, Platform::Fly, Platform::Openshift],
    doc: check_doc!("PAAS607"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    let first = s.required_reads();
    let vars: Vec<&str> = first.iter().map(|r| r.read.var.as_str()).collect();
    let Some((head, rest)) = first.split_first() else {
        return Vec::new();
    };
    let var = &head.read.var;
    let others = if vars.len() > 1 {
        format!(" (and {} more: {})", vars.len() - 1, vars[1..].join(", "))
    } else {
        String::new()
    };
    let mut f = CHECK
        .finding(
            cx,
            cx.settings_location(&head.read.loc),
            format!(
                "importing {} fails when {var} is not set{others}: the build's `manage.py collectstatic` then stops where config vars are not given to the build (Fly.io Docker builds, OpenShift s2i, Heroku apps without the var)",
                s.describe()
            ),
        )
        .with_label(format!("raises when {var} is absent"))
        .with_help(format!("give {var} a default that is safe at build time (e.g. `os.environ.get(\"{var}\", \"\")`), or set it for the build as well"))
        .with_subject(var.clone())
        .with_data("variables", vars.iter().map(|v| v.to_string()).collect::<Vec<_>>())
        .with_data(
            "needs_env",
            serde_json::json!({"build": vars.iter().map(|v| v.to_string()).collect::<Vec<_>>()}),
        );
    for r in rest.iter().take(5) {
        f = f.with_related(
            cx.settings_location(&r.read.loc),
            format!("raises when {} is absent", r.read.var),
        );
    }
    vec![with_settings(f, s)]
}
