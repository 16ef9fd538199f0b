//! Knowledge about Python packages shared by the dependency checks
//! (PAAS110–PAAS149): which servers a start command runs, which packages
//! bring a framework along, and where a finding about a dependency points.

use super::Context;
use crate::command::Server;
use crate::deps::Dependency;
use crate::finding::Location;
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

/// Which server the `web` process starts, from the start-command model
/// (wrappers, env prefixes, `cd … &&`, `sh -c`, `python -m` understood).
pub fn web_server(cx: &Context) -> Option<WebServer> {
    let (index, command) = cx
        .app
        .commands
        .iter()
        .enumerate()
        .find(|(_, c)| c.process == "web")?;
    let parsed = cx.app.entry.commands.get(index)?;
    let server = parsed.server?;
    if matches!(
        server,
        Server::FlaskRun | Server::Runserver | Server::PythonScript
    ) {
        // Their package is the framework itself: PAAS112 covers it.
        return None;
    }
    let package = server.package()?;
    let span = parsed.server_span.unwrap_or(command.span);
    Some(WebServer {
        package,
        command: server.name().to_string(),
        path: command.path.clone(),
        span,
    })
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

/// Whether `specs` admit some version at or after `floor`, so that pip, which takes the newest
/// release they allow, can land there. Tried on `floor`, far-off releases, and each version the
/// specifiers name (and the patch after it).
pub fn allows_from(specs: &uv_pep440::VersionSpecifiers, floor: &uv_pep440::Version) -> bool {
    let mut probes = vec![
        floor.clone(),
        uv_pep440::Version::new(floor.release().iter().copied().chain([1])),
        uv_pep440::Version::new([0, 99]),
        uv_pep440::Version::new([99]),
        uv_pep440::Version::new([9999]),
    ];
    for spec in specs.iter() {
        let named = spec.version().clone();
        probes.push(uv_pep440::Version::new(
            named.release().iter().copied().chain([1]),
        ));
        probes.push(named);
    }
    probes
        .iter()
        .filter(|v| *v >= floor)
        .any(|v| specs.contains(v))
}
