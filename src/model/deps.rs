//! The dependency facts of one app: every manifest at the app root read into
//! one model that checks ask questions (`declares_runtime("gunicorn")`).

use crate::parse::dependency::{Dependency, Group};
use crate::parse::lockfile::LockFile;
use crate::parse::pyproject::{Pipfile, Pyproject};
use crate::parse::requirements::RequirementsFile;
use crate::source::Span;

/// A requirements file read because the app's requirements.txt (or a dev
/// requirements file) includes it, directly or not.
#[derive(Debug, Clone)]
pub struct LoadedRequirements {
    pub file: RequirementsFile,
    /// The file the install starts from (requirements.txt, or a dev file):
    /// files with the same root are installed together.
    pub root: String,
    pub group: Group,
    pub constraint: bool,
    /// The `-r`/`-c` line that brought it in: (file, span).
    pub included_from: Option<(String, Span)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncludeProblemKind {
    /// The included file does not exist.
    Missing,
    /// The file includes itself, directly or through others.
    Cycle,
    /// The path leaves the linted folder or is absolute.
    OutsideRepo,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeProblem {
    /// The file with the `-r`/`-c` line.
    pub file: String,
    pub span: Span,
    pub target: String,
    /// The path pip would open, relative to the linted folder.
    pub resolved: String,
    pub kind: IncludeProblemKind,
}

/// A module that imports a web framework (parse phase, bounded scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebImport {
    /// The distribution that provides the imported module (normalized).
    pub package: String,
    pub module: String,
    pub file: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Dependencies {
    pub declared: Vec<Dependency>,
    pub requirement_files: Vec<LoadedRequirements>,
    pub include_problems: Vec<IncludeProblem>,
    pub pyproject: Option<Pyproject>,
    pub pipfile: Option<Pipfile>,
    pub locks: Vec<LockFile>,
    pub has_setup_py: bool,
    pub has_setup_cfg: bool,
    pub web_imports: Vec<WebImport>,
}

impl Dependencies {
    /// Every declaration of `name` (normalized), constraints excluded.
    pub fn declared<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Dependency> + 'a {
        self.declared
            .iter()
            .filter(move |d| d.name == name && !d.constraint)
    }

    /// Whether any manifest installs `name` in a production build.
    pub fn declares_runtime(&self, name: &str) -> bool {
        self.declared(name).any(|d| d.group.is_runtime())
    }

    /// Whether any manifest names `name` at all (any group).
    pub fn declares(&self, name: &str) -> bool {
        self.declared(name).next().is_some()
    }

    /// Runtime declarations, constraints excluded.
    pub fn runtime(&self) -> impl Iterator<Item = &Dependency> {
        self.declared
            .iter()
            .filter(|d| d.group.is_runtime() && !d.constraint)
    }

    /// Whether a lock file of the app pins `name` for production.
    pub fn locked_for_runtime(&self, name: &str) -> bool {
        // A lock lists the project itself (flask's own uv.lock has `flask`).
        let own_name = self
            .pyproject
            .as_ref()
            .and_then(|p| p.name.as_deref())
            .map(crate::parse::lockfile::normalize);
        if own_name.as_deref() == Some(name) {
            return false;
        }
        self.locks
            .iter()
            .any(|l| l.get(name).is_some_and(|p| !p.dev_only))
    }

    /// Whether some manifest gets its dependencies from somewhere this model
    /// cannot see: setup.py/setup.cfg, `dynamic` dependencies, a local
    /// project install (`-e .`), an unreadable include or a TOML error.
    pub fn has_unknown_dependencies(&self) -> bool {
        self.has_setup_py
            || self.has_setup_cfg
            || self
                .pyproject
                .as_ref()
                .is_some_and(|p| p.dynamic_dependencies || p.error.is_some())
            || self.pipfile.as_ref().is_some_and(|p| p.error.is_some())
            || !self.include_problems.is_empty()
            || self
                .declared
                .iter()
                .any(|d| d.name.is_empty() || (d.location.is_some() && d.group.is_runtime()))
    }

    /// Whether a manifest a production build reads exists (dev requirement
    /// files alone do not count).
    /// The file an install of `path` starts from (see [`LoadedRequirements::root`]).
    pub fn install_root<'a>(&'a self, path: &'a str) -> &'a str {
        self.requirement_files
            .iter()
            .find(|r| r.file.path == path)
            .map_or(path, |r| r.root.as_str())
    }

    pub fn has_manifest(&self) -> bool {
        self.requirement_files.iter().any(|r| r.group.is_runtime())
            // A pyproject.toml holding only tool settings declares nothing.
            || self
                .pyproject
                .as_ref()
                .is_some_and(|p| p.has_project_table || p.has_poetry || p.error.is_some())
            || self.pipfile.is_some()
            || !self.locks.is_empty()
            || self.has_setup_py
            || self.has_setup_cfg
    }
}
