use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS612",
    name: "env-var-required-at-boot",
    severity: Severity::Info,
    summary: "The settings raise at import unless these environment variables are set: the app is ready only once they are set as config vars",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS612"),
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
    let list = vars.join(", ");
    let mut f = CHECK
        .finding(
            cx,
            cx.settings_location(&head.read.loc),
            format!(
                "importing {} raises unless {list} {} set: every platform must have {} as config vars before the app can start",
                s.describe(),
                if vars.len() == 1 { "is" } else { "are" },
                if vars.len() == 1 { "it" } else { "them" },
            ),
        )
        .with_label(format!("raises when {} is absent", head.read.var))
        .with_help(format!(
            "set {list} on each platform (Heroku: `heroku config:set {}=…`; Render, Railway, Fly.io secrets, DigitalOcean, Azure: the app's environment settings)",
            head.read.var
        ))
        .with_subject(head.read.var.clone())
        .with_data("variables", vars.iter().map(|v| v.to_string()).collect::<Vec<_>>())
        .with_data(
            "needs_env",
            serde_json::json!({"boot": vars.iter().map(|v| v.to_string()).collect::<Vec<_>>()}),
        );
    for r in rest.iter().take(5) {
        f = f.with_related(
            cx.settings_location(&r.read.loc),
            format!("raises when {} is absent", r.read.var),
        );
    }
    vec![with_settings(f, s)]
}
