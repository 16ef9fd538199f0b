use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::entry::{AppKind, Outcome};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS304",
    name: "factory-served-as-app",
    severity: Severity::Error,
    summary: "The command serves an app factory function as if it were the app",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS304"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for resolution in &cx.app.entry.resolutions {
        let Outcome::Resolved {
            kind: AppKind::Factory,
            binding,
            ..
        } = &resolution.outcome
        else {
            continue;
        };
        let target = &resolution.target;
        if target.factory_call {
            continue;
        }
        let Some(command) = cx.app.commands.get(resolution.command) else {
            continue;
        };
        out.push(
            command_finding(&CHECK, cx, command, target.span,
                    format!("`{}` is a function that builds the app, but the server calls it as the app itself: requests fail", binding.name),
                )
                .with_label("a factory, not an app")
                .with_help(format!("call it: `gunicorn \"{0}:{1}()\"`, `uvicorn {0}:{1} --factory`, or `waitress-serve --call {0}:{1}`", target.module, binding.name))
                .with_subject(format!("{}:{}", target.module, binding.name)),
        );
    }
    out
}
