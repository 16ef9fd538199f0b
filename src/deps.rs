//! One dependency model per app, built in the parse phase from every
//! manifest at the app root: requirements.txt and the files it includes,
//! dev requirement files, pyproject.toml, Pipfile, and the lock files.
//! Checks ask it questions (`declares_runtime("gunicorn")`) instead of
//! reading manifests themselves.

use std::collections::BTreeSet;

use ruff_python_ast::{Expr, Stmt};
use uv_pep440::{Operator, VersionSpecifiers};

use crate::parse::python::span_of;

use crate::discover::{file_name, join, parent};
use crate::model::Project;
use crate::parse::lockfile::{LockFile, LockKind};
use crate::parse::pyproject::{Pipfile, Pyproject};
use crate::parse::requirements::RequirementsFile;
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

/// Requirement files at the app root (or in `requirements/`) used only in
/// development; platform builds install requirements.txt alone.
fn is_dev_requirements(name: &str) -> bool {
    let stem = name.trim_end_matches(".txt").to_ascii_lowercase();
    name.ends_with(".txt")
        && ["dev", "test", "local", "lint", "docs"]
            .iter()
            .any(|w| stem.split(['-', '_', '.']).any(|part| part.starts_with(w)))
}

/// Folders not scanned for web imports: tests, virtualenvs, vendored code.
const SKIPPED_DIRS: &[&str] = &[
    "tests",
    "test",
    "docs",
    "venv",
    ".venv",
    "env",
    "node_modules",
    "site-packages",
    "migrations",
    "scripts",
];
/// How deep below the app root modules are scanned for imports, and how many.
const IMPORT_SCAN_DEPTH: usize = 2;
const IMPORT_SCAN_MAX_FILES: usize = 200;
/// Larger modules are generated or vendored (get-pip.py style bundles), not app code.
const IMPORT_SCAN_MAX_BYTES: u64 = 256 * 1024;

/// Import names of web frameworks → the distribution that provides them.
pub const FRAMEWORK_MODULES: &[(&str, &str)] = &[
    ("django", "django"),
    ("flask", "flask"),
    ("fastapi", "fastapi"),
    ("starlette", "starlette"),
    ("pyramid", "pyramid"),
    ("bottle", "bottle"),
    ("falcon", "falcon"),
    ("quart", "quart"),
    ("sanic", "sanic"),
    ("tornado", "tornado"),
    ("aiohttp", "aiohttp"),
    ("litestar", "litestar"),
    ("streamlit", "streamlit"),
    ("dash", "dash"),
    ("gradio", "gradio"),
    ("fasthtml", "python-fasthtml"),
];

/// Builds the model for the app at `root` (parse phase).
/// `other_roots` are the other apps' folders, whose code is not this app's.
pub fn load(project: &mut Project, root: &str, other_roots: &[String]) -> Dependencies {
    let mut deps = Dependencies::default();
    let mut seen = BTreeSet::new();
    let mut stack = Vec::new();
    let main = join(root, "requirements.txt");
    if project.inventory.is_file(&main) {
        load_requirements(
            project,
            &mut deps,
            &main,
            Group::Runtime,
            false,
            None,
            &mut seen,
            &mut stack,
        );
    }
    let mut dev_files: Vec<String> = project
        .inventory
        .children(root)
        .chain(project.inventory.children(&join(root, "requirements")))
        .map(|(p, _)| p.to_string())
        .filter(|p| project.inventory.is_file(p) && is_dev_requirements(file_name(p)))
        .collect();
    dev_files.sort();
    for path in dev_files {
        load_requirements(
            project,
            &mut deps,
            &path,
            Group::Dev,
            false,
            None,
            &mut seen,
            &mut stack,
        );
    }
    if let Some(file) = project.load(&join(root, "pyproject.toml")) {
        let pyproject = Pyproject::parse(file);
        deps.declared.extend(pyproject.dependencies.iter().cloned());
        deps.pyproject = Some(pyproject);
    }
    if let Some(file) = project.load(&join(root, "Pipfile")) {
        let pipfile = Pipfile::parse(file);
        deps.declared.extend(pipfile.dependencies.iter().cloned());
        deps.pipfile = Some(pipfile);
    }
    for kind in [
        LockKind::Uv,
        LockKind::Poetry,
        LockKind::Pdm,
        LockKind::Pipenv,
    ] {
        if let Some(file) = project.load(&join(root, kind.file_name())) {
            deps.locks.push(LockFile::parse(file, kind));
        }
    }
    deps.has_setup_py = project.inventory.is_file(&join(root, "setup.py"));
    deps.has_setup_cfg = project.inventory.is_file(&join(root, "setup.cfg"));
    apply_locks(&mut deps);
    deps.web_imports = scan_web_imports(project, root, other_roots);
    // A framework's own repository imports itself.
    if let Some(own) = deps.pyproject.as_ref().and_then(|p| p.name.clone()) {
        deps.web_imports.retain(|i| i.package != own);
    }
    deps
}

/// Marks pyproject and Pipfile entries their lock pins.
fn apply_locks(deps: &mut Dependencies) {
    for dep in &mut deps.declared {
        let kinds: &[LockKind] = match dep.manifest {
            ManifestKind::Requirements => continue,
            ManifestKind::Pipfile => &[LockKind::Pipenv],
            ManifestKind::Poetry => &[LockKind::Poetry],
            ManifestKind::Pyproject | ManifestKind::DependencyGroups => {
                &[LockKind::Uv, LockKind::Pdm, LockKind::Poetry]
            }
        };
        dep.locked = deps
            .locks
            .iter()
            .filter(|l| kinds.contains(&l.kind))
            .find_map(|l| {
                l.get(&dep.name).map(|p| LockedVersion {
                    lock_file: l.path.clone(),
                    version: p.version.clone(),
                })
            });
    }
}

fn requirement_dependency(
    r: &crate::parse::requirements::Requirement,
    path: &str,
    group: &Group,
    constraint: bool,
) -> Dependency {
    Dependency {
        name: r.name.clone(),
        text: r.text.clone(),
        file: path.to_string(),
        span: r.span,
        group: group.clone(),
        manifest: ManifestKind::Requirements,
        pin: match (&r.location, r.specifiers()) {
            (Some(_), _) => PinKind::Url,
            (None, Some(specs)) => pin_of_specifiers(specs),
            (None, None) => PinKind::Bare,
        },
        specifiers: r.specifiers().cloned(),
        locked: None,
        location: r.location.clone(),
        editable: r.editable,
        constraint,
        extras: r
            .parsed
            .iter()
            .flat_map(|p| p.extras.iter().map(|e| e.to_string()))
            .collect(),
        env_vars: r.env_vars.clone(),
        hashes: r.hashes.len(),
        marker: r.parsed.as_ref().map(|p| p.marker).filter(|m| !m.is_true()),
    }
}

/// Reads a requirements file and, in pip's order, its entries and the
/// files its `-r`/`-c` lines include (each entry lands in `declared` at the
/// point pip reads it).
#[allow(clippy::too_many_arguments)]
fn load_requirements(
    project: &mut Project,
    deps: &mut Dependencies,
    path: &str,
    group: Group,
    constraint: bool,
    included_from: Option<(String, Span)>,
    seen: &mut BTreeSet<String>,
    stack: &mut Vec<String>,
) {
    if !seen.insert(path.to_string()) {
        return;
    }
    let Some(file) = project.load(path) else {
        return;
    };
    let parsed = RequirementsFile::parse(file);
    let mut lines: Vec<(
        Span,
        Option<&crate::parse::requirements::Requirement>,
        Option<&crate::parse::requirements::Include>,
    )> = parsed
        .requirements
        .iter()
        .map(|r| (r.span, Some(r), None))
        .chain(parsed.includes.iter().map(|i| (i.span, None, Some(i))))
        .collect();
    lines.sort_by_key(|(span, _, _)| span.start);
    let mut entries = Vec::new();
    for (_, requirement, include) in lines {
        if let Some(r) = requirement {
            entries.push((
                Some(requirement_dependency(r, path, &group, constraint)),
                None,
            ));
        } else if let Some(i) = include {
            entries.push((None, Some(i.clone())));
        }
    }
    let root = match &included_from {
        Some((from, _)) => deps
            .requirement_files
            .iter()
            .find(|r| r.file.path == *from)
            .map_or_else(|| from.clone(), |r| r.root.clone()),
        None => path.to_string(),
    };
    deps.requirement_files.push(LoadedRequirements {
        root,
        file: parsed,
        group: group.clone(),
        constraint,
        included_from,
    });
    stack.push(path.to_string());
    for (dependency, include) in entries {
        if let Some(dependency) = dependency {
            deps.declared.push(dependency);
            continue;
        }
        let Some(include) = include else {
            continue;
        };
        // pip fetches http(s) includes; they cannot be read offline.
        if include.target.contains("://") {
            continue;
        }
        let problem = |resolved: String, kind| IncludeProblem {
            file: path.to_string(),
            span: include.span,
            target: include.target.clone(),
            resolved,
            kind,
        };
        let Some(resolved) = resolve_relative(parent(path), &include.target) else {
            deps.include_problems.push(problem(
                include.target.clone(),
                IncludeProblemKind::OutsideRepo,
            ));
            continue;
        };
        if stack.contains(&resolved) {
            deps.include_problems
                .push(problem(resolved, IncludeProblemKind::Cycle));
            continue;
        }
        if !project.inventory.is_file(&resolved) {
            deps.include_problems
                .push(problem(resolved, IncludeProblemKind::Missing));
            continue;
        }
        load_requirements(
            project,
            deps,
            &resolved,
            group.clone(),
            constraint || include.constraint,
            Some((path.to_string(), include.span)),
            seen,
            stack,
        );
    }
    stack.pop();
}

/// `target` relative to the folder `dir`, normalized; `None` when absolute
/// or when it climbs out of the linted folder.
pub fn resolve_relative(dir: &str, target: &str) -> Option<String> {
    let target = target.trim_matches(['"', '\'']);
    let target = target.strip_prefix("file:").unwrap_or(target);
    if target.starts_with('/')
        || target.starts_with('\\')
        || crate::parse::requirements::is_windows_drive(target)
    {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Parses the app's own modules (top level and packages two levels deep,
/// tests and virtualenvs skipped) and records framework imports.
fn scan_web_imports(project: &mut Project, root: &str, other_roots: &[String]) -> Vec<WebImport> {
    let base_depth = if root.is_empty() {
        0
    } else {
        root.matches('/').count() + 1
    };
    // Only the top levels are listed, never the whole subtree (a monorepo
    // service can hold tens of thousands of files).
    let enter = |name: &str| !SKIPPED_DIRS.contains(&name) && !name.starts_with('.');
    let mut candidates: Vec<String> = project
        .inventory
        .near(root, IMPORT_SCAN_DEPTH + 1, &enter)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            p.ends_with(".py") && !file_name(p).starts_with("test_") && project.inventory.is_file(p)
        })
        .map(str::to_string)
        .collect();
    candidates.sort_by_key(|p| (p.matches('/').count(), p.clone()));
    candidates.truncate(IMPORT_SCAN_MAX_FILES);
    // The app's own top-level modules, also under a `src/` layout.
    let local_top: BTreeSet<String> = candidates
        .iter()
        .filter_map(|p| {
            let mut parts = p.split('/').skip(base_depth);
            match parts.next() {
                Some("src") => parts.next(),
                top => top,
            }
        })
        .map(|top| top.trim_end_matches(".py").to_string())
        .collect();
    // Skip files in a nested app: they are that app's code.
    candidates.retain(|path| {
        !other_roots
            .iter()
            .any(|r| r.len() > root.len() && path.starts_with(&format!("{r}/")))
    });
    // Larger modules are generated code or data, not the app's imports.
    let small = project.load_python_all_up_to(&candidates, IMPORT_SCAN_MAX_BYTES);
    let mut small = small.into_iter();
    candidates.retain(|_| small.next().unwrap_or(false));
    let mut out = Vec::new();
    for path in candidates {
        let Some(module) = project.load_python(&path) else {
            continue;
        };
        for (name, span) in imported_modules(&module.ast.body) {
            let top = name.split('.').next().unwrap_or(&name);
            if local_top.contains(top) {
                continue;
            }
            if let Some((_, package)) = FRAMEWORK_MODULES.iter().find(|(m, _)| *m == top) {
                out.push(WebImport {
                    package: package.to_string(),
                    module: name.clone(),
                    file: path.clone(),
                    span,
                });
            }
        }
    }
    out
}

/// Absolute imports anywhere in a module (functions included, since app
/// factories import inside them), except under `if TYPE_CHECKING:`.
fn imported_modules(body: &[Stmt]) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    out.push((alias.name.to_string(), span_of(alias)));
                }
            }
            Stmt::ImportFrom(i) if i.level == 0 => {
                if let Some(module) = &i.module {
                    out.push((module.to_string(), span_of(module)));
                }
            }
            Stmt::FunctionDef(f) => out.extend(imported_modules(&f.body)),
            Stmt::ClassDef(c) => out.extend(imported_modules(&c.body)),
            Stmt::If(s) => {
                let type_checking = matches!(&*s.test, Expr::Name(n) if n.id.as_str() == "TYPE_CHECKING")
                    || matches!(&*s.test, Expr::Attribute(a) if a.attr.as_str() == "TYPE_CHECKING");
                if !type_checking {
                    out.extend(imported_modules(&s.body));
                }
                for clause in &s.elif_else_clauses {
                    out.extend(imported_modules(&clause.body));
                }
            }
            Stmt::Try(t) => {
                out.extend(imported_modules(&t.body));
                out.extend(imported_modules(&t.orelse));
                out.extend(imported_modules(&t.finalbody));
            }
            Stmt::With(w) => out.extend(imported_modules(&w.body)),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Modules over the scan's size limit are skipped without being read;
    /// the others are scanned, and the app's own package names are not
    /// taken for frameworks.
    #[test]
    fn import_scan_skips_oversized_modules() {
        let padding = format!("# {}\n", "x".repeat(IMPORT_SCAN_MAX_BYTES as usize));
        let generated = format!("import fastapi\n{padding}");
        let (_dir, project) = crate::settings::tests::project(&[
            (
                "app.py",
                "from flask import Flask\nimport helpers\napp = Flask(__name__)\n",
            ),
            ("helpers.py", "import os\n"),
            ("generated/__init__.py", ""),
            ("generated/big.py", &generated),
        ]);
        let imports: Vec<(&str, &str)> = project.apps[0]
            .deps
            .web_imports
            .iter()
            .map(|i| (i.package.as_str(), i.file.as_str()))
            .collect();
        assert_eq!(imports, [("flask", "app.py")]);
        assert!(
            project.file("generated/big.py").is_none(),
            "the big module was read"
        );
        assert!(project.file("helpers.py").is_some());
    }

    #[test]
    fn pins_from_specifiers() {
        let pin = |s: &str| pin_of_specifiers(&s.parse().unwrap());
        assert_eq!(pin("==5.2.1"), PinKind::Exact);
        assert_eq!(pin(">=5.2,<5.3"), PinKind::Bounded);
        assert_eq!(pin("~=5.2.1"), PinKind::Bounded);
        assert_eq!(pin("==5.2.*"), PinKind::Bounded);
        assert_eq!(pin(">=5.2,!=5.2.3"), PinKind::LowerBound);
        assert_eq!(pin(""), PinKind::Bare);
    }

    #[test]
    fn relative_includes() {
        assert_eq!(
            resolve_relative("requirements", "base.txt").as_deref(),
            Some("requirements/base.txt")
        );
        assert_eq!(
            resolve_relative("", "./requirements/prod.txt").as_deref(),
            Some("requirements/prod.txt")
        );
        assert_eq!(
            resolve_relative("a/b", "../c.txt").as_deref(),
            Some("a/c.txt")
        );
        assert_eq!(resolve_relative("", "../c.txt"), None);
        assert_eq!(resolve_relative("", "/etc/c.txt"), None);
    }

    #[test]
    fn dev_requirement_names() {
        for n in [
            "requirements-dev.txt",
            "dev-requirements.txt",
            "local.txt",
            "test.txt",
            "requirements_test.txt",
        ] {
            assert!(is_dev_requirements(n), "{n}");
        }
        for n in [
            "requirements.txt",
            "production.txt",
            "base.txt",
            "requirements.in",
        ] {
            assert!(!is_dev_requirements(n), "{n}");
        }
    }
}
