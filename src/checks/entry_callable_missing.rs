use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::entry::Outcome;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS302",
    name: "entry-callable-missing",
    severity: Severity::Error,
    summary:
        "The module exists but binds no such name at its top level (\"Failed to find attribute\")",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS302"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for resolution in &cx.app.entry.resolutions {
        let Outcome::CallableMissing {
            file,
            callable,
            suggestions,
        } = &resolution.outcome
        else {
            continue;
        };
        let Some(command) = cx.app.commands.get(resolution.command) else {
            continue;
        };
        let target = &resolution.target;
        let defaulted = target.callable.is_none();
        let message = if defaulted {
            format!("`{}` names no object, so the server looks for `{callable}`, which `{file}` does not define at its top level", target.module)
        } else {
            format!("`{file}` defines no top-level `{callable}`: the server stops with \"Failed to find attribute '{callable}'\"")
        };
        let help = match suggestions.first() {
            Some(name) if ["create_app", "make_app", "create_application", "get_app", "app_factory"].contains(&name.as_str()) => {
                format!("the module has a factory: serve `\"{}:{name}()\"` (gunicorn) or `{}:{name} --factory` (uvicorn)", target.module, target.module)
            }
            Some(name) => format!("did you mean `{}:{name}`?", target.module),
            None => "bind the app object at module level (e.g. `app = Flask(__name__)`), or name the object that exists".to_string(),
        };
        let mut finding = command_finding(&CHECK, cx, command, target.span, message)
            .with_label(format!("no `{callable}` in `{}`", target.module))
            .with_help(help)
            .with_subject(format!("{}:{callable}", target.module))
            .with_data("suggestions", suggestions.clone());
        if let Some(f) = cx.project.file(file) {
            finding = finding.with_related(Location::file_start(f), "this module");
        }
        out.push(finding);
    }
    out
}
