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
    if app.commands.is_empty() {
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
    let mut tried = Vec::new();
    for root in &roots {
        for candidate in [format!("{rel}.py"), format!("{rel}/__init__.py")] {
            let path = join(root, &candidate);
            if reader.inventory.is_file(&path) {
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
        return Outcome::OutsidePath { found, folder };
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
            Outcome::Resolved {
                file: path.to_string(),
                binding,
                kind,
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
            let reads_port_env = port.as_deref().is_some_and(|p| p.contains("PORT"));
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
    let has_uvicorn = app.deps.declares_runtime("uvicorn");
    let has_gunicorn = app.deps.declares_runtime("gunicorn");
    let mut out = Vec::new();
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
                (AppKind::Asgi(_), name) if has_gunicorn && !has_uvicorn => {
                    format!("web: gunicorn -k uvicorn.workers.UvicornWorker {module_name}:{name}")
                }
                (AppKind::Asgi(_), name) => {
                    format!("web: uvicorn {module_name}:{name} --host 0.0.0.0 --port $PORT")
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
