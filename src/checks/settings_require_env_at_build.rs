use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::source::Span;

pub static CHECK: Check = Check {
    code: "PAAS605",
    name: "settings-require-env-at-build",
    severity: Severity::Warning,
    summary: "Settings raise at import when an environment variable is absent, which breaks collectstatic at build time",
    platforms: &[Platform::Heroku, Platform::Fly, Platform::Openshift, Platform::Digitalocean],
    doc: check_doc!("PAAS605"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(settings) = &cx.app.settings else {
        return Vec::new();
    };
    // One finding per settings file, listing every variable it requires.
    let mut by_file: Vec<(&str, Span, Vec<&str>)> = Vec::new();
    for (var, file, span) in &settings.required_env {
        match by_file.iter_mut().find(|(f, _, _)| f == file) {
            Some((_, _, vars)) if !vars.contains(&var.as_str()) => vars.push(var),
            Some(_) => {}
            None => by_file.push((file, *span, vec![var])),
        }
    }
    by_file
        .into_iter()
        .map(|(file, span, vars)| {
            let list = vars.iter().map(|v| format!("${v}")).collect::<Vec<_>>().join(", ");
            CHECK
                .finding(
                    cx,
                    in_file(cx, file, span),
                    format!("importing the settings raises when {list} {} unset: the build's `collectstatic` imports them, and builders that do not pass runtime variables to the build (Heroku's CNB, Fly.io, OpenShift) stop there", if vars.len() == 1 { "is" } else { "are" }),
                )
                .with_label(format!("raises without ${}", vars[0]))
                .with_help("give each a build-safe default (`os.environ.get(\"NAME\", \"\")`) and check it at runtime, or make the variables available at build time")
                .with_subject(file.to_string())
                .with_data("variables", vars.iter().map(|v| v.to_string()).collect::<Vec<_>>())
        })
        .collect()
}
