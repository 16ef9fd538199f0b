//! Layer `analyzers`: every manifest of an app, through the reader, into its dependency facts.
//!
//! One dependency model per app, built in the parse phase from every
//! manifest at the app root: requirements.txt and the files it includes,
//! dev requirement files, pyproject.toml, Pipfile, and the lock files.
//! Checks ask it questions (`declares_runtime("gunicorn")`) instead of
//! reading manifests themselves.

use std::collections::BTreeSet;

use ruff_python_ast::{Expr, Stmt};

use crate::parse::python::span_of;

use crate::discover::{file_name, join, parent};
use crate::parse::lockfile::{LockFile, LockKind};
use crate::parse::pyproject::{Pipfile, Pyproject};
use crate::parse::requirements::RequirementsFile;
use crate::reader::Reader;
use crate::source::Span;

pub use crate::model::deps::*;
pub use crate::parse::dependency::*;

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
pub fn load(reader: &mut Reader, root: &str, other_roots: &[String]) -> Dependencies {
    let mut deps = Dependencies::default();
    let mut seen = BTreeSet::new();
    let mut stack = Vec::new();
    let main = join(root, "requirements.txt");
    if reader.inventory.is_file(&main) {
        load_requirements(
            reader,
            &mut deps,
            &main,
            Group::Runtime,
            false,
            None,
            &mut seen,
            &mut stack,
        );
    }
    let mut dev_files: Vec<String> = reader
        .inventory
        .children(root)
        .chain(reader.inventory.children(&join(root, "requirements")))
        .map(|(p, _)| p.to_string())
        .filter(|p| reader.inventory.is_file(p) && is_dev_requirements(file_name(p)))
        .collect();
    dev_files.sort();
    for path in dev_files {
        load_requirements(
            reader,
            &mut deps,
            &path,
            Group::Dev,
            false,
            None,
            &mut seen,
            &mut stack,
        );
    }
    if let Some(file) = reader.load(&join(root, "pyproject.toml")) {
        let pyproject = Pyproject::parse(file);
        deps.declared.extend(pyproject.dependencies.iter().cloned());
        deps.pyproject = Some(pyproject);
    }
    if let Some(file) = reader.load(&join(root, "Pipfile")) {
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
        if let Some(file) = reader.load(&join(root, kind.file_name())) {
            deps.locks.push(LockFile::parse(file, kind));
        }
    }
    deps.has_setup_py = reader.inventory.is_file(&join(root, "setup.py"));
    deps.has_setup_cfg = reader.inventory.is_file(&join(root, "setup.cfg"));
    apply_locks(&mut deps);
    deps.web_imports = scan_web_imports(reader, root, other_roots);
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
    reader: &mut Reader,
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
    let Some(file) = reader.load(path) else {
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
        if !reader.inventory.is_file(&resolved) {
            deps.include_problems
                .push(problem(resolved, IncludeProblemKind::Missing));
            continue;
        }
        load_requirements(
            reader,
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
fn scan_web_imports(reader: &mut Reader, root: &str, other_roots: &[String]) -> Vec<WebImport> {
    let base_depth = if root.is_empty() {
        0
    } else {
        root.matches('/').count() + 1
    };
    // Only the top levels are listed, never the whole subtree (a monorepo
    // service can hold tens of thousands of files).
    let enter = |name: &str| !SKIPPED_DIRS.contains(&name) && !name.starts_with('.');
    let mut candidates: Vec<String> = reader
        .inventory
        .near(root, IMPORT_SCAN_DEPTH + 1, &enter)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            p.ends_with(".py") && !file_name(p).starts_with("test_") && reader.inventory.is_file(p)
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
    let small = reader.load_python_all_up_to(&candidates, IMPORT_SCAN_MAX_BYTES);
    let mut small = small.into_iter();
    candidates.retain(|_| small.next().unwrap_or(false));
    let mut out = Vec::new();
    for path in candidates {
        let Some(module) = reader.load_python(&path) else {
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
