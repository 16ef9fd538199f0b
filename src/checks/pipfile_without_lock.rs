use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS106",
    name: "pipfile-without-lock",
    severity: Severity::Error,
    summary: "A Pipfile without Pipfile.lock",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Openshift,
        Platform::Railway,
    ],
    doc: check_doc!("PAAS106"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if !cx.root_has("Pipfile") || cx.root_has("Pipfile.lock") {
        return Vec::new();
    }
    let location = cx.anchor(&["Pipfile"]);
    vec![CHECK
        .finding(
            cx,
            location,
            format!("`{}` has no `Pipfile.lock`: Heroku stops (\"No 'Pipfile.lock' found\"), OpenShift's `pipenv install --deploy` fails, Railway installs unpinned versions", cx.app.path("Pipfile")),
        )
        .with_help("run `pipenv lock` and commit Pipfile.lock")
        .with_subject("Pipfile.lock")]
}
