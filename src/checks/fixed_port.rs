use super::bind_localhost::bind_example;
use super::entry_facts::{bind_finding, command_platforms, in_file, PORT_PLATFORMS};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS212",
    name: "fixed-port",
    severity: Severity::Error,
    summary: "The web server listens on a fixed port instead of the platform's $PORT",
    platforms: PORT_PLATFORMS,
    doc: check_doc!("PAAS212"),
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
        let Some(server) = parsed.server else {
            continue;
        };
        if parsed.bind.socket
            || matches!(
                server,
                crate::command::Server::PythonScript | crate::command::Server::Uwsgi
            ) && parsed.bind.port.is_none()
        {
            continue;
        }
        let span = parsed
            .bind
            .span
            .or(parsed.server_span)
            .unwrap_or(command.span);
        let port = parsed
            .bind
            .port
            .clone()
            .unwrap_or_else(|| server.default_bind().1.to_string());
        // Where the fixed port happens to equal the platform's default PORT, it works.
        let affected: Vec<Platform> = command_platforms(CHECK.platforms, command)
            .into_iter()
            // Fly.io sets no PORT: its port check is PAAS703.
            .filter(|p| CHECK.platforms.contains(p))
            .filter(|p| p.profile().default_port().map(|n| n.to_string()) != Some(port.clone()))
            .collect();
        if affected.is_empty() {
            continue;
        }
        let names = crate::platform::describe(&affected);
        let message = match parsed.bind.port.as_deref() {
            Some(port) if port.contains("PORT") => continue,
            Some(port) if port.contains('$') => continue,
            Some(port) => format!(
                "`{}` listens on the fixed port {port}; {names} route traffic to the port in $PORT",
                server.name()
            ),
            None if server.reads_port_env() => continue,
            None => {
                let (_, default_port) = server.default_bind();
                format!("`{}` does not read $PORT and no port is given, so it listens on {default_port}; {names} route traffic to the port in $PORT", server.name())
            }
        };
        out.push(
            bind_finding(&CHECK, cx, command, &parsed.bind, span, message)
                .with_label("not $PORT")
                .with_help(format!("use the platform's port: {}", bind_example(server)))
                .with_subject(command.process.clone())
                .with_data("port", port.clone())
                .with_platforms(&affected),
        );
    }
    for run in &cx.app.entry.script_runs {
        if run.reads_port_env {
            continue;
        }
        out.push(
            CHECK
                .finding(
                    cx,
                    in_file(cx, &run.file, run.span),
                    format!("`{}` listens on {}, not on the platform's $PORT", run.callee, run.port.as_deref().unwrap_or("its default port")),
                )
                .with_label("not $PORT")
                .with_help("pass `port=int(os.environ.get(\"PORT\", 8000))`, or serve the app with gunicorn (which reads PORT)")
                .with_subject(run.file.clone()),
        );
    }
    out
}
