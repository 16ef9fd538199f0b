//! The entry-point facts of one app: each start command understood, its
//! target resolved to a file and binding, and the apps found in the code.

use crate::command::{ParsedCommand, Target};
use crate::parse::python::Binding;
use crate::source::Span;

/// What kind of application object a binding holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppKind {
    /// A WSGI app, with the constructor that made it (`Flask`, `get_wsgi_application`).
    Wsgi(String),
    /// An ASGI app (`FastAPI`, `get_asgi_application`).
    Asgi(String),
    /// A function that builds the app (`def create_app()`).
    Factory,
    Unknown,
}

impl AppKind {
    pub fn is_asgi(&self) -> bool {
        matches!(self, AppKind::Asgi(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The callable is bound at the module's top level.
    Resolved {
        file: String,
        binding: Binding,
        kind: AppKind,
        /// For a factory: the ASGI constructor its module calls when it
        /// builds no WSGI app (`FastAPI`), so the factory returns an ASGI app.
        factory_builds_asgi: Option<String>,
    },
    /// The module file exists; for script targets there is no callable.
    FileFound { file: String },
    /// No such module on the import path; `suggestions` are modules that exist.
    ModuleMissing {
        tried: Vec<String>,
        suggestions: Vec<String>,
    },
    /// The module exists, but in a folder that is not on the import path.
    /// `qualified` is the dotted path that imports it from the import root
    /// as it stands, when that works (the folder is no `src/` and the module
    /// imports no sibling by its bare name).
    OutsidePath {
        found: String,
        folder: String,
        qualified: Option<String>,
    },
    /// The module exists but does not bind the callable.
    CallableMissing {
        file: String,
        callable: String,
        suggestions: Vec<String>,
    },
    /// The module belongs to an installed dependency, not to this repository.
    External,
}

#[derive(Debug, Clone)]
pub struct Resolution {
    /// Index into `App::commands`.
    pub command: usize,
    pub target: Target,
    pub outcome: Outcome,
}

/// An `app.run(...)` or `uvicorn.run(...)` call in a script started with `python file.py`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRun {
    pub command: usize,
    pub file: String,
    pub span: Span,
    /// `uvicorn.run`, `app.run`…
    pub callee: String,
    pub host: Option<String>,
    /// Literal port, or `None` when absent; `reads_port_env` when the
    /// expression mentions `PORT`.
    pub port: Option<String>,
    pub reads_port_env: bool,
    /// `debug=True`, with its span.
    pub debug: Option<Span>,
    /// `reload=True` (uvicorn.run, bottle.run), with its span.
    pub reload: Option<Span>,
}

/// A Django settings module named by `DJANGO_SETTINGS_MODULE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsRef {
    pub module: String,
    /// Where it is named (file and span); `None` for a command's env prefix.
    pub file: Option<String>,
    pub span: Option<Span>,
    pub exists: bool,
}

/// An app object paaslint found without being told, and the web line that serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub file: String,
    pub module: String,
    pub callable: String,
    pub kind: AppKind,
    pub procfile_line: String,
}

#[derive(Debug, Clone, Default)]
pub struct EntryPoints {
    /// One per `App::commands`, same order.
    pub commands: Vec<ParsedCommand>,
    pub resolutions: Vec<Resolution>,
    pub script_runs: Vec<ScriptRun>,
    pub settings: Vec<SettingsRef>,
    /// Apps found in the code, for when no command exists.
    pub candidates: Vec<Candidate>,
}

impl EntryPoints {
    pub fn resolution(&self, command: usize) -> Option<&Resolution> {
        // Pushed in command order: a binary search, not a scan per command.
        let at = self.resolutions.partition_point(|r| r.command < command);
        self.resolutions.get(at).filter(|r| r.command == command)
    }
}
