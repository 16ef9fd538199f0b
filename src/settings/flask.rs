//! Flask and FastAPI facts for the settings checks, read from the AST of the
//! app's modules: literal secret keys, DEBUG switched on in config, and
//! static folders served by the app process. `app.run(debug=True)` under
//! `if __name__ == "__main__":` is ignored: a production server never runs it.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

use super::value::Loc;
use crate::discover::{file_name, join, parent, EntryKind};
use crate::reader::Reader;

pub use crate::model::settings::FlaskFacts;
use crate::parse::python::span_of;

/// Reads the Python files at the app root and one folder down.
pub fn discover(reader: &mut Reader, root: &str, framework: Option<&str>) -> Option<FlaskFacts> {
    framework?;
    let files: Vec<String> = reader
        .inventory
        .near(root, 2, &|_| true)
        .into_iter()
        .filter(|(path, entry)| {
            entry.kind != EntryKind::Dir
                && path.ends_with(".py")
                && path[root.len()..]
                    .trim_start_matches('/')
                    .matches('/')
                    .count()
                    <= 1
                && !file_name(path).starts_with("test")
                && !path.contains("/tests/")
        })
        .map(|(p, _)| p.to_string())
        .collect();
    let mut facts = FlaskFacts::default();
    for path in files {
        let Some(module) = reader.load_python(&path) else {
            continue;
        };
        let mut v = Finder {
            path: &path,
            facts: &mut facts,
            class: None,
        };
        for stmt in &module.ast.body {
            v.visit_stmt(stmt);
        }
    }
    // Keep static folders that exist next to their module.
    let inventory = &reader.inventory;
    facts.static_served.retain(|(loc, _, folder)| {
        inventory.is_dir(&join(parent(&loc.path), folder)) || inventory.is_dir(&join(root, folder))
    });
    Some(facts)
}

struct Finder<'a> {
    path: &'a str,
    facts: &'a mut FlaskFacts,
    class: Option<String>,
}

fn literal(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str()),
        _ => None,
    }
}

/// A literal secret, directly or as the fallback of an environment read.
fn literal_secret(expr: &Expr) -> Option<(&str, Option<String>)> {
    if let Some(s) = literal(expr) {
        return Some((s, None));
    }
    match expr {
        Expr::Call(c) => {
            let func = match c.func.as_ref() {
                Expr::Attribute(a) => a.attr.as_str(),
                Expr::Name(n) => n.id.as_str(),
                _ => return None,
            };
            if !matches!(func, "get" | "getenv") {
                return None;
            }
            let var = c.arguments.args.first().and_then(literal)?;
            let default = c
                .arguments
                .args
                .get(1)
                .or_else(|| {
                    c.arguments
                        .keywords
                        .iter()
                        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "default"))
                        .map(|k| &k.value)
                })
                .and_then(literal)?;
            Some((default, Some(var.to_string())))
        }
        Expr::BoolOp(b) if b.op == ast::BoolOp::Or => {
            let last = b.values.last().and_then(literal)?;
            let var = b.values.first().and_then(|f| match f {
                Expr::Call(c) => c
                    .arguments
                    .args
                    .first()
                    .and_then(literal)
                    .map(str::to_string),
                _ => None,
            });
            Some((last, var))
        }
        _ => None,
    }
}

fn is_true(expr: &Expr) -> bool {
    matches!(expr, Expr::BooleanLiteral(b) if b.value)
}

fn dev_class(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.contains("dev") || l.contains("test") || l.contains("local") || l.contains("debug")
}

impl Finder<'_> {
    fn loc(&self, node: &impl ruff_text_size::Ranged) -> Loc {
        Loc {
            path: self.path.to_string(),
            span: span_of(node),
        }
    }

    fn setting(&mut self, name: &str, value: &Expr, at: &impl ruff_text_size::Ranged) {
        if self.class.as_deref().is_some_and(dev_class) {
            return;
        }
        match name {
            "SECRET_KEY" | "secret_key" => {
                if let Some((key, var)) = literal_secret(value) {
                    if !key.is_empty() {
                        let loc = self.loc(at);
                        self.facts.secret_keys.push((loc, var));
                    }
                }
            }
            "DEBUG" | "debug" if is_true(value) => {
                let loc = self.loc(at);
                self.facts.debug.push(loc);
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Finder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            // `if __name__ == "__main__":` only runs with `python app.py`.
            Stmt::If(s) if matches!(s.test.as_ref(), Expr::Compare(c) if matches!(c.left.as_ref(), Expr::Name(n) if n.id.as_str() == "__name__")) =>
            {
                return;
            }
            Stmt::ClassDef(c) => {
                let saved = self.class.replace(c.name.to_string());
                for s in &c.body {
                    if let Stmt::Assign(a) = s {
                        for t in &a.targets {
                            if let Expr::Name(n) = t {
                                self.setting(n.id.as_str(), &a.value, s);
                            }
                        }
                    }
                }
                visitor::walk_stmt(self, stmt);
                self.class = saved;
                return;
            }
            Stmt::Assign(a) if self.class.is_none() => {
                for t in &a.targets {
                    match t {
                        // app.config["SECRET_KEY"] = …
                        Expr::Subscript(s) if matches!(s.value.as_ref(), Expr::Attribute(at) if at.attr.as_str() == "config") => {
                            if let Some(k) = literal(&s.slice) {
                                self.setting(k, &a.value, stmt);
                            }
                        }
                        // app.secret_key = …, app.debug = True
                        Expr::Attribute(at) => {
                            self.setting(at.attr.as_str(), &a.value, stmt);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let method = match call.func.as_ref() {
                Expr::Attribute(a) => Some(a.attr.as_str()),
                _ => None,
            };
            match method {
                // app.config.update(SECRET_KEY=…), app.config.from_mapping(SECRET_KEY="dev")
                Some("update" | "from_mapping") => {
                    for kw in &call.arguments.keywords {
                        if let Some(arg) = &kw.arg {
                            self.setting(arg.as_str(), &kw.value, kw);
                        }
                    }
                }
                // app.mount("/static", StaticFiles(directory="static"))
                Some("mount") => {
                    for a in call.arguments.args.iter() {
                        if let Expr::Call(inner) = a {
                            let is_static = matches!(inner.func.as_ref(), Expr::Name(n) if n.id.as_str() == "StaticFiles");
                            let dir = inner
                                .arguments
                                .keywords
                                .iter()
                                .find(|k| k.arg.as_ref().is_some_and(|x| x.as_str() == "directory"))
                                .and_then(|k| literal(&k.value));
                            if let (true, Some(dir)) = (is_static, dir) {
                                let loc = self.loc(call);
                                self.facts.static_served.push((
                                    loc,
                                    "FastAPI",
                                    dir.trim_matches('/').to_string(),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
            // Flask(__name__): serves `static/` unless static_folder=None.
            if matches!(call.func.as_ref(), Expr::Name(n) if n.id.as_str() == "Flask") {
                let folder = call.arguments.keywords.iter().find(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|x| x.as_str() == "static_folder")
                });
                let folder = match folder {
                    None => Some("static".to_string()),
                    Some(k) => literal(&k.value).map(|s| s.trim_matches('/').to_string()),
                };
                if let Some(folder) = folder {
                    let loc = self.loc(call);
                    self.facts.static_served.push((loc, "Flask", folder));
                }
            }
        }
        visitor::walk_expr(self, expr);
    }
}
