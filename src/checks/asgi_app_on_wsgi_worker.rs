use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::command::Server;
use crate::entry::{AppKind, Outcome};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS303",
    name: "asgi-app-on-wsgi-worker",
    severity: Severity::Error,
    summary: "An ASGI app (FastAPI, Starlette, Quart, Litestar, Django asgi) served by gunicorn's sync WSGI worker",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS303"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for resolution in &cx.app.entry.resolutions {
        // An ASGI app, or a factory (served with `()`/`--factory`) whose module builds one.
        let constructor = match &resolution.outcome {
            Outcome::Resolved {
                kind: AppKind::Asgi(constructor),
                ..
            } => constructor,
            Outcome::Resolved {
                kind: AppKind::Factory,
                factory_builds_asgi: Some(constructor),
                ..
            } if resolution.target.factory_call => constructor,
            _ => continue,
        };
        let Some(parsed) = cx.app.entry.commands.get(resolution.command) else {
            continue;
        };
        let Some(command) = cx.app.commands.get(resolution.command) else {
            continue;
        };
        let asgi_worker = parsed
            .worker_class
            .as_deref()
            .is_some_and(|k| k.to_ascii_lowercase().contains("uvicorn") || k.contains("asgi"));
        let wsgi_server = match parsed.server {
            Some(Server::Gunicorn) => !asgi_worker,
            Some(Server::Waitress) => true,
            Some(Server::Uwsgi) => true,
            Some(Server::Granian) => parsed.worker_class.as_deref() == Some("wsgi"),
            _ => false,
        };
        if !wsgi_server {
            continue;
        }
        let server = parsed.server.map(|s| s.name()).unwrap_or("the server");
        out.push(
            command_finding(&CHECK, cx, command, resolution.target.span,
                    format!("`{}` is an ASGI app (`{constructor}`), but {server} serves it as WSGI: every request fails with a TypeError", resolution.target.module),
                )
                .with_label("ASGI app")
                .with_help(asgi_help(&resolution.target))
                .with_subject(resolution.target.module.clone()),
        );
    }
    out
}

/// Commands that serve the same target as ASGI, written out in full.
fn asgi_help(target: &crate::command::Target) -> String {
    let app = match &target.callable {
        Some(callable) => format!("{}:{callable}", target.module),
        None => target.module.clone(),
    };
    if target.factory_call {
        return format!("serve the factory with an ASGI server: `uvicorn --factory {app} --host 0.0.0.0 --port $PORT` (needs uvicorn), or `gunicorn -k uvicorn.workers.UvicornWorker \"{app}()\"`");
    }
    format!("use an ASGI worker: `gunicorn -k uvicorn.workers.UvicornWorker {app}` (needs uvicorn), or `uvicorn {app} --host 0.0.0.0 --port $PORT`")
}
