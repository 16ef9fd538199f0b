use super::entry_facts::{command_finding, in_file};
use super::{check_doc, Check, Context};
use crate::command::Server;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS210",
    name: "dev-server-in-web-process",
    severity: Severity::Warning,
    summary: "The web process runs a development server (runserver, flask run, --reload, app.run)",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS210"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, command) in cx.app.commands.iter().enumerate() {
        if command.process != "web" {
            continue;
        }
        let Some(parsed) = cx.app.entry.commands.get(i) else {
            continue;
        };
        let server_span = parsed.server_span.unwrap_or(command.span);
        let (message, span, help) = match parsed.server {
            Some(Server::Runserver) => (
                "the web process runs Django's development server (`manage.py runserver`): single-threaded, unhardened, and it does not serve production traffic well".to_string(),
                server_span,
                "serve the WSGI module with gunicorn, e.g. `web: gunicorn <project>.wsgi`".to_string(),
            ),
            Some(Server::FlaskRun) => (
                "the web process runs Flask's development server (`flask run`)".to_string(),
                server_span,
                "serve the app with gunicorn, e.g. `web: gunicorn app:app`".to_string(),
            ),
            Some(_) if parsed.reload.is_some() => (
                "`--reload` watches files and restarts the server: a development option that costs memory and CPU in production".to_string(),
                parsed.reload.unwrap_or(server_span),
                "remove `--reload` from the web command".to_string(),
            ),
            _ => continue,
        };
        out.push(
            command_finding(&CHECK, cx, command, span, message)
                .with_label("development server")
                .with_help(help)
                .with_subject(command.process.clone()),
        );
    }
    for run in &cx.app.entry.script_runs {
        let Some(command) = cx.app.commands.get(run.command) else {
            continue;
        };
        if command.process != "web" {
            continue;
        }
        // uvicorn.run serves production traffic unless it reloads.
        if run.callee.starts_with("uvicorn") {
            if let Some(reload) = run.reload {
                out.push(
                    CHECK
                        .finding(
                            cx,
                            in_file(cx, &run.file, reload),
                            format!("`{}` runs with reload=True: it watches files and restarts the server, a development option that costs memory and CPU, and the web process `{}` reaches it", run.callee, command.text),
                        )
                        .with_label("development option")
                        .with_help("remove `reload=True` (or read it from the environment for local use)")
                        .with_subject(command.process.clone())
                        .with_data("reload", true),
                );
            }
            continue;
        }
        let mut finding = CHECK
            .finding(
                cx,
                in_file(cx, &run.file, run.span),
                format!("`{}` starts the framework's development server; the web process `{}` reaches it", run.callee, command.text),
            )
            .with_label("development server")
            .with_help("serve the app object with gunicorn instead, e.g. `web: gunicorn app:app`, and keep `app.run()` under `if __name__ == \"__main__\":` for local use")
            .with_subject(command.process.clone());
        if let Some(debug) = run.debug {
            finding = finding
                .with_related(
                    in_file(cx, &run.file, debug),
                    "debug=True: the interactive debugger runs any code a visitor sends",
                )
                .with_data("debug", true);
            finding.severity = Severity::Error;
        }
        out.push(finding);
    }
    out
}
