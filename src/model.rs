//! Layer `model`: facts only (project, apps, start commands, analyzers' results).
//!
//! The inventory, every file read and parsed, and what the analyzers found,
//! grouped by app; checks read only this. Nothing here reads a file.

pub mod deps;
pub mod entry;
pub mod imports;
pub mod python_version;
pub mod settings;
pub mod value;

use std::collections::BTreeMap;

use crate::discover::{join, Inventory};
use crate::parse::platform_files::PlatformFile;
use crate::parse::procfile::Procfile;
use crate::parse::python::PythonModule;
use crate::parse::requirements::RequirementsFile;
use crate::source::{SourceFile, Span};

pub use crate::discover::normalize_path;
pub use crate::parse::platform_files::CommandOrigin;

#[derive(Debug)]
pub struct Project {
    pub inventory: Inventory,
    /// Files read, keyed by relative path. Each is read at most once.
    pub files: BTreeMap<String, SourceFile>,
    /// Files that exist but could not be read, with the OS error.
    pub read_errors: BTreeMap<String, String>,
    /// Platform configuration files (railway.json, render.yaml, …), parsed.
    pub platform_files: Vec<PlatformFile>,
    /// Python modules parsed, keyed by relative path. Each is parsed at most once.
    pub python: BTreeMap<String, PythonModule>,
    pub apps: Vec<App>,
    /// Position of each app by root, once all apps are built: [`Project::app_of`]
    /// looks up a path's folders instead of scanning every app.
    pub(crate) app_index: std::collections::HashMap<String, usize>,
}

#[derive(Debug)]
pub struct App {
    /// Relative to the linted folder; `""` is the folder itself.
    pub root: String,
    /// Detected below the linted folder (not forced with `--app-root`).
    pub in_subfolder: bool,
    /// `requirements.txt` at the app root, parsed.
    pub requirements: Option<RequirementsFile>,
    /// `Procfile` at the app root, parsed.
    pub procfile: Option<Procfile>,
    /// Every start command found for this app: the Procfile's processes and
    /// the commands of platform files, in the order platforms prefer them.
    pub commands: Vec<StartCommand>,
    /// Every dependency manifest of the app, read into one model.
    pub deps: deps::Dependencies,
    /// Start commands understood, their targets resolved, apps inferred.
    pub entry: entry::EntryPoints,
    /// Python version sources and their problems.
    pub python: python_version::PythonVersions,
    /// Django settings found and evaluated without importing them.
    pub django: Option<settings::DjangoSettings>,
    /// Flask/FastAPI config facts (literal secrets, DEBUG, static folders).
    pub flask: Option<settings::FlaskFacts>,
    /// What the platform imports at start and what those modules import.
    pub imports: imports::ImportFacts,
    /// Platforms that build this app's Dockerfile instead of their Python builder.
    pub docker_built: Vec<crate::platform::Platform>,
    /// The app root's Dockerfile (or Containerfile), parsed.
    pub dockerfile: Option<crate::parse::dockerfile::Dockerfile>,
    /// `nltk.txt` at the app root, parsed.
    pub nltk: Option<crate::parse::nltk::NltkFile>,
}

/// A start command as a platform file gives it, before it is lexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand {
    /// The file it comes from, relative to the linted folder.
    pub path: String,
    /// The command text in that file.
    pub span: Span,
    /// The command as written (shell syntax); for an exec form, the argv joined by spaces.
    pub text: String,
    /// Process name: `web`, `worker`, `release`…; platform files that run one
    /// service name it `web`.
    pub process: String,
    pub origin: CommandOrigin,
    /// Set for exec-form commands (JSON arrays, YAML lists): no shell runs
    /// them, so `$PORT` is passed literally.
    pub argv: Option<Vec<String>>,
    /// The platforms that run it, when the kind of file alone does not say
    /// (a Dockerfile's CMD runs where the app's Dockerfile is built).
    pub readers: Option<Vec<crate::platform::Platform>>,
    /// The repository folder the command runs in, relative to the app root,
    /// when not the app root itself (a Dockerfile's WORKDIR holding `COPY src/ .`).
    pub workdir: Option<String>,
}

impl App {
    /// Path of `name` inside this app, relative to the linted folder.
    pub fn path(&self, name: &str) -> String {
        join(&self.root, name)
    }

    /// How the app root is shown to users: `.` for the linted folder.
    pub fn display_root(&self) -> &str {
        if self.root.is_empty() {
            "."
        } else {
            &self.root
        }
    }

    /// The folder path as used in locations: `""` becomes `./`, others end in `/`.
    pub fn root_location(&self) -> String {
        format!("{}/", self.display_root())
    }

    /// Whether a relative path lies inside this app's folder.
    pub fn contains(&self, rel: &str) -> bool {
        self.root.is_empty()
            || rel
                .strip_prefix(self.root.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

impl Project {
    /// A Python module parsed during the parse phase.
    pub fn python_module(&self, rel: &str) -> Option<&PythonModule> {
        self.python.get(rel)
    }

    pub fn file(&self, rel: &str) -> Option<&SourceFile> {
        self.files.get(rel)
    }

    /// The app a path belongs to: the one with the deepest root containing it.
    /// Costs the path's depth, not the number of apps.
    pub fn app_of(&self, rel: &str) -> Option<&App> {
        self.app_position(rel).and_then(|i| self.apps.get(i))
    }

    /// The position in [`Project::apps`] of [`Project::app_of`].
    pub fn app_position(&self, rel: &str) -> Option<usize> {
        if self.app_index.len() == self.apps.len() && !self.apps.is_empty() {
            let mut folder = rel;
            while let Some((above, _)) = folder.rsplit_once('/') {
                if let Some(&i) = self.app_index.get(above) {
                    return Some(i);
                }
                folder = above;
            }
            return self.app_index.get("").copied();
        }
        // While apps are being built (or two share a root): a scan.
        self.apps
            .iter()
            .enumerate()
            .filter(|(_, a)| a.contains(rel))
            .max_by_key(|(_, a)| a.root.len())
            .map(|(i, _)| i)
    }
}
