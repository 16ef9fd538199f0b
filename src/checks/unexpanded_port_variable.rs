use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS213",
    name: "unexpanded-port-variable",
    severity: Severity::Error,
    summary: "`$PORT` is passed literally (exec form or single quotes), so the server gets the text `$PORT`",
    platforms: &[Platform::Railway, Platform::Fly, Platform::Google, Platform::Render, Platform::Heroku],
    doc: check_doc!("PAAS213"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, command) in cx.app.commands.iter().enumerate() {
        let Some(parsed) = cx.app.entry.commands.get(i) else {
            continue;
        };
        if !parsed.bind.port_unexpanded {
            continue;
        }
        let span = parsed.bind.span.unwrap_or(command.span);
        let why = if command.argv.is_some() {
            "this command runs without a shell (exec form)"
        } else {
            "single quotes stop the shell from expanding it"
        };
        out.push(
            command_finding(&CHECK, cx, command, span,
                    format!("`$PORT` reaches the server as literal text: {why}, and the server fails with an invalid port"),
                )
                .with_label("not expanded")
                .with_help("run it through a shell (`sh -c \"… --port $PORT\"`) or use double quotes; or use gunicorn, which reads PORT itself")
                .with_subject(command.process.clone()),
        );
    }
    out
}
