use super::entry_facts::{bind_finding, in_file};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS211",
    name: "bind-localhost",
    severity: Severity::Error,
    summary:
        "The web server listens on 127.0.0.1/localhost, which the platform's router cannot reach",
    // A loopback bind answers no router, whatever port the platform uses.
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS211"),
    run,
};

fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1") || host.starts_with("127.")
}

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
        if parsed.bind.socket {
            continue;
        }
        let span = match parsed.bind.host {
            Some(_) => parsed.bind.span.or(parsed.server_span),
            None => parsed.server_span,
        }
        .unwrap_or(command.span);
        let (default_host, _) = server.default_bind();
        let message = match parsed.bind.host.as_deref() {
            Some(host) if is_loopback(host) => format!("`{}` listens on `{host}`: only the container itself can connect, so the platform's router gets no answer", server.name()),
            None if default_host == "127.0.0.1" && !(server.reads_port_env() && parsed.bind.port.is_none()) => format!(
                "`{}` listens on 127.0.0.1 when no host is given: the platform's router cannot reach it",
                server.name()
            ),
            _ => continue,
        };
        out.push(
            bind_finding(&CHECK, cx, command, &parsed.bind, span, message)
                .with_label("listens on loopback only")
                .with_help(format!(
                    "listen on all interfaces and the platform's port: {}",
                    bind_example(server)
                ))
                .with_subject(command.process.clone()),
        );
    }
    for run in &cx.app.entry.script_runs {
        match run.host.as_deref() {
            Some(h) if !is_loopback(h.trim_matches(['"', '\''])) => continue,
            _ => {}
        }
        out.push(
            CHECK
                .finding(
                    cx,
                    in_file(cx, &run.file, run.span),
                    format!("`{}` listens on 127.0.0.1 (its default, or as given): the platform's router cannot reach it", run.callee),
                )
                .with_label("listens on loopback only")
                .with_help("pass `host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", 8000))`, or serve the app with gunicorn")
                .with_subject(run.file.clone()),
        );
    }
    out
}

/// The flags that make each server listen where platforms expect.
pub fn bind_example(server: crate::command::Server) -> &'static str {
    use crate::command::Server::*;
    match server {
        Gunicorn => "`--bind 0.0.0.0:$PORT` (or no --bind at all: gunicorn reads PORT)",
        Uvicorn => "`--host 0.0.0.0 --port $PORT`",
        Hypercorn => "`--bind 0.0.0.0:$PORT`",
        Daphne => "`-b 0.0.0.0 -p $PORT`",
        Waitress => "`--listen=*:$PORT`",
        Uwsgi => "`--http :$PORT`",
        Granian => "`--host 0.0.0.0 --port $PORT`",
        FlaskRun => "`--host 0.0.0.0 --port $PORT` (better: gunicorn)",
        Runserver => "`0.0.0.0:$PORT` (better: gunicorn)",
        Streamlit => "`--server.address 0.0.0.0 --server.port $PORT`",
        PythonScript => "`host=\"0.0.0.0\", port=int(os.environ[\"PORT\"])`",
    }
}
