//! A dependency as a manifest declares it: the one shape the requirements,
//! pyproject and Pipfile parsers produce.

use uv_pep440::{Operator, VersionSpecifiers};

use crate::source::Span;

/// Which install a dependency belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    /// Installed by a production build.
    Runtime,
    /// An extra (`[project.optional-dependencies]`, Poetry `optional = true`).
    Optional(String),
    /// Development only: `[dev-packages]`, a `dev` group, requirements-dev.txt.
    Dev,
    /// Another named group (PEP 735, Poetry): not installed by platform builds.
    Named(String),
}

impl Group {
    pub fn named(name: &str) -> Group {
        match name.to_ascii_lowercase().as_str() {
            "dev" | "develop" | "development" => Group::Dev,
            _ => Group::Named(name.to_string()),
        }
    }
    pub fn is_runtime(&self) -> bool {
        *self == Group::Runtime
    }
    pub fn describe(&self) -> String {
        match self {
            Group::Runtime => "runtime".to_string(),
            Group::Optional(extra) => format!("optional extra `{extra}`"),
            Group::Dev => "dev".to_string(),
            Group::Named(name) => format!("group `{name}`"),
        }
    }
}

/// How tightly a declaration pins the version, loosest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PinKind {
    /// No version at all (`django`, `django = "*"`).
    Bare,
    /// Only lower bounds or exclusions (`>=4.2`, `!=5.0`).
    LowerBound,
    /// An upper bound too (`>=5.2,<5.3`, `~=5.2.1`, `^5.2`, `==5.2.*`).
    Bounded,
    /// `==5.2.1` or `===5.2.1`.
    Exact,
    /// Installed from a URL or a path; no version to pin.
    Url,
}

impl PinKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PinKind::Bare => "bare",
            PinKind::LowerBound => "lower-bound",
            PinKind::Bounded => "bounded",
            PinKind::Exact => "exact",
            PinKind::Url => "url",
        }
    }
    /// Order used to keep the loosest of several constraints.
    pub fn rank(self) -> u8 {
        match self {
            PinKind::Bare => 0,
            PinKind::LowerBound => 1,
            PinKind::Url => 2,
            PinKind::Bounded => 3,
            PinKind::Exact => 4,
        }
    }
}

/// How a specifier set pins: any `==` (not `.*`) is exact; an upper bound is bounded.
pub fn pin_of_specifiers(specs: &VersionSpecifiers) -> PinKind {
    let mut pin = PinKind::Bare;
    for spec in specs.iter() {
        let this = match spec.operator() {
            Operator::Equal | Operator::ExactEqual => PinKind::Exact,
            Operator::EqualStar
            | Operator::TildeEqual
            | Operator::LessThan
            | Operator::LessThanEqual => PinKind::Bounded,
            _ => PinKind::LowerBound,
        };
        if this.rank() > pin.rank() {
            pin = this;
        }
    }
    pin
}

/// The kind of file a dependency is declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManifestKind {
    Requirements,
    /// PEP 621 `[project]` (and uv/PDM dev lists, which use PEP 508 strings).
    Pyproject,
    DependencyGroups,
    Poetry,
    Pipfile,
}

/// One declared dependency, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// PEP 503-normalized; empty for a bare URL or path without `#egg=`.
    pub name: String,
    /// As written (a requirement string, or Poetry's `key = value`).
    pub text: String,
    pub file: String,
    pub span: Span,
    pub group: Group,
    pub manifest: ManifestKind,
    /// As declared, ignoring lock files.
    pub pin: PinKind,
    /// The version constraint in PEP 440 form (Poetry's `^5.2` becomes `>=5.2,<6`).
    pub specifiers: Option<VersionSpecifiers>,
    /// The version the app's lock file pins for it, when the manifest has one.
    pub locked: Option<LockedVersion>,
    /// URL or path it installs from.
    pub location: Option<String>,
    pub editable: bool,
    /// From a `-c` constraints file: limits versions, installs nothing.
    pub constraint: bool,
    pub extras: Vec<String>,
    /// `${VAR}` names pip expands at install time.
    pub env_vars: Vec<String>,
    /// Number of `--hash` options.
    pub hashes: usize,
    /// Its PEP 508 environment marker (`; python_version < "3.11"`), when it has one.
    pub marker: Option<uv_pep508::MarkerTree>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedVersion {
    pub lock_file: String,
    pub version: Option<String>,
}

impl Dependency {
    /// Whether the installed version is fixed: `==`, a bounded range, or a lock entry.
    pub fn is_pinned(&self) -> bool {
        self.locked.is_some() || matches!(self.pin, PinKind::Exact | PinKind::Bounded)
    }
    /// What pins it, for finding data: `exact`, `bounded`, `lock`, or the looser kind.
    pub fn pin_label(&self) -> &'static str {
        match (self.pin, &self.locked) {
            (PinKind::Exact, _) => "exact",
            (_, Some(_)) => "lock",
            (pin, None) => pin.as_str(),
        }
    }
}
