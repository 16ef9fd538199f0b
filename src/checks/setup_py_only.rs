use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS107",
    name: "setup-py-only",
    severity: Severity::Error,
    summary: "setup.py or setup.cfg is the only dependency manifest",
    platforms: &[Platform::Heroku, Platform::Dokku],
    doc: check_doc!("PAAS107"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let setup = ["setup.py", "setup.cfg"]
        .into_iter()
        .find(|n| cx.root_has(n));
    let Some(setup) = setup else {
        return Vec::new();
    };
    if !cx.managers().is_empty() || cx.root_has("Pipfile") || cx.root_has("pyproject.toml") {
        return Vec::new();
    }
    let location = cx.anchor(&[setup]);
    vec![CHECK
        .finding(
            cx,
            location,
            format!("`{}` is the only dependency manifest: Heroku no longer installs from it (\"Implicit setup.py file support has been sunset\")", cx.app.path(setup)),
        )
        .with_help("create requirements.txt containing the single line `--editable .` (or `.`)")
        .with_subject(setup)]
}
