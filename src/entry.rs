//! Layer `analyzers`: each start command's target, through the reader, resolved to a file and binding.
//!
//! Entry points: follow each start command's `module:callable` to a file and
//! a top-level binding, and infer the app when no command exists. Runs in
//! the parse phase; Python files it needs are read and parsed there, once.

use ruff_python_ast::Expr;

use crate::command::{self, ParsedCommand, Server, Target};
use crate::discover::normalize_path;
use crate::discover::{file_name, join, parent, EntryKind};
use crate::model::App;
use crate::parse::python::{dotted_name, string_value, Binding, BindingKind, PythonModule};
use crate::reader::Reader;

pub use crate::model::entry::*;

const ASGI_CONSTRUCTORS: &[&str] = &[
    "FastAPI",
    "Starlette",
    "Quart",
    "Litestar",
    "Starlite",
    "get_asgi_application",
    "ProtocolTypeRouter",
    "FastHTML",
];
const WSGI_CONSTRUCTORS: &[&str] = &[
    "Flask",
    "get_wsgi_application",
    "Bottle",
    "make_wsgi_app",
    "DispatcherMiddleware",
    "WhiteNoise",
    "Falcon",
];
const FACTORY_NAMES: &[&str] = &[
    "create_app",
    "make_app",
    "create_application",
    "get_app",
    "app_factory",
];

/// Files where apps usually live, relative to the app root.
const CANDIDATE_FILES: &[&str] = &[
    "app.py",
    "main.py",
    "wsgi.py",
    "asgi.py",
    "application.py",
    "server.py",
    "api.py",
    "run.py",
];

/// Analyzes an app's commands, reading what Python it needs into the project.
pub fn analyze(reader: &mut Reader, app: &App) -> EntryPoints {
    let mut entry = EntryPoints {
        commands: app
            .commands
            .iter()
            .enumerate()
            .map(|(i, c)| command::parse(i, &c.text, c.span, c.argv.as_deref()))
            .collect(),
        ..Default::default()
    };
    for i in 0..entry.commands.len() {
        // A Dockerfile's WORKDIR holding a copied subfolder: the command runs there.
        if let Some(dir) = app.commands.get(i).and_then(|c| c.workdir.clone()) {
            let parsed = &mut entry.commands[i];
            parsed.chdir = Some(match parsed.chdir.take() {
                Some(inner) if !inner.starts_with('/') => format!("{dir}/{inner}"),
                _ => dir,
            });
        }
        apply_gunicorn_config(reader, app, &mut entry.commands[i]);
        let parsed = entry.commands[i].clone();
        let Some(target) = parsed.target.clone() else {
            continue;
        };
        let outcome = resolve(reader, app, &parsed, &target);
        if let (Some(Server::PythonScript), Outcome::FileFound { file }) = (parsed.server, &outcome)
        {
            entry.script_runs.extend(script_runs(reader, i, file));
        }
        entry.resolutions.push(Resolution {
            command: i,
            target,
            outcome,
        });
    }
    entry.settings = settings_refs(reader, app, &entry);
    // Without a start command of its own (a Dockerfile's CMD runs only where it is built).
    if app
        .commands
        .iter()
        .all(|c| c.origin == crate::model::CommandOrigin::Dockerfile)
    {
        entry.candidates = candidates(reader, app);
    }
    entry
}

/// gunicorn reads `gunicorn.conf.py` (or `-c FILE`) from its working folder:
/// its `bind` and `wsgi_app` count as if given on the command line.
fn apply_gunicorn_config(reader: &mut Reader, app: &App, parsed: &mut ParsedCommand) {
    if parsed.server != Some(Server::Gunicorn) {
        return;
    }
    let base = base_dir(app, parsed);
    let path = join(
        &base,
        parsed.config_file.as_deref().unwrap_or("gunicorn.conf.py"),
    );
    let Some(module) = reader.load_python(&path) else {
        return;
    };
    if parsed.bind.port.is_none() && parsed.bind.host.is_none() {
        if let Some((bind, span)) = module.string_assignment("bind") {
            let (host, port) = match bind.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), Some(p.to_string())),
                None => (bind.clone(), None),
            };
            parsed.bind.host = Some(host);
            parsed.bind.port = port;
            parsed.bind.span = Some(span);
            parsed.bind.path = Some(path.clone());
        }
    }
    // The command line and GUNICORN_CMD_ARGS override the config file.
    if parsed.worker_class.is_none() {
        if let Some((class, span)) = module.string_assignment("worker_class") {
            parsed.worker_class = Some(class);
            parsed.worker_class_span = Some(span);
            parsed.worker_class_path = Some(path.clone());
        }
    }
    if parsed.target.is_none() {
        if let Some((app_path, span)) = module.string_assignment("wsgi_app") {
            let (module_name, callable) = match app_path.split_once(':') {
                Some((m, c)) => (m.to_string(), Some(c.trim_end_matches("()").to_string())),
                None => (app_path.clone(), None),
            };
            parsed.target = Some(Target {
                module: module_name,
                factory_call: app_path.ends_with(')'),
                callable,
                is_file: false,
                span,
            });
        }
    }
}

/// The folder the server imports from: the app root, moved by `cd`/`--chdir`.
pub fn base_dir(app: &App, parsed: &ParsedCommand) -> String {
    match parsed.chdir.as_deref() {
        Some(dir) if !dir.starts_with('/') && !dir.contains('$') => {
            normalize_path(&join(&app.root, dir.trim_start_matches("./")))
        }
        _ => app.root.clone(),
    }
}

fn resolve(reader: &mut Reader, app: &App, parsed: &ParsedCommand, target: &Target) -> Outcome {
    let base = base_dir(app, parsed);
    if target.is_file {
        let path = normalize_path(&join(&base, &target.module));
        if reader.inventory.is_file(&path) {
            return Outcome::FileFound { file: path };
        }
        return Outcome::ModuleMissing {
            tried: vec![path],
            suggestions: Vec::new(),
        };
    }
    if target.module.is_empty() || !target.module.split('.').all(is_identifier) {
        // Dynamic (`$APP_MODULE`) or not a module path: nothing to check.
        return Outcome::External;
    }
    let mut roots = vec![base.clone()];
    roots.extend(
        parsed
            .pythonpath
            .iter()
            .filter(|p| !p.starts_with('/') && !p.contains('$'))
            .map(|p| normalize_path(&join(&base, p))),
    );
    let rel = target.module.replace('.', "/");
    // `python -m pkg.mod` runs the module (a package runs its `__main__.py`): no callable.
    let runs_module = parsed.server.is_none();
    let mut tried = Vec::new();
    for root in &roots {
        let candidates = if runs_module {
            [format!("{rel}.py"), format!("{rel}/__main__.py")]
        } else {
            [format!("{rel}.py"), format!("{rel}/__init__.py")]
        };
        for candidate in candidates {
            let path = join(root, &candidate);
            if reader.inventory.is_file(&path) {
                if runs_module {
                    return Outcome::FileFound { file: path };
                }
                return resolve_callable(reader, parsed, target, &path);
            }
            tried.push(path);
        }
    }
    // Elsewhere in the app (a src layout, a subfolder): on the disk, not on the path.
    let module_file = format!("/{rel}.py");
    let package_init = format!("/{rel}/__init__.py");
    let elsewhere = reader
        .inventory
        .descendants(&app.root)
        .filter(|(p, e)| {
            e.kind != EntryKind::Dir && (p.ends_with(&module_file) || p.ends_with(&package_init))
        })
        .map(|(p, _)| p.to_string())
        .min_by_key(|p| p.matches('/').count());
    if let Some(found) = elsewhere {
        let suffix_len = if found.ends_with("/__init__.py") {
            package_init.len()
        } else {
            module_file.len()
        };
        let folder = found[..found.len() - suffix_len].to_string();
        if installs_itself(reader, app) && file_name(&folder) == "src" {
            return resolve_callable(reader, parsed, target, &found);
        }
        let qualified = qualified_module(reader, &base, &folder, &found, &target.module);
        return Outcome::OutsidePath {
            found,
            folder,
            qualified,
        };
    }
    let top = target.module.split('.').next().unwrap_or("");
    if app.deps.declared(&top.replace('_', "-")).next().is_some()
        || app.deps.declared(top).next().is_some()
    {
        return Outcome::External;
    }
    Outcome::ModuleMissing {
        tried,
        suggestions: module_suggestions(reader, &base, &target.module),
    }
}

/// `pkg.main` for `main` found in `pkg/`, when importing it that way works:
/// every folder is an identifier, it is no `src/` layout, and the module does
/// not import a sibling by its bare name (that import would then fail).
fn qualified_module(
    reader: &mut Reader,
    base: &str,
    folder: &str,
    found: &str,
    module: &str,
) -> Option<String> {
    let rel = if base.is_empty() {
        folder
    } else {
        folder.strip_prefix(base)?.strip_prefix('/')?
    };
    if rel.is_empty() || !rel.split('/').all(is_identifier) || rel.split('/').any(|p| p == "src") {
        return None;
    }
    let imported = reader.load_python(found).map(top_level_imports)?;
    let sibling = imported.iter().any(|name| {
        [format!("{name}.py"), format!("{name}/__init__.py")]
            .iter()
            .any(|f| reader.inventory.is_file(&join(folder, f)))
    });
    (!sibling).then(|| format!("{}.{module}", rel.replace('/', ".")))
}

/// First components of the absolute imports anywhere in a module.
fn top_level_imports(module: &PythonModule) -> Vec<String> {
    use ruff_python_ast::Stmt;
    fn walk(body: &[Stmt], out: &mut Vec<String>) {
        for stmt in body {
            match stmt {
                Stmt::Import(i) => out.extend(
                    i.names
                        .iter()
                        .filter_map(|a| a.name.split('.').next().map(str::to_string)),
                ),
                Stmt::ImportFrom(i) if i.level == 0 => out.extend(
                    i.module
                        .as_ref()
                        .and_then(|m| m.split('.').next().map(str::to_string)),
                ),
                Stmt::If(i) => {
                    walk(&i.body, out);
                    for clause in &i.elif_else_clauses {
                        walk(&clause.body, out);
                    }
                }
                Stmt::Try(t) => {
                    walk(&t.body, out);
                    for handler in &t.handlers {
                        let ruff_python_ast::ExceptHandler::ExceptHandler(h) = handler;
                        walk(&h.body, out);
                    }
                }
                Stmt::FunctionDef(f) => walk(&f.body, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&module.ast.body, &mut out);
    out
}

/// The build installs the project itself (`-e .`/`.`, or uv/Poetry with a build backend).
fn installs_itself(_reader: &Reader, app: &App) -> bool {
    let self_install = app
        .deps
        .requirement_files
        .iter()
        .flat_map(|r| &r.file.requirements)
        .any(|r| r.editable && r.text.trim_start_matches("-e").trim() == ".");
    let packaged = app
        .deps
        .pyproject
        .as_ref()
        .is_some_and(|p| p.build_backend.is_some());
    self_install || packaged
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Modules near the import root whose name resembles the missing one.
fn module_suggestions(reader: &Reader, base: &str, missing: &str) -> Vec<String> {
    let mut found: Vec<(usize, String)> = reader
        .inventory
        .descendants(base)
        .filter(|(p, e)| {
            e.kind != EntryKind::Dir
                && p.ends_with(".py")
                && p[base.len()..].matches('/').count() <= 3
                && !p
                    .split('/')
                    .any(|s| s.starts_with('.') || s == "tests" || s == "migrations")
        })
        .filter_map(|(p, _)| {
            let rel = p.strip_prefix(base).unwrap_or(p).trim_start_matches('/');
            let module = rel
                .strip_suffix(".py")?
                .trim_end_matches("/__init__")
                .replace('/', ".");
            let score = strsim::levenshtein(&module, missing);
            let same_leaf = module.rsplit('.').next() == missing.rsplit('.').next();
            (score <= 3 || same_leaf).then_some((if same_leaf { 0 } else { score }, module))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, m)| m).take(3).collect()
}

fn default_callable(server: Option<Server>) -> &'static str {
    match server {
        Some(Server::Gunicorn | Server::Uwsgi) => "application",
        _ => "app",
    }
}

fn resolve_callable(
    reader: &mut Reader,
    parsed: &ParsedCommand,
    target: &Target,
    path: &str,
) -> Outcome {
    let callable = target
        .callable
        .clone()
        .unwrap_or_else(|| default_callable(parsed.server).to_string());
    let Some(module) = reader.load_python(path) else {
        // Unreadable: PAAS901 says so.
        return Outcome::FileFound {
            file: path.to_string(),
        };
    };
    let found = module.binding(&callable).map(|b| {
        let kind = kind_of(module, &b);
        (b, kind)
    });
    match found {
        Some((binding, kind)) => {
            let kind = match (&kind, binding.kind) {
                (AppKind::Unknown, BindingKind::Import) => {
                    imported_kind(reader, path, &callable, 0)
                }
                _ => kind,
            };
            let factory_builds_asgi = (kind == AppKind::Factory)
                .then(|| reader.python_module(path))
                .flatten()
                .filter(|m| !module_builds(m, WSGI_CONSTRUCTORS))
                .and_then(|m| {
                    m.calls().iter().find_map(|(name, _)| {
                        let last = name.rsplit('.').next().unwrap_or(name.as_str());
                        ASGI_CONSTRUCTORS.contains(&last).then(|| last.to_string())
                    })
                });
            Outcome::Resolved {
                file: path.to_string(),
                binding,
                kind,
                factory_builds_asgi,
            }
        }
        // `from x import *` or a module `__getattr__` can bind any name: not provably missing.
        None if reader.python_module(path).is_some_and(has_dynamic_names) => Outcome::External,
        None => Outcome::CallableMissing {
            file: path.to_string(),
            suggestions: reader
                .python_module(path)
                .map(app_like_names)
                .unwrap_or_default(),
            callable,
        },
    }
}

fn has_dynamic_names(module: &PythonModule) -> bool {
    use ruff_python_ast::Stmt;
    module.ast.body.iter().any(|stmt| match stmt {
        Stmt::ImportFrom(i) => i.names.iter().any(|a| a.name.as_str() == "*"),
        Stmt::FunctionDef(f) => f.name.as_str() == "__getattr__",
        _ => false,
    })
}

/// Follows `from .x import app` to find what kind of app it is (a few hops at most).
fn imported_kind(reader: &mut Reader, path: &str, name: &str, hops: usize) -> AppKind {
    if hops > 3 {
        return AppKind::Unknown;
    }
    let Some(module) = reader.python_module(path) else {
        return AppKind::Unknown;
    };
    let Some((source, level, original)) = import_source(module, name) else {
        return AppKind::Unknown;
    };
    let base = if level > 0 {
        let mut dir = parent(path).to_string();
        for _ in 1..level {
            dir = parent(&dir).to_string();
        }
        dir
    } else {
        // Absolute imports resolve from the folder holding the top package; try the file's folder's root.
        let depth = path.matches('/').count();
        let mut dir = parent(path).to_string();
        for _ in 0..depth {
            let candidate = join(&dir, &format!("{}.py", source.replace('.', "/")));
            if reader.inventory.is_file(&candidate) {
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = parent(&dir).to_string();
        }
        dir
    };
    let rel = source.replace('.', "/");
    for candidate in [format!("{rel}.py"), format!("{rel}/__init__.py")] {
        let file = join(&base, &candidate);
        if !reader.inventory.is_file(&file) {
            continue;
        }
        let Some(m) = reader.load_python(&file) else {
            return AppKind::Unknown;
        };
        let Some(binding) = m.binding(&original) else {
            return AppKind::Unknown;
        };
        let kind = kind_of(m, &binding);
        if kind == AppKind::Unknown && binding.kind == BindingKind::Import {
            return imported_kind(reader, &file, &original, hops + 1);
        }
        return kind;
    }
    AppKind::Unknown
}

fn import_source(module: &PythonModule, name: &str) -> Option<(String, u32, String)> {
    use ruff_python_ast::Stmt;
    module.ast.body.iter().rev().find_map(|stmt| match stmt {
        Stmt::ImportFrom(i) => i.names.iter().find_map(|alias| {
            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
            (bound.as_str() == name).then(|| {
                (
                    i.module.as_ref().map(|m| m.to_string()).unwrap_or_default(),
                    i.level,
                    alias.name.to_string(),
                )
            })
        }),
        _ => None,
    })
}

/// The app kind of a top-level binding, from its constructor.
pub fn kind_of(module: &PythonModule, binding: &Binding) -> AppKind {
    match binding.kind {
        BindingKind::Function => AppKind::Factory,
        BindingKind::Assignment => module
            .assigned_value(&binding.name)
            .map(kind_of_value)
            .unwrap_or(AppKind::Unknown),
        _ => AppKind::Unknown,
    }
}

fn kind_of_value(value: &Expr) -> AppKind {
    let Expr::Call(call) = value else {
        return AppKind::Unknown;
    };
    let Some(name) = dotted_name(&call.func) else {
        return AppKind::Unknown;
    };
    let last = name.rsplit('.').next().unwrap_or(&name);
    if name.contains("asgi") && last == "App" {
        return AppKind::Asgi(name);
    }
    if ASGI_CONSTRUCTORS.contains(&last) {
        AppKind::Asgi(last.to_string())
    } else if WSGI_CONSTRUCTORS.contains(&last)
        || (name.starts_with("falcon") && matches!(last, "App" | "API"))
    {
        AppKind::Wsgi(last.to_string())
    } else {
        AppKind::Unknown
    }
}

/// Names in a module that hold an app or build one.
fn app_like_names(module: &PythonModule) -> Vec<String> {
    let mut names = Vec::new();
    for binding in module.top_level_bindings() {
        let kind = kind_of(module, &binding);
        let looks_like_app = matches!(kind, AppKind::Asgi(_) | AppKind::Wsgi(_))
            || (kind == AppKind::Factory && FACTORY_NAMES.contains(&binding.name.as_str()))
            || matches!(binding.name.as_str(), "app" | "application");
        if looks_like_app && !names.contains(&binding.name) {
            names.push(binding.name);
        }
    }
    names
}

fn script_runs(reader: &mut Reader, command: usize, file: &str) -> Vec<ScriptRun> {
    if reader.load_python(file).is_none() {
        return Vec::new();
    }
    let reader: &Reader = reader;
    let Some(module) = reader.python_module(file) else {
        return Vec::new();
    };
    module
        .calls()
        .into_iter()
        .filter(|(name, _)| name.ends_with(".run") || name == "run")
        .filter(|(name, _)| {
            let receiver = name.trim_end_matches(".run");
            receiver == "uvicorn"
                || receiver == "bottle"
                || module.assigned_value(receiver).is_some_and(|v| {
                    matches!(kind_of_value(v), AppKind::Wsgi(_) | AppKind::Asgi(_))
                })
                || receiver == "app"
        })
        .map(|(name, call)| {
            let text_of = |e: &Expr| {
                let span = crate::parse::python::span_of(e);
                reader
                    .file(file)
                    .map(|f| f.slice(span).to_string())
                    .unwrap_or_default()
            };
            let host = call
                .arguments
                .find_keyword("host")
                .map(|k| string_value(&k.value).unwrap_or_else(|| text_of(&k.value)));
            let port_expr = call.arguments.find_keyword("port").map(|k| &k.value);
            let port = port_expr.map(text_of);
            let reads_port_env = port.as_deref().is_some_and(|p| p.contains("PORT"))
                || port_expr.is_some_and(|e| {
                    bound_from_port(module, e, &|e| text_of(e).contains("PORT"), 0)
                });
            let flag = |name: &str| {
                call.arguments.find_keyword(name).and_then(|k| {
                    matches!(&k.value, Expr::BooleanLiteral(b) if b.value)
                        .then(|| crate::parse::python::span_of(k))
                })
            };
            let debug = flag("debug");
            let reload = flag("reload");
            ScriptRun {
                command,
                file: file.to_string(),
                span: crate::parse::python::span_of(call),
                callee: name,
                host,
                port,
                reads_port_env,
                debug,
                reload,
            }
        })
        .collect()
}

/// Whether `expr` is a name (or `int(name)`) bound in the module from an
/// expression that reads `PORT`: `port = int(os.environ.get("PORT", 5000))`,
/// also inside `if __name__ == "__main__":`, followed through a few names.
fn bound_from_port(
    module: &PythonModule,
    expr: &Expr,
    reads_port: &dyn Fn(&Expr) -> bool,
    hops: usize,
) -> bool {
    use ruff_python_ast::Stmt;
    let name = match expr {
        Expr::Name(n) => n.id.as_str(),
        Expr::Call(call) if call.arguments.args.len() == 1 => {
            return bound_from_port(module, &call.arguments.args[0], reads_port, hops)
        }
        _ => return false,
    };
    if hops > 3 {
        return false;
    }
    fn assignments<'a>(body: &'a [Stmt], name: &str, out: &mut Vec<&'a Expr>) {
        for stmt in body {
            match stmt {
                Stmt::Assign(a)
                    if a.targets
                        .iter()
                        .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == name)) =>
                {
                    out.push(&a.value)
                }
                Stmt::AnnAssign(a) if matches!(&*a.target, Expr::Name(n) if n.id.as_str() == name) => {
                    out.extend(a.value.as_deref())
                }
                Stmt::If(i) => {
                    assignments(&i.body, name, out);
                    for clause in &i.elif_else_clauses {
                        assignments(&clause.body, name, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut values = Vec::new();
    assignments(&module.ast.body, name, &mut values);
    !values.is_empty()
        && values
            .iter()
            .all(|v| reads_port(v) || bound_from_port(module, v, reads_port, hops + 1))
}

/// `DJANGO_SETTINGS_MODULE` as the command's env, the wsgi/asgi module, or manage.py set it.
fn settings_refs(reader: &mut Reader, app: &App, entry: &EntryPoints) -> Vec<SettingsRef> {
    let mut refs = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    for r in &entry.resolutions {
        if let Outcome::Resolved { file, .. } = &r.outcome {
            if matches!(file_name(file), "wsgi.py" | "asgi.py") {
                let base = base_dir(app, &entry.commands[r.command]);
                files.push((file.clone(), base));
            }
        }
    }
    let manage = app.path("manage.py");
    if reader.inventory.is_file(&manage) {
        files.push((manage, app.root.clone()));
    }
    for parsed in &entry.commands {
        if let Some((_, module)) = parsed
            .env
            .iter()
            .find(|(k, _)| k == "DJANGO_SETTINGS_MODULE")
        {
            let base = base_dir(app, parsed);
            refs.push(SettingsRef {
                exists: module_exists(reader, &base, module),
                module: module.clone(),
                file: None,
                span: None,
            });
        }
    }
    for (file, base) in files {
        let Some(module) = reader.load_python(&file) else {
            continue;
        };
        if let Some((name, span)) = module.environ_setdefault("DJANGO_SETTINGS_MODULE") {
            if refs
                .iter()
                .any(|r| r.module == name && r.file.as_deref() == Some(file.as_str()))
            {
                continue;
            }
            refs.push(SettingsRef {
                exists: module_exists(reader, &base, &name),
                module: name,
                file: Some(file),
                span: Some(span),
            });
        }
    }
    refs
}

fn module_exists(reader: &Reader, base: &str, module: &str) -> bool {
    if !module.split('.').all(is_identifier) {
        // Python imports only identifiers, so `my-site.settings` never exists; a shell
        // expansion or a template placeholder is not a name yet.
        return module.contains(['$', '{', '%', '<']);
    }
    let rel = module.replace('.', "/");
    [format!("{rel}.py"), format!("{rel}/__init__.py")]
        .iter()
        .any(|c| reader.inventory.is_file(&join(base, c)))
}

/// Whether the module calls one of these constructors anywhere (a factory's body).
fn module_builds(module: &PythonModule, constructors: &[&str]) -> bool {
    module
        .calls()
        .iter()
        .any(|(name, _)| constructors.contains(&name.rsplit('.').next().unwrap_or(name.as_str())))
}

/// Apps with a launcher of their own: Streamlit scripts (`streamlit run`,
/// bound with `--server.address`/`--server.port`) and Gradio scripts (which
/// read `GRADIO_SERVER_NAME` and `GRADIO_SERVER_PORT`).
fn launcher_candidates(reader: &mut Reader, app: &App) -> Vec<Candidate> {
    let launchers: Vec<&str> = ["streamlit", "gradio"]
        .into_iter()
        .filter(|p| app.deps.declares_runtime(p))
        .collect();
    if launchers.is_empty() {
        return Vec::new();
    }
    let mut files: Vec<String> = reader
        .inventory
        .children(&app.root)
        .filter(|(p, e)| e.kind == EntryKind::File && p.ends_with(".py"))
        .map(|(p, _)| p.to_string())
        .collect();
    // The usual names first, then the rest in name order.
    files.sort_by_key(|f| {
        let name = file_name(f).to_ascii_lowercase();
        let usual = [
            "streamlit_app.py",
            "app.py",
            "main.py",
            "home.py",
            "dashboard.py",
        ];
        (
            usual.iter().position(|u| *u == name).unwrap_or(usual.len()),
            name,
        )
    });
    let mut out = Vec::new();
    for file in files {
        if reader
            .inventory
            .file_size(&file)
            .is_some_and(|size| size > 256 * 1024)
        {
            continue;
        }
        let Some(module) = reader.load_python(&file) else {
            continue;
        };
        let imported = top_level_imports(module);
        let Some(launcher) = launchers.iter().find(|l| imported.iter().any(|i| i == *l)) else {
            continue;
        };
        let rel = file
            .strip_prefix(&format!("{}/", app.root))
            .unwrap_or(&file)
            .to_string();
        let line = match *launcher {
            "streamlit" => {
                format!("web: streamlit run {rel} --server.address 0.0.0.0 --server.port $PORT")
            }
            _ => format!("web: GRADIO_SERVER_NAME=0.0.0.0 GRADIO_SERVER_PORT=$PORT python {rel}"),
        };
        out.push(Candidate {
            file: file.clone(),
            module: rel.trim_end_matches(".py").replace('/', "."),
            callable: String::new(),
            kind: AppKind::Unknown,
            procfile_line: line,
        });
        break;
    }
    out
}

/// Apps found in the usual places, each with the Procfile line that serves it.
fn candidates(reader: &mut Reader, app: &App) -> Vec<Candidate> {
    let mut files: Vec<String> = CANDIDATE_FILES.iter().map(|f| app.path(f)).collect();
    let subfolders: Vec<String> = reader
        .inventory
        .children(&app.root)
        .filter(|(p, e)| e.kind == EntryKind::Dir && !file_name(p).starts_with('.'))
        .map(|(p, _)| p.to_string())
        .collect();
    for dir in &subfolders {
        for f in ["wsgi.py", "asgi.py", "app.py", "main.py", "__init__.py"] {
            files.push(join(dir, f));
        }
    }
    let has_uvicorn =
        app.deps.declares_runtime("uvicorn") || app.deps.declares_runtime("uvicorn-worker");
    let has_gunicorn = app.deps.declares_runtime("gunicorn");
    let mut out = launcher_candidates(reader, app);
    if !out.is_empty() {
        // A Streamlit or Gradio app is started by its own launcher, not by a server.
        return out;
    }
    for file in files {
        if !reader.inventory.is_file(&file)
            || reader
                .inventory
                .file_size(&file)
                .is_some_and(|size| size > 256 * 1024)
        {
            continue;
        }
        let Some(module) = reader.load_python(&file) else {
            continue;
        };
        let rel = file
            .strip_prefix(&format!("{}/", app.root))
            .unwrap_or(&file);
        let module_name = rel
            .trim_end_matches(".py")
            .trim_end_matches("/__init__")
            .replace('/', ".");
        let django_entry = matches!(file_name(&file), "wsgi.py" | "asgi.py") && file.contains('/');
        let builds_asgi = module_builds(module, ASGI_CONSTRUCTORS);
        let builds_wsgi = module_builds(module, WSGI_CONSTRUCTORS);
        for binding in module.top_level_bindings() {
            let kind = kind_of(module, &binding);
            let line = match (&kind, binding.name.as_str()) {
                (AppKind::Wsgi(c), "application")
                    if c == "get_wsgi_application" && django_entry =>
                {
                    format!("web: gunicorn {module_name}")
                }
                (AppKind::Asgi(c), "application") if c == "get_asgi_application" => continue,
                (AppKind::Wsgi(_), name) => format!("web: gunicorn {module_name}:{name}"),
                // gunicorn reads PORT; its uvicorn worker needs uvicorn installed.
                (AppKind::Asgi(_), name) if has_gunicorn && has_uvicorn => {
                    format!("web: gunicorn -k uvicorn.workers.UvicornWorker {module_name}:{name}")
                }
                (AppKind::Asgi(_), name) => {
                    format!("web: uvicorn {module_name}:{name} --host 0.0.0.0 --port $PORT")
                }
                (AppKind::Factory, name)
                    if FACTORY_NAMES.contains(&name) && builds_asgi && !builds_wsgi =>
                {
                    format!(
                        "web: uvicorn --factory {module_name}:{name} --host 0.0.0.0 --port $PORT"
                    )
                }
                (AppKind::Factory, name) if FACTORY_NAMES.contains(&name) => {
                    format!("web: gunicorn \"{module_name}:{name}()\"")
                }
                _ => continue,
            };
            if out.iter().any(|c: &Candidate| c.procfile_line == line) {
                continue;
            }
            out.push(Candidate {
                file: file.clone(),
                module: module_name.clone(),
                callable: binding.name.clone(),
                kind,
                procfile_line: line,
            });
        }
    }
    out
}

/// The modules the platform imports when the app starts, as far as the
/// model knows them: each start command's module, the Django settings
/// modules evaluated, and the project modules these import directly
/// (resolved from the app root, or relative to the importer). Sorted, unique.
pub fn imported_modules(
    inventory: &crate::discover::Inventory,
    python: &std::collections::BTreeMap<String, PythonModule>,
    app: &App,
) -> Vec<String> {
    let mut direct: Vec<String> = app
        .entry
        .resolutions
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Resolved { file, .. }
            | Outcome::FileFound { file }
            | Outcome::CallableMissing { file, .. } => Some(file.clone()),
            _ => None,
        })
        .collect();
    if let Some(django) = &app.django {
        direct.extend(django.files.iter().cloned());
    }
    let roots = vec![app.root.clone()];
    let exists = |p: &str| inventory.is_file(p);
    // DJANGO_SETTINGS_MODULE as the entry modules name it: Django imports it
    // at start even when the settings could not be evaluated.
    for settings in app.entry.settings.iter().filter(|s| s.exists) {
        direct.extend(crate::settings::eval::resolve_import(
            &exists,
            "",
            &settings.module,
            0,
            &roots,
        ));
    }
    let mut all = direct.clone();
    for importer in &direct {
        if let Some(module) = python.get(importer) {
            crate::settings::eval::project_imports(
                &module.ast.body,
                importer,
                &roots,
                &exists,
                &mut all,
            );
        }
    }
    all.sort();
    all.dedup();
    all
}
