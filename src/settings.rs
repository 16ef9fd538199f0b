//! Django settings, read without importing them: find the production
//! settings module, follow its star imports, and evaluate the assignments
//! with a small evaluator that never runs code.

use std::collections::BTreeMap;

use ruff_python_ast::{self as ast, Expr, Operator, Stmt};

use crate::discover::{join, parent};
use crate::entry::{base_dir, EntryPoints};
use crate::model::{App, Project};
use crate::parse::python::{dotted_name, span_of, string_value};
use crate::source::Span;

/// A settings value as far as it can be known statically.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    None,
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    /// A filesystem path relative to the linted folder (`BASE_DIR / "static"`).
    Path(String),
    /// Read from the environment: `os.environ["X"]` (required) or `.get("X", default)`.
    Env {
        var: String,
        default: Option<Box<Value>>,
        required: bool,
    },
    /// Differs by `if` branch: the test's source text and each outcome.
    Branches(String, Vec<Value>),
    Unknown,
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Strings of a list (unknown items skipped).
    pub fn strings(&self) -> Vec<&str> {
        match self {
            Value::List(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The dict entry for a string key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A setting's final value and where it was last assigned.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub value: Value,
    pub file: String,
    pub span: Span,
}

/// One settings module, evaluated.
#[derive(Debug, Clone, Default)]
pub struct DjangoSettings {
    /// The module read (`mysite.settings.production`) and its file.
    pub module: String,
    pub file: String,
    /// How it was chosen, for messages.
    pub chosen_because: String,
    pub values: BTreeMap<String, Setting>,
    /// Environment variables read at import with no default (`os.environ["X"]`).
    pub required_env: Vec<(String, String, Span)>,
    /// Environment variables read anywhere in the settings.
    pub env_read: Vec<String>,
    /// Calls seen, by dotted name (`dj_database_url.config`, `env.db`).
    pub calls: Vec<String>,
    /// Other settings modules that exist but were not read.
    pub others: Vec<String>,
}

impl DjangoSettings {
    pub fn get(&self, name: &str) -> Option<&Setting> {
        self.values.get(name)
    }

    pub fn reads_env(&self, var: &str) -> bool {
        self.env_read.iter().any(|v| v == var)
    }
}

/// Finds and evaluates the production settings module of a Django app.
pub fn load(project: &mut Project, app: &App, entry: &EntryPoints) -> Option<DjangoSettings> {
    let mut named: Vec<(String, String, &'static str)> = Vec::new();
    for (i, parsed) in entry.commands.iter().enumerate() {
        let is_web = app.commands.get(i).is_some_and(|c| c.process == "web");
        if let Some((_, module)) = parsed
            .env
            .iter()
            .find(|(k, _)| k == "DJANGO_SETTINGS_MODULE")
        {
            if is_web {
                named.push((
                    module.clone(),
                    base_dir(app, parsed),
                    "set by the web command",
                ));
            }
        }
    }
    for r in &entry.settings {
        if !r.exists {
            continue;
        }
        let why = match r.file.as_deref() {
            Some(f) if f.ends_with("manage.py") => "named in manage.py",
            Some(_) => "named in the served WSGI/ASGI module",
            None => "set by a command",
        };
        let base = r
            .file
            .as_deref()
            .map(|f| {
                if f.ends_with("manage.py") {
                    parent(f).to_string()
                } else {
                    app.root.clone()
                }
            })
            .unwrap_or_else(|| app.root.clone());
        named.push((r.module.clone(), base, why));
    }
    // Prefer a production module when several are named.
    named.sort_by_key(|(m, _, why)| {
        (
            !(m.contains("prod") || m.contains("deploy")),
            *why == "named in manage.py",
        )
    });
    let (mut module, base, mut why) = named.into_iter().next()?;
    // A development module named in code while a production sibling exists:
    // the platform sets DJANGO_SETTINGS_MODULE to that sibling.
    let leaf = module.rsplit('.').next().unwrap_or("");
    if DEV_NAMES.contains(&leaf) {
        let package = module.rsplit_once('.').map_or("", |(p, _)| p).to_string();
        if let Some(prod) = PRODUCTION_NAMES
            .iter()
            .map(|n| format!("{package}.{n}"))
            .find(|m| module_file(project, &base, m).is_some())
        {
            module = prod;
            why = "the production module beside the development one the code names";
        }
    }
    let file = module_file(project, &base, &module)?;
    let mut settings = DjangoSettings {
        module: module.clone(),
        file: file.clone(),
        chosen_because: why.to_string(),
        ..Default::default()
    };
    let mut evaluator = Evaluator {
        project,
        settings: &mut settings,
        depth: 0,
        guarded: 0,
    };
    evaluator.run_module(&file);
    // Sibling modules of a settings package that were not read.
    if let Some(dir) = file
        .strip_suffix("/__init__.py")
        .or_else(|| Some(parent(&file)))
    {
        if file.contains("/settings/") || file.ends_with("settings/__init__.py") {
            settings.others = project
                .inventory
                .children(dir)
                .map(|(p, _)| p.to_string())
                .filter(|p| p.ends_with(".py") && *p != file && !p.ends_with("__init__.py"))
                .collect();
        }
    }
    Some(settings)
}

const DEV_NAMES: &[&str] = &["dev", "local", "development", "test", "testing"];
const PRODUCTION_NAMES: &[&str] = &[
    "production",
    "prod",
    "heroku",
    "deploy",
    "live",
    "render",
    "railway",
    "fly",
];

fn module_file(project: &Project, base: &str, module: &str) -> Option<String> {
    let rel = module.replace('.', "/");
    [format!("{rel}.py"), format!("{rel}/__init__.py")]
        .into_iter()
        .map(|c| join(base, &c))
        .find(|p| project.inventory.is_file(p))
}

struct Evaluator<'a> {
    project: &'a mut Project,
    settings: &'a mut DjangoSettings,
    depth: usize,
    /// Inside an `if`/`try`: a required variable there may be guarded.
    guarded: usize,
}

impl Evaluator<'_> {
    fn run_module(&mut self, file: &str) {
        if self.depth > 8 || self.project.load_python(file).is_none() {
            return;
        }
        self.depth += 1;
        // Clone the statements out so the project can load further modules while we walk.
        let body = match self.project.python_module(file) {
            Some(m) => m.ast.body.clone(),
            None => return,
        };
        self.run_body(file, &body, None);
        self.depth -= 1;
    }

    fn run_body(&mut self, file: &str, body: &[Stmt], branch: Option<&str>) {
        for stmt in body {
            self.run_stmt(file, stmt, branch);
        }
    }

    fn assign(&mut self, file: &str, name: &str, value: Value, span: Span, branch: Option<&str>) {
        let value = match (branch, self.settings.values.get(name)) {
            (Some(test), Some(old)) if old.value != value => {
                Value::Branches(test.to_string(), vec![old.value.clone(), value])
            }
            (Some(test), None) => Value::Branches(test.to_string(), vec![Value::Unknown, value]),
            _ => value,
        };
        self.settings.values.insert(
            name.to_string(),
            Setting {
                value,
                file: file.to_string(),
                span,
            },
        );
    }

    fn run_stmt(&mut self, file: &str, stmt: &Stmt, branch: Option<&str>) {
        match stmt {
            Stmt::Assign(a) => {
                let value = self.eval(file, &a.value);
                for target in &a.targets {
                    if let Expr::Name(n) = target {
                        self.assign(file, n.id.as_str(), value.clone(), span_of(stmt), branch);
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), Some(v)) = (&*a.target, &a.value) {
                    let value = self.eval(file, v);
                    self.assign(file, n.id.as_str(), value, span_of(stmt), branch);
                }
            }
            Stmt::AugAssign(a) if a.op == Operator::Add => {
                if let Expr::Name(n) = &*a.target {
                    let extra = self.eval(file, &a.value);
                    let current = self
                        .settings
                        .values
                        .get(n.id.as_str())
                        .map(|s| s.value.clone());
                    if let (Some(Value::List(mut items)), Value::List(more)) = (current, extra) {
                        items.extend(more);
                        self.assign(
                            file,
                            n.id.as_str(),
                            Value::List(items),
                            span_of(stmt),
                            branch,
                        );
                    }
                }
            }
            Stmt::Expr(e) => {
                self.eval(file, &e.value);
                self.list_method(file, &e.value, span_of(stmt));
            }
            Stmt::ImportFrom(i) if i.names.iter().any(|n| n.name.as_str() == "*") => {
                if let Some(target) = self.import_file(file, i) {
                    self.run_module(&target);
                }
            }
            Stmt::If(s) => {
                let test = self
                    .project
                    .file(file)
                    .map(|f| f.slice(span_of(&*s.test)).to_string())
                    .unwrap_or_default();
                self.guarded += 1;
                self.run_body(file, &s.body, Some(&test));
                for clause in &s.elif_else_clauses {
                    self.run_body(file, &clause.body, Some(&test));
                }
                self.guarded -= 1;
            }
            Stmt::Try(t) => {
                self.guarded += 1;
                self.run_body(file, &t.body, branch);
                self.run_body(file, &t.orelse, branch);
                self.guarded -= 1;
            }
            _ => {}
        }
    }

    /// `MIDDLEWARE.append(x)`, `MIDDLEWARE.insert(i, x)`, `.extend([...])`.
    fn list_method(&mut self, file: &str, expr: &Expr, span: Span) {
        let Expr::Call(call) = expr else {
            return;
        };
        let Expr::Attribute(attr) = &*call.func else {
            return;
        };
        let Expr::Name(list) = &*attr.value else {
            return;
        };
        let name = list.id.as_str();
        let Some(Value::List(mut items)) = self.settings.values.get(name).map(|s| s.value.clone())
        else {
            return;
        };
        let args: Vec<Value> = call
            .arguments
            .args
            .iter()
            .map(|a| self.eval(file, a))
            .collect();
        match (attr.attr.as_str(), args.as_slice()) {
            ("append", [v]) => items.push(v.clone()),
            ("insert", [Value::Int(i), v]) => {
                let i = usize::try_from(*i).unwrap_or(0).min(items.len());
                items.insert(i, v.clone());
            }
            ("extend", [Value::List(more)]) => items.extend(more.iter().cloned()),
            _ => return,
        }
        self.assign(file, name, Value::List(items), span, None);
    }

    fn import_file(&self, file: &str, import: &ast::StmtImportFrom) -> Option<String> {
        let module = import
            .module
            .as_ref()
            .map(|m| m.to_string())
            .unwrap_or_default();
        let mut dir = parent(file).to_string();
        if import.level == 0 {
            // Absolute: resolve from the folders above the file.
            loop {
                if let Some(found) = module_file(self.project, &dir, &module) {
                    return Some(found);
                }
                if dir.is_empty() {
                    return None;
                }
                dir = parent(&dir).to_string();
            }
        }
        for _ in 1..import.level {
            dir = parent(&dir).to_string();
        }
        if module.is_empty() {
            return None;
        }
        module_file(self.project, &dir, &module)
    }

    fn eval(&mut self, file: &str, expr: &Expr) -> Value {
        match expr {
            Expr::StringLiteral(_) => string_value(expr).map(Value::Str).unwrap_or(Value::Unknown),
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64().map(Value::Int).unwrap_or(Value::Unknown),
                _ => Value::Unknown,
            },
            Expr::List(l) => Value::List(l.elts.iter().map(|e| self.eval(file, e)).collect()),
            Expr::Tuple(t) => Value::List(t.elts.iter().map(|e| self.eval(file, e)).collect()),
            Expr::Set(s) => Value::List(s.elts.iter().map(|e| self.eval(file, e)).collect()),
            Expr::Dict(d) => Value::Dict(
                d.items
                    .iter()
                    .filter_map(|item| {
                        let key = item.key.as_ref()?;
                        Some((self.eval(file, key), self.eval(file, &item.value)))
                    })
                    .collect(),
            ),
            Expr::Name(n) => self
                .settings
                .values
                .get(n.id.as_str())
                .map(|s| s.value.clone())
                .unwrap_or(Value::Unknown),
            Expr::BinOp(b) if b.op == Operator::Div => {
                match (self.eval(file, &b.left), self.eval(file, &b.right)) {
                    (Value::Path(p), Value::Str(s)) => Value::Path(join(&p, &s)),
                    _ => Value::Unknown,
                }
            }
            Expr::BinOp(b) if b.op == Operator::Add => {
                match (self.eval(file, &b.left), self.eval(file, &b.right)) {
                    (Value::List(mut a), Value::List(c)) => {
                        a.extend(c);
                        Value::List(a)
                    }
                    (Value::Str(a), Value::Str(c)) => Value::Str(a + &c),
                    _ => Value::Unknown,
                }
            }
            Expr::Subscript(s) => {
                // os.environ["X"]
                if dotted_name(&s.value)
                    .as_deref()
                    .is_some_and(|n| n.ends_with("environ"))
                {
                    if let Some(var) = string_value(&s.slice) {
                        self.settings.env_read.push(var.clone());
                        if self.guarded == 0 {
                            self.settings.required_env.push((
                                var.clone(),
                                file.to_string(),
                                span_of(expr),
                            ));
                        }
                        return Value::Env {
                            var,
                            default: None,
                            required: true,
                        };
                    }
                }
                Value::Unknown
            }
            Expr::Call(call) => self.eval_call(file, expr, call),
            Expr::Attribute(a) => {
                // Path(__file__).resolve().parent.parent
                if a.attr.as_str() == "parent" {
                    if let Value::Path(p) = self.eval(file, &a.value) {
                        return Value::Path(parent(&p).to_string());
                    }
                }
                Value::Unknown
            }
            _ => Value::Unknown,
        }
    }

    fn eval_call(&mut self, file: &str, expr: &Expr, call: &ast::ExprCall) -> Value {
        let name = dotted_name(&call.func).unwrap_or_default();
        self.settings.calls.push(name.clone());
        let last = name.rsplit('.').next().unwrap_or("");
        let arg = |i: usize| call.arguments.find_positional(i);
        let keyword = |k: &str| call.arguments.find_keyword(k).map(|kw| &kw.value);
        // Path(__file__) and friends: the file's own path.
        if matches!(
            last,
            "Path" | "abspath" | "realpath" | "resolve" | "absolute"
        ) {
            if let Some(Expr::Name(n)) = arg(0) {
                if n.id.as_str() == "__file__" {
                    return Value::Path(file.to_string());
                }
            }
            if matches!(last, "resolve" | "absolute") {
                if let Expr::Attribute(a) = &*call.func {
                    return self.eval(file, &a.value);
                }
            }
            if let Some(inner) = arg(0) {
                return self.eval(file, inner);
            }
        }
        if name.ends_with("path.dirname") {
            if let Some(Value::Path(p)) = arg(0).map(|e| self.eval(file, e)) {
                return Value::Path(parent(&p).to_string());
            }
        }
        if name.ends_with("path.join") {
            let parts: Vec<Value> = call
                .arguments
                .args
                .iter()
                .map(|a| self.eval(file, a))
                .collect();
            let mut out = match parts.first() {
                Some(Value::Path(p)) => p.clone(),
                _ => return Value::Unknown,
            };
            for p in &parts[1..] {
                match p {
                    Value::Str(s) => out = join(&out, s),
                    _ => return Value::Unknown,
                }
            }
            return Value::Path(out);
        }
        // os.environ.get / os.getenv / env(...) / env.bool(...) / config(...)
        let env_reader = name.ends_with("environ.get")
            || name == "getenv"
            || name.ends_with(".getenv")
            || name == "env"
            || name.starts_with("env.")
            || name == "config"
            || name.starts_with("config.");
        if env_reader {
            if let Some(var) = arg(0).and_then(string_value) {
                self.settings.env_read.push(var.clone());
                let default = keyword("default").or_else(|| {
                    // os.environ.get("X", d), os.getenv("X", d)
                    if name.ends_with("environ.get") || name.ends_with("getenv") {
                        arg(1)
                    } else {
                        None
                    }
                });
                let default = default.map(|d| Box::new(self.eval(file, d)));
                // django-environ and decouple raise when the variable is missing and no default is given.
                let required = default.is_none()
                    && (name == "env" || name.starts_with("env.") || name.starts_with("config"));
                if required && self.guarded == 0 {
                    self.settings
                        .required_env
                        .push((var.clone(), file.to_string(), span_of(expr)));
                }
                if name.ends_with(".db") || name.ends_with(".db_url") {
                    self.settings.env_read.push("DATABASE_URL".to_string());
                }
                return Value::Env {
                    var,
                    default,
                    required,
                };
            }
            if name == "env.db" || name == "env.db_url" {
                self.settings.env_read.push("DATABASE_URL".to_string());
            }
        }
        if name.starts_with("dj_database_url.") {
            self.settings.env_read.push("DATABASE_URL".to_string());
        }
        Value::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Inventory;
    use crate::model::ModelOptions;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let inv = Inventory::walk(dir.path()).unwrap();
        let project = Project::build(inv, &ModelOptions::default()).unwrap();
        (dir, project)
    }

    const MANAGE: &str =
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n";

    #[test]
    fn evaluates_paths_env_lists_and_branches() {
        let (_d, p) = project(&[
            ("manage.py", MANAGE),
            ("mysite/__init__.py", ""),
            (
                "mysite/settings.py",
                "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_ROOT = BASE_DIR / 'staticfiles'\nDEBUG = os.environ.get('DEBUG', 'false') == 'true'\nSECRET_KEY = os.environ['SECRET_KEY']\nMIDDLEWARE = ['a']\nMIDDLEWARE.insert(0, 'b')\nMIDDLEWARE += ['c']\nif os.environ.get('X'):\n    ALLOWED_HOSTS = ['x']\nelse:\n    ALLOWED_HOSTS = []\n# STATIC_URL = 'nope'\nS = 'STATIC_URL = 1'\n",
            ),
        ]);
        let s = p.apps[0].settings.as_ref().expect("settings found");
        assert_eq!(s.module, "mysite.settings");
        assert_eq!(
            s.get("STATIC_ROOT").unwrap().value,
            Value::Path("staticfiles".into())
        );
        assert_eq!(
            s.get("MIDDLEWARE").unwrap().value.strings(),
            ["b", "a", "c"]
        );
        assert!(matches!(
            s.get("ALLOWED_HOSTS").unwrap().value,
            Value::Branches(..)
        ));
        assert!(s.get("STATIC_URL").is_none());
        assert_eq!(s.required_env[0].0, "SECRET_KEY");
    }

    #[test]
    fn follows_split_settings_and_prefers_production() {
        let (_d, p) = project(&[
            ("manage.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.local')\n"),
            ("Procfile", "web: gunicorn config.wsgi\n"),
            ("config/__init__.py", ""),
            ("config/wsgi.py", "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings.production')\napplication = None\n"),
            ("config/settings/__init__.py", ""),
            ("config/settings/base.py", "import environ\nenv = environ.Env()\nDEBUG = env.bool('DJANGO_DEBUG', False)\nSTATIC_ROOT = '/app/static'\n"),
            ("config/settings/local.py", "from .base import *\nDEBUG = True\n"),
            ("config/settings/production.py", "from .base import *  # noqa\nSECRET_KEY = env('DJANGO_SECRET_KEY')\n"),
        ]);
        let s = p.apps[0].settings.as_ref().expect("settings");
        assert_eq!(s.module, "config.settings.production");
        assert_eq!(
            s.get("STATIC_ROOT").unwrap().value,
            Value::Str("/app/static".into())
        );
        assert!(matches!(s.get("DEBUG").unwrap().value, Value::Env { .. }));
        assert!(s
            .required_env
            .iter()
            .any(|(v, _, _)| v == "DJANGO_SECRET_KEY"));
    }
}
