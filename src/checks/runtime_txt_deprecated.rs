use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::python_version::SourceKind;

pub static CHECK: Check = Check {
    code: "PAAS503",
    name: "runtime-txt-deprecated",
    severity: Severity::Warning,
    summary: "runtime.txt is deprecated on Heroku (an error on its newer builder); .python-version replaces it",
    platforms: &[Platform::Heroku, Platform::Dokku, Platform::Digitalocean],
    doc: check_doc!("PAAS503"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(source) = cx.app.python.get(SourceKind::RuntimeTxt) else {
        return Vec::new();
    };
    let target = source
        .version
        .map(|v| v.minor_string())
        .unwrap_or_else(|| "3.13".to_string());
    vec![CHECK
        .finding(
            cx,
            in_file(cx, &source.path, source.span),
            "runtime.txt is deprecated: Heroku's classic builder warns (\"The runtime.txt file is deprecated\") and its newer builder rejects it",
        )
        .with_label("deprecated file")
        .with_help(format!("delete runtime.txt and create `.python-version` containing `{target}` (major version only, so security patches arrive)"))
        .with_subject("runtime.txt")]
}
