//! The Python-version facts of one app: each source a platform reads the
//! version from, what it names, and what is wrong with it.

use std::str::FromStr;

use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    PythonVersionFile,
    RuntimeTxt,
    Pipfile,
    PipfileLock,
    ToolVersions,
    AppYaml,
    RenderYaml,
}

impl SourceKind {
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::PythonVersionFile => ".python-version",
            SourceKind::RuntimeTxt => "runtime.txt",
            SourceKind::Pipfile => "Pipfile [requires]",
            SourceKind::PipfileLock => "Pipfile.lock _meta.requires",
            SourceKind::ToolVersions => ".tool-versions",
            SourceKind::AppYaml => "app.yaml runtime",
            SourceKind::RenderYaml => "render.yaml PYTHON_VERSION",
        }
    }
}

impl std::fmt::Display for PyVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.patch {
            Some(p) => write!(f, "{}.{}.{p}", self.major, self.minor),
            None => write!(f, "{}.{}", self.major, self.minor),
        }
    }
}

/// A version a file names: `3.12` or `3.12.7`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PyVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: Option<u64>,
}

impl PyVersion {
    /// `3.12`, `3.12.7`; nothing else.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        let major = number(parts.next()?)?;
        let minor = number(parts.next()?)?;
        let patch = match parts.next() {
            Some(p) => Some(number(p)?),
            None => None,
        };
        parts.next().is_none().then_some(PyVersion {
            major,
            minor,
            patch,
        })
    }

    pub fn minor_string(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }
}

/// Digits without leading zeros, as Heroku requires.
fn number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionSource {
    pub kind: SourceKind,
    pub path: String,
    pub span: Span,
    pub raw: String,
    pub version: Option<PyVersion>,
}

/// A content problem of a version file (catalogue B2, B4, B5, B6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentProblem {
    pub path: String,
    pub span: Option<Span>,
    pub message: String,
    pub fix: String,
    /// More than one version line (pyenv allows it; Heroku does not).
    pub several: bool,
    /// Which kind of version source the file is.
    pub kind: SourceKind,
}

#[derive(Debug, Clone, Default)]
pub struct PythonVersions {
    pub sources: Vec<VersionSource>,
    /// pyproject `requires-python`: file, span, specifier text.
    pub requires_python: Option<(String, Span, String)>,
    pub problems: Vec<ContentProblem>,
    /// Misspelt `.python-version` names at the app root.
    pub misspelt: Vec<String>,
    /// The project's own constraints on its Python: requires-python,
    /// Poetry's `python`, the Pipfile's `[requires]`.
    pub constraints: Vec<Constraint>,
}

/// A range of Python versions the project says it supports.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// `requires-python`, `Poetry python`, `Pipfile python_version`.
    pub what: &'static str,
    pub path: String,
    pub span: Span,
    pub raw: String,
    pub specifiers: uv_pep440::VersionSpecifiers,
}

impl Constraint {
    /// Whether the constraint admits a version (a bare minor is read as its `.0`).
    pub fn admits(&self, version: &PyVersion) -> bool {
        let text = format!(
            "{}.{}.{}",
            version.major,
            version.minor,
            version.patch.unwrap_or(0)
        );
        uv_pep440::Version::from_str(&text).is_ok_and(|v| self.specifiers.contains(&v))
    }
}

/// requires-python as PEP 440 specifiers; a bare `3.12.*` (which Poetry
/// writes and PEP 440 lacks an operator for) is read as `==3.12.*`.
pub fn requires_python_specifiers(raw: &str) -> Option<uv_pep440::VersionSpecifiers> {
    uv_pep440::VersionSpecifiers::from_str(raw)
        .ok()
        .or_else(|| {
            let trimmed = raw.trim();
            trimmed
                .starts_with(|c: char| c.is_ascii_digit())
                .then(|| uv_pep440::VersionSpecifiers::from_str(&format!("=={trimmed}")).ok())
                .flatten()
        })
}

impl PythonVersions {
    pub fn get(&self, kind: SourceKind) -> Option<&VersionSource> {
        self.sources.iter().find(|s| s.kind == kind)
    }

    /// Whether `requires-python` admits a version (true when unknown).
    pub fn requires_python_admits(&self, version: &PyVersion) -> bool {
        let Some((_, _, spec)) = &self.requires_python else {
            return true;
        };
        let Some(specifiers) = requires_python_specifiers(spec) else {
            return true;
        };
        let text = format!(
            "{}.{}.{}",
            version.major,
            version.minor,
            version.patch.unwrap_or(0)
        );
        uv_pep440::Version::from_str(&text).is_ok_and(|v| specifiers.contains(&v))
    }
}
