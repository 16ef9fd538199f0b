//! Knowledge about Python packages shared by the dependency checks
//! (PAAS110–PAAS149): which servers a start command runs, which packages
//! bring a framework along, and where a finding about a dependency points.

use super::Context;
use crate::deps::Dependency;
use crate::finding::Location;
use crate::model::CommandOrigin;
use crate::source::Span;

/// Where a finding about `dep` points: its entry in its manifest.
pub fn dependency_location(cx: &Context, dep: &Dependency) -> Location {
    location_in(cx, &dep.file, dep.span)
}

pub fn location_in(cx: &Context, path: &str, span: Span) -> Location {
    cx.project
        .file(path)
        .map(|f| Location::in_file(f, span))
        .unwrap_or_else(|| Location::path_only(path.to_string()))
}

/// Commands that start a WSGI/ASGI server, and the distribution providing them.
const SERVER_COMMANDS: &[(&str, &str)] = &[
    ("gunicorn", "gunicorn"),
    ("uvicorn", "uvicorn"),
    ("hypercorn", "hypercorn"),
    ("daphne", "daphne"),
    ("waitress-serve", "waitress"),
    ("waitress", "waitress"),
    ("granian", "granian"),
    ("uwsgi", "uwsgi"),
    ("streamlit", "streamlit"),
    ("gradio", "gradio"),
];

/// Packages that install a server as their own dependency, with the extras
/// that do it (`None`: always). uvicorn: FastAPI's `standard` extra
/// (fastapi pyproject); pyuwsgi ships the `uwsgi` binary.
const BRINGS_SERVER: &[(&str, &str, Option<&str>)] = &[
    ("uvicorn", "fastapi", Some("standard")),
    ("uvicorn", "fastapi", Some("all")),
    ("uwsgi", "pyuwsgi", None),
];

/// The server the web process runs, as the Procfile gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebServer {
    /// Distribution name (normalized).
    pub package: &'static str,
    /// The word in the command that names it.
    pub command: String,
    pub path: String,
    pub span: Span,
}

/// Which server the `web` process starts: the first word of the command,
/// past `VAR=value` assignments and `exec`, or `X` in `python -m X`.
/// Kept in one place so it can move to the start-command lexer.
pub fn web_server(cx: &Context) -> Option<WebServer> {
    let command = cx
        .app
        .commands
        .iter()
        .find(|c| c.process == "web" && c.origin == CommandOrigin::Procfile)?;
    let (package, name) = server_in_command(&command.text)?;
    Some(WebServer {
        package,
        command: name,
        path: command.path.clone(),
        span: command.span,
    })
}

/// The server package a shell command starts, and the word naming it.
pub fn server_in_command(text: &str) -> Option<(&'static str, String)> {
    let words = shlex::split(text)?;
    let mut words = words
        .iter()
        .skip_while(|w| (w.contains('=') && !w.starts_with('-')) || *w == "exec");
    let first = words.next()?;
    let program = first.rsplit('/').next().unwrap_or(first);
    let name = if program.starts_with("python") {
        match (words.next().map(String::as_str), words.next()) {
            (Some("-m"), Some(module)) => module.as_str(),
            _ => return None,
        }
    } else {
        program
    };
    let (_, package) = SERVER_COMMANDS.iter().find(|(c, _)| *c == name)?;
    Some((package, name.to_string()))
}

/// Whether a runtime dependency other than `package` installs it.
pub fn brought_by_runtime_dependency(cx: &Context, package: &str) -> Option<String> {
    BRINGS_SERVER
        .iter()
        .filter(|(server, _, _)| *server == package)
        .find_map(|(_, carrier, extra)| {
            cx.app
                .deps
                .runtime()
                .find(|d| {
                    d.name == *carrier && extra.is_none_or(|e| d.extras.iter().any(|x| x == e))
                })
                .map(|d| d.name.clone())
        })
}

/// Packages that depend on a framework, so declaring them installs it.
/// Checked against each package's published requirements: dash → Flask,
/// FastAPI → Starlette, Streamlit → Tornado, Gradio → FastAPI/Starlette,
/// Wagtail, Django REST framework and Channels → Django.
const BRINGS_FRAMEWORK: &[(&str, &[&str])] = &[
    ("flask", &["dash", "connexion"]),
    ("starlette", &["fastapi", "gradio", "sse-starlette"]),
    ("fastapi", &["gradio"]),
    ("tornado", &["streamlit"]),
    ("django", &["djangorestframework", "wagtail", "channels"]),
];

/// Whether the app installs `package` for production: declared for runtime,
/// locked for runtime, or pulled in by a runtime dependency that needs it.
pub fn installs_framework(cx: &Context, package: &str) -> bool {
    let deps = &cx.app.deps;
    if deps.declares_runtime(package) || deps.locked_for_runtime(package) {
        return true;
    }
    let prefix = format!("{package}-");
    let carriers = BRINGS_FRAMEWORK
        .iter()
        .find(|(p, _)| *p == package)
        .map(|(_, c)| *c)
        .unwrap_or(&[]);
    deps.runtime()
        .any(|d| d.name.starts_with(&prefix) || carriers.contains(&d.name.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_in_commands() {
        let server = |c: &str| server_in_command(c).map(|(p, _)| p);
        assert_eq!(server("gunicorn app:app --workers 2"), Some("gunicorn"));
        assert_eq!(
            server("WEB_CONCURRENCY=3 exec gunicorn app:app"),
            Some("gunicorn")
        );
        assert_eq!(server("python -m uvicorn main:app"), Some("uvicorn"));
        assert_eq!(server(".venv/bin/python3 -m gunicorn x"), Some("gunicorn"));
        assert_eq!(
            server("waitress-serve --port=$PORT app:app"),
            Some("waitress")
        );
        assert_eq!(server("python manage.py runserver"), None);
        assert_eq!(server("bin/start-web"), None);
        assert_eq!(server("gunicorn 'unterminated"), None);
    }
}
