use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::model::CommandOrigin;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS703",
    name: "fly-internal-port-mismatch",
    severity: Severity::Error,
    summary: "fly.toml's internal_port is not the port the web command listens on",
    platforms: &[Platform::Fly],
    doc: check_doc!("PAAS703"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in cx
        .platform_files()
        .filter(|f| f.origin == CommandOrigin::FlyToml)
    {
        let Some(&(internal, internal_span)) = file.internal_ports.first() else {
            continue;
        };
        let env_port = file
            .env
            .iter()
            .find(|v| v.name == "PORT")
            .and_then(|v| v.value.clone());
        for (i, command) in cx.app.commands.iter().enumerate() {
            if command.origin != CommandOrigin::FlyToml
                || command.path != file.path
                || command.process != "web"
            {
                continue;
            }
            let Some(parsed) = cx.app.entry.commands.get(i) else {
                continue;
            };
            let Some(server) = parsed.server else {
                continue;
            };
            if parsed.bind.socket || parsed.bind.port_unexpanded {
                continue;
            }
            let bind_location = match (&parsed.bind.path, parsed.bind.span) {
                (Some(path), Some(span)) => in_file(cx, path, span),
                (None, Some(span)) => in_file(cx, &command.path, span),
                _ => in_file(
                    cx,
                    &command.path,
                    parsed.server_span.unwrap_or(command.span),
                ),
            };
            let listens = match parsed.bind.port.as_deref() {
                None if server.reads_port_env() => env_port
                    .clone()
                    .unwrap_or_else(|| server.default_bind().1.to_string()),
                None => server.default_bind().1.to_string(),
                Some(port) => match port_variable(port) {
                    None => port.to_string(),
                    Some(default) => match (&env_port, default) {
                        (Some(env), _) => env.clone(),
                        (None, Some(default)) => default.to_string(),
                        (None, None) => {
                            out.push(
                                CHECK
                                    .finding(cx, bind_location, format!("`{port}` is empty on Fly.io: Fly.io sets no PORT variable, so `{}` gets no port (the proxy connects to internal_port {internal})", server.name()))
                                    .with_severity(Severity::Warning)
                                    .with_label("PORT is not set")
                                    .with_related(in_file(cx, &file.path, internal_span), "the port the proxy connects to")
                                    .with_help(format!("add `[env]` with `PORT = \"{internal}\"` to fly.toml (or set it as a secret)"))
                                    .with_subject(format!("{}:PORT", file.path)),
                            );
                            continue;
                        }
                    },
                },
            };
            if listens.is_empty() || listens == internal.to_string() {
                continue;
            }
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &file.path, internal_span),
                        format!("Fly.io's proxy connects to port {internal}, but `{}` listens on {listens}: requests fail with \"instance refused connection\" and health checks never pass", server.name()),
                    )
                    .with_label(format!("proxy connects to {internal}"))
                    .with_related(bind_location, format!("listens on {listens}"))
                    .with_help(format!("set `internal_port = {listens}`, or make the server listen on {internal}"))
                    .with_subject(format!("{}:internal_port", file.path))
                    .with_data("internal_port", internal)
                    .with_data("listens", listens.clone()),
            );
        }
    }
    out
}

/// `$PORT`, `${PORT}` → `Some(None)`; `${PORT:-8000}` → `Some(Some("8000"))`;
/// a literal port → `None`.
fn port_variable(port: &str) -> Option<Option<&str>> {
    if port == "$PORT" || port == "${PORT}" {
        return Some(None);
    }
    let inner = port.strip_prefix("${PORT")?.strip_suffix('}')?;
    inner
        .strip_prefix(":-")
        .or_else(|| inner.strip_prefix('-'))
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::port_variable;

    #[test]
    fn port_variables() {
        assert_eq!(port_variable("8000"), None);
        assert_eq!(port_variable("$PORT"), Some(None));
        assert_eq!(port_variable("${PORT}"), Some(None));
        assert_eq!(port_variable("${PORT:-8080}"), Some(Some("8080")));
    }
}
