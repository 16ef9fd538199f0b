use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;
use crate::profile::version_readers;

pub static CHECK: Check = Check {
    code: "PAAS502",
    name: "invalid-python-version",
    severity: Severity::Error,
    summary:
        "A .python-version, runtime.txt or Pipfile.lock that names no valid version, or several",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Google,
    ],
    doc: check_doc!("PAAS502"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    cx.app
        .python
        .problems
        .iter()
        .map(|p| {
            let location = match p.span {
                Some(span) => in_file(cx, &p.path, span),
                None => Location::path_only(p.path.clone()),
            };
            CHECK
                .finding(cx, location, p.message.clone())
                .with_platforms(&version_readers(CHECK.platforms, p.kind))
                .with_label(if p.several {
                    "second version"
                } else {
                    "not a version"
                })
                .with_help(p.fix.clone())
                .with_subject(p.path.clone())
        })
        .collect()
}
