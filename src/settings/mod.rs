//! Layer `analyzers`: the Django settings and Flask config of an app, through the reader, evaluated into facts.
//!
//! Django settings, found and evaluated without importing them (parse phase).
//!
//! The settings module comes from `DJANGO_SETTINGS_MODULE` in a start
//! command, a platform file, `wsgi.py`/`asgi.py` or `manage.py`; where several
//! are named, the production one is chosen and the choice is recorded.

pub mod eval;
pub mod flask;
pub use crate::model::value;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

use crate::discover::{file_name, join, parent, EntryKind};
use crate::model::StartCommand;
use crate::parse::platform_files::PlatformFile;
use crate::reader::Reader;
use eval::Evaluator;

pub use crate::model::settings::{Candidate, DjangoSettings};

/// Names that mark a settings module meant for production.
fn production_like(module: &str) -> bool {
    let last = module
        .rsplit('.')
        .next()
        .unwrap_or(module)
        .to_ascii_lowercase();
    [
        "prod", "live", "deploy", "heroku", "render", "railway", "fly", "release",
    ]
    .iter()
    .any(|w| last.contains(w))
}

fn dev_like(module: &str) -> bool {
    let last = module
        .rsplit('.')
        .next()
        .unwrap_or(module)
        .to_ascii_lowercase();
    ["dev", "local", "test", "ci", "debug"]
        .iter()
        .any(|w| last.contains(w))
}

/// Finds, loads and evaluates the Django settings of the app at `root`.
/// Returns `None` for apps that are not Django.
pub fn discover(
    reader: &mut Reader,
    platform_files: &[PlatformFile],
    root: &str,
    commands: &[StartCommand],
    is_django_dependency: bool,
) -> Option<DjangoSettings> {
    let mut candidates: Vec<(u8, Candidate)> = Vec::new();

    // Start commands: what actually runs. Web processes first.
    for cmd in commands {
        let words = shlex::split(&cmd.text).unwrap_or_default();
        let mut iter = words.iter().peekable();
        while let Some(word) = iter.next() {
            let module = if let Some(m) = word.strip_prefix("DJANGO_SETTINGS_MODULE=") {
                Some(m.to_string())
            } else if let Some(m) = word.strip_prefix("--settings=") {
                Some(m.to_string())
            } else if word == "--settings" {
                iter.peek().map(|m| m.to_string())
            } else {
                None
            };
            if let Some(module) = module.filter(|m| !m.is_empty() && !m.starts_with('$')) {
                let tier = if cmd.process == "web" { 0 } else { 1 };
                candidates.push((
                    tier,
                    Candidate {
                        module,
                        path: None,
                        origin: format!("{} ({})", cmd.path, cmd.process),
                    },
                ));
            }
        }
    }

    // app.json's environment, as the platform-file parse read it.
    let app_json = join(root, "app.json");
    let mut collectstatic_disabled = None;
    let env: &[crate::parse::platform_files::EnvVar] = platform_files
        .iter()
        .find(|f| f.path == app_json)
        .map_or(&[], |f| f.env.as_slice());
    for var in env {
        let Some(value) = var.value.clone() else {
            continue;
        };
        match var.name.as_str() {
            "DJANGO_SETTINGS_MODULE" => candidates.push((
                2,
                Candidate {
                    module: value,
                    path: None,
                    origin: app_json.clone(),
                },
            )),
            "DISABLE_COLLECTSTATIC" if value != "0" && !value.is_empty() => {
                collectstatic_disabled = Some((app_json.clone(), var.span, value));
            }
            _ => {}
        }
    }

    // manage.py, wsgi.py and asgi.py near the root.
    let mut entry_files: Vec<String> = [("manage.py", 2), ("wsgi.py", 3), ("asgi.py", 3)]
        .into_iter()
        .flat_map(|(name, max_depth)| {
            reader
                .inventory
                .named(root, name)
                .filter(move |(path, entry)| {
                    entry.kind != EntryKind::Dir
                        && path[root.len()..].matches('/').count() <= max_depth
                        && !path.contains("/site-packages/")
                })
        })
        .map(|(p, _)| p.to_string())
        .collect();
    entry_files.sort_unstable();
    let mut import_roots = vec![root.to_string()];
    for path in &entry_files {
        let tier = if file_name(path) == "manage.py" { 5 } else { 4 };
        if file_name(path) == "manage.py" && !import_roots.iter().any(|r| r == parent(path)) {
            import_roots.push(parent(path).to_string());
        }
        let Some(module) = reader.load_python(path) else {
            continue;
        };
        let mut finder = SettingsModuleFinder::default();
        finder.visit_body(&module.ast.body);
        for name in finder.found {
            candidates.push((
                tier,
                Candidate {
                    module: name,
                    path: None,
                    origin: path.clone(),
                },
            ));
        }
    }

    let is_django = is_django_dependency
        || entry_files.iter().any(|p| file_name(p) == "manage.py")
        || !candidates.is_empty();
    if !is_django {
        return None;
    }

    // Resolve module names to files.
    for (_, c) in &mut candidates {
        c.path = resolve_module(reader, &import_roots, &c.module);
    }

    // Production-like siblings of a named module (settings packages).
    let mut siblings = Vec::new();
    for (_, c) in &candidates {
        let Some(path) = &c.path else { continue };
        if production_like(&c.module) || file_name(path) == "__init__.py" {
            continue;
        }
        let dir = parent(path);
        if !reader.inventory.is_file(&join(dir, "__init__.py")) {
            continue;
        }
        for (sib, entry) in reader.inventory.children(dir) {
            let stem = file_name(sib).strip_suffix(".py").unwrap_or("");
            if entry.kind == EntryKind::Dir || stem.is_empty() || !production_like(stem) {
                continue;
            }
            let module = match c.module.rsplit_once('.') {
                Some((pkg, _)) => format!("{pkg}.{stem}"),
                None => stem.to_string(),
            };
            siblings.push((
                3,
                Candidate {
                    module,
                    path: Some(sib.to_string()),
                    origin: format!("production module next to `{}`", c.module),
                },
            ));
        }
    }
    candidates.extend(siblings);

    // Fallback: a settings.py near the root.
    if candidates.iter().all(|(_, c)| c.path.is_none()) {
        let mut found: Vec<String> = reader
            .inventory
            .named(root, "settings.py")
            .filter(|(path, entry)| {
                entry.kind != EntryKind::Dir
                    && path[root.len()..].matches('/').count() <= 3
                    && !path.contains("/site-packages/")
                    && !path.split('/').any(|p| p == "tests" || p.starts_with('.'))
            })
            .map(|(p, _)| p.to_string())
            .collect();
        found.sort_by_key(|p| (p.matches('/').count(), p.clone()));
        if let Some(path) = found.into_iter().next() {
            let module = module_name(root, &path);
            candidates.push((
                6,
                Candidate {
                    module,
                    path: Some(path),
                    origin: "the only settings.py found".into(),
                },
            ));
        }
    }

    let mut resolved: Vec<&(u8, Candidate)> = candidates
        .iter()
        .filter(|(_, c)| c.path.is_some())
        .collect();
    resolved.sort_by_key(|(tier, c)| {
        let name_rank = if production_like(&c.module) {
            0
        } else if dev_like(&c.module) {
            2
        } else {
            1
        };
        // A start command names what runs; otherwise the name decides first.
        if *tier <= 2 {
            (0, *tier, name_rank)
        } else {
            (1, name_rank, *tier)
        }
    });
    let (_, chosen) = (*resolved.first()?).clone();
    let path = chosen.path.clone()?;

    // Load the chosen module and everything it imports from the project.
    let mut queue = vec![path.clone()];
    let mut seen = Vec::new();
    while let Some(p) = queue.pop() {
        if seen.contains(&p) || seen.len() > 32 {
            continue;
        }
        seen.push(p.clone());
        if reader.load_python(&p).is_none() {
            continue;
        }
        let exists = |q: &str| reader.inventory.is_file(q);
        let mut imports = Vec::new();
        if let Some(m) = reader.python_module(&p) {
            eval::project_imports(&m.ast.body, &p, &import_roots, &exists, &mut imports);
        }
        queue.extend(imports);
    }

    // A settings file that could not be read (PAAS901 says why) has no
    // values, not values that are "not set".
    reader.python_module(&path)?;
    let mut evaluator = Evaluator::new(reader, import_roots);
    let values = evaluator.module(&path);
    // A settings file that does not parse (a cookiecutter template, a
    // merge conflict) gives no reliable values: report nothing about it.
    if evaluator.files.iter().any(|f| {
        reader
            .python_module(f)
            .is_some_and(|m| !m.syntax_errors.is_empty())
    }) {
        return None;
    }
    let mut distinct: Vec<Candidate> = Vec::new();
    for (_, c) in &candidates {
        if !distinct.contains(c) {
            distinct.push(c.clone());
        }
    }
    let others: Vec<&str> = distinct
        .iter()
        .filter(|c| c.module != chosen.module)
        .map(|c| c.module.as_str())
        .collect();
    let mut reason = format!("named by {}", chosen.origin);
    if chosen.origin.starts_with("production module") || chosen.origin.starts_with("the only") {
        reason = chosen.origin.clone();
    }
    if !others.is_empty() {
        let mut unique: Vec<&str> = Vec::new();
        for o in others {
            if !unique.contains(&o) {
                unique.push(o);
            }
        }
        reason.push_str(&format!("; also named: {}", unique.join(", ")));
    }
    Some(DjangoSettings {
        module: chosen.module.clone(),
        path,
        reason,
        candidates: distinct,
        values,
        reads: evaluator.reads,
        files: evaluator.files,
        helpers: evaluator.helpers,
        collectstatic_disabled,
    })
}

/// `mysite.settings` → `mysite/settings.py` or `mysite/settings/__init__.py`.
fn resolve_module(reader: &Reader, roots: &[String], module: &str) -> Option<String> {
    let exists = |p: &str| reader.inventory.is_file(p);
    for root in roots {
        let mut path = root.clone();
        for part in module.split('.') {
            path = join(&path, part);
        }
        for candidate in [format!("{path}.py"), join(&path, "__init__.py")] {
            if exists(&candidate) {
                return Some(candidate);
            }
        }
    }
    None
}

fn module_name(root: &str, path: &str) -> String {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .trim_start_matches('/');
    let rel = rel.strip_suffix("/__init__.py").unwrap_or(rel);
    rel.strip_suffix(".py").unwrap_or(rel).replace('/', ".")
}

/// Finds `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x")` and
/// `os.environ["DJANGO_SETTINGS_MODULE"] = "x"` anywhere in a module.
#[derive(Default)]
struct SettingsModuleFinder {
    found: Vec<String>,
}

fn is_os_environ(expr: &Expr) -> bool {
    match expr {
        Expr::Attribute(a) => {
            a.attr.as_str() == "environ"
                && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "os")
        }
        Expr::Name(n) => n.id.as_str() == "environ",
        _ => false,
    }
}

fn string(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

impl<'a> Visitor<'a> for SettingsModuleFinder {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::Assign(a) = stmt {
            for t in &a.targets {
                if let Expr::Subscript(s) = t {
                    if is_os_environ(&s.value) && string(&s.slice) == Some("DJANGO_SETTINGS_MODULE")
                    {
                        if let Some(v) = string(&a.value) {
                            self.found.push(v.to_string());
                        }
                    }
                }
            }
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(ast::ExprCall {
            func, arguments, ..
        }) = expr
        {
            if let Expr::Attribute(attr) = func.as_ref() {
                if attr.attr.as_str() == "setdefault" && is_os_environ(&attr.value) {
                    if let (Some(k), Some(v)) = (
                        arguments.args.first().and_then(string),
                        arguments.args.get(1).and_then(string),
                    ) {
                        if k == "DJANGO_SETTINGS_MODULE" {
                            self.found.push(v.to_string());
                        }
                    }
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::build::ModelOptions;
    use crate::discover::Inventory;
    use crate::model::Project;
    use value::Value;

    /// Builds a project from `(path, text)` pairs in a temporary folder.
    pub(crate) fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let abs = dir.path().join(path);
            std::fs::create_dir_all(abs.parent().unwrap()).unwrap();
            std::fs::write(abs, text).unwrap();
        }
        let inventory = Inventory::walk(dir.path()).unwrap();
        let project = Project::build(inventory, &ModelOptions::default()).unwrap();
        (dir, project)
    }

    fn settings(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let (dir, project) = project(files);
        assert!(project.apps[0].django.is_some(), "no settings found");
        (dir, project)
    }

    const MANAGE: &str = "import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n";

    #[test]
    fn startproject_layout_and_literals() {
        let (_d, p) = settings(&[
            ("manage.py", MANAGE),
            ("mysite/__init__.py", ""),
            (
                "mysite/settings.py",
                "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nDEBUG = True\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\nDIRS = [BASE_DIR / 'static', os.path.join(BASE_DIR, 'assets')]\nimport os\nX = os.path.join(BASE_DIR, 'a', 'b')\n",
            ),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        assert_eq!(s.module, "mysite.settings");
        assert_eq!(s.path, "mysite/settings.py");
        assert_eq!(s.when_unset("DEBUG"), Value::Bool(true));
        assert_eq!(
            s.when_unset("STATIC_ROOT"),
            Value::Path("staticfiles".into())
        );
        assert_eq!(s.when_unset("X"), Value::Path("a/b".into()));
        assert!(s.reason.contains("manage.py"), "{}", s.reason);
    }

    #[test]
    fn split_settings_prefer_production_and_follow_star_imports() {
        let (_d, p) = settings(&[
            ("manage.py", &MANAGE.replace("mysite.settings", "mysite.settings.dev")),
            ("mysite/__init__.py", ""),
            ("mysite/settings/__init__.py", ""),
            (
                "mysite/settings/base.py",
                "import os\nDEBUG = False\nMIDDLEWARE = ['a']\nSECRET_KEY = os.environ['SECRET_KEY']\n",
            ),
            ("mysite/settings/dev.py", "from .base import *\nDEBUG = True\n"),
            (
                "mysite/settings/production.py",
                "from .base import *\nMIDDLEWARE += ['b']\nMIDDLEWARE.insert(0, 'z')\n",
            ),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        assert_eq!(s.module, "mysite.settings.production");
        assert!(s.reason.contains("mysite.settings.dev"), "{}", s.reason);
        assert_eq!(s.when_unset("DEBUG"), Value::Bool(false));
        let mw: Vec<_> = s
            .when_unset("MIDDLEWARE")
            .as_list()
            .unwrap()
            .iter()
            .map(|e| e.value.describe())
            .collect();
        assert_eq!(mw, ["\"z\"", "\"a\"", "\"b\""]);
        assert_eq!(s.get("DEBUG").unwrap().loc.path, "mysite/settings/base.py");
        let required: Vec<_> = s
            .reads
            .iter()
            .filter(|r| r.read.required)
            .map(|r| r.read.var.as_str())
            .collect();
        assert_eq!(required, ["SECRET_KEY"]);
    }

    #[test]
    fn start_command_wins() {
        let (_d, p) = settings(&[
            ("manage.py", MANAGE),
            (
                "Procfile",
                "web: DJANGO_SETTINGS_MODULE=mysite.other gunicorn mysite.wsgi\n",
            ),
            ("mysite/settings.py", "DEBUG = True\n"),
            ("mysite/other.py", "DEBUG = False\n"),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        assert_eq!(s.module, "mysite.other");
        assert!(s.reason.contains("Procfile (web)"), "{}", s.reason);
    }

    #[test]
    fn environ_decouple_and_os_environ_styles() {
        let (_d, p) = settings(&[
            ("manage.py", MANAGE),
            (
                "mysite/settings.py",
                r#"import os
import environ
from decouple import config, Csv
import dj_database_url
env = environ.Env(DEBUG=(bool, True))
DEBUG = env("DEBUG")
A = env.bool("A", default=False)
B = config("B", default="true", cast=bool)
C = config("C", cast=Csv())
D = os.environ.get("D", "False") == "True"
E = os.getenv("E", "x,y").split(",")
F = "F" in os.environ
G = env.list("G", default=[])
DATABASES = {"default": dj_database_url.config(default="sqlite:///db.sqlite3")}
H = env.db()
"#,
            ),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        assert_eq!(s.when_unset("DEBUG"), Value::Bool(true));
        assert_eq!(s.when_unset("A"), Value::Bool(false));
        assert_eq!(s.when_unset("B"), Value::Bool(true));
        assert!(matches!(s.when_unset("C"), Value::Unknown(_)));
        assert_eq!(s.when_unset("D"), Value::Bool(false));
        assert_eq!(s.get("D").unwrap().value.vars(), ["D"]);
        assert_eq!(s.when_unset("E").as_list().map(|l| l.len()), Some(2));
        assert_eq!(s.when_unset("F"), Value::Bool(false));
        assert_eq!(s.when_unset("G"), Value::List(vec![]));
        let db = s.when_unset("DATABASES");
        assert!(
            matches!(&db.get("default").unwrap().value, Value::Database { url_var: Some(v), .. } if v == "DATABASE_URL")
        );
        let required: Vec<_> = s
            .reads
            .iter()
            .filter(|r| r.read.required)
            .map(|r| r.read.var.as_str())
            .collect();
        assert_eq!(required, ["C", "DATABASE_URL"]);
    }

    #[test]
    fn branches_are_kept_with_their_condition() {
        let (_d, p) = settings(&[
            ("manage.py", MANAGE),
            (
                "mysite/settings.py",
                "import os\nDEBUG = os.environ.get('DJANGO_DEBUG') == '1'\nif DEBUG:\n    STATIC_ROOT = None\nelse:\n    STATIC_ROOT = 'x'\nif os.environ.get('PROD'):\n    Y = 1\nZ = 1 if DEBUG else 2\n",
            ),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        let root = &s.get("STATIC_ROOT").unwrap().value;
        assert!(matches!(root, Value::Branch { cond, .. } if cond == "DEBUG"));
        assert_eq!(root.vars(), ["DJANGO_DEBUG"]);
        assert_eq!(root.when_unset(), Value::Str("x".into()));
        assert_eq!(root.outcomes().len(), 2);
        assert_eq!(s.when_unset("Y"), Value::Undefined);
        assert_eq!(s.when_unset("Z"), Value::Int(2));
        // Reads inside `if` are guarded.
        assert!(s.reads.iter().any(|r| r.read.var == "PROD" && r.guarded));
    }

    #[test]
    fn comments_and_strings_are_not_settings() {
        let (_d, p) = settings(&[
            ("manage.py", MANAGE),
            (
                "mysite/settings.py",
                "\"\"\"\nDEBUG = True\nSTATIC_ROOT = 'x'\n\"\"\"\n# DEBUG = True\nNOTE = 'DEBUG = True'\ndef f():\n    STATIC_ROOT = 'y'\n",
            ),
        ]);
        let s = p.apps[0].django.as_ref().unwrap();
        assert_eq!(s.when_unset("DEBUG"), Value::Undefined);
        assert_eq!(s.when_unset("STATIC_ROOT"), Value::Undefined);
    }

    #[test]
    fn not_django_without_markers() {
        let (_d, p) = project(&[
            ("app.py", "DEBUG = True\n"),
            ("requirements.txt", "flask\n"),
        ]);
        assert!(p.apps[0].django.is_none());
    }
}
