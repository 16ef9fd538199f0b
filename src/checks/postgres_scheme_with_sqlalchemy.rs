use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::parse::python::{dotted_name, span_of};
use crate::platform::Platform;
use ruff_python_ast::{Expr, Stmt};

pub static CHECK: Check = Check {
    code: "PAAS611",
    name: "postgres-scheme-with-sqlalchemy",
    severity: Severity::Error,
    summary: "DATABASE_URL goes to SQLAlchemy 1.4+ unchanged, but Heroku's URL starts with postgres://, which it no longer accepts",
    platforms: &[Platform::Heroku, Platform::Dokku],
    doc: check_doc!("PAAS611"),
    run,
};

/// Where the database URL is handed to SQLAlchemy: `create_engine(x)` or a
/// `SQLALCHEMY_DATABASE_URI` assignment (also `app.config[...]`).
fn url_expressions(body: &[Stmt]) -> Vec<&Expr> {
    let mut out = Vec::new();
    for stmt in body {
        match stmt {
            Stmt::Assign(a) => {
                let named = a.targets.iter().any(|t| match t {
                    Expr::Name(n) => n.id.as_str() == "SQLALCHEMY_DATABASE_URI",
                    Expr::Subscript(s) => {
                        crate::parse::python::string_value(&s.slice).as_deref()
                            == Some("SQLALCHEMY_DATABASE_URI")
                    }
                    _ => false,
                });
                if named {
                    out.push(&*a.value);
                }
                if let Expr::Call(c) = &*a.value {
                    if dotted_name(&c.func).is_some_and(|n| n.ends_with("create_engine")) {
                        out.extend(c.arguments.find_positional(0));
                    }
                }
            }
            Stmt::ClassDef(c) => out.extend(url_expressions(&c.body)),
            _ => {}
        }
    }
    out
}

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let sqlalchemy = ["sqlalchemy", "flask-sqlalchemy", "sqlmodel"]
        .iter()
        .any(|n| deps.declares_runtime(n) || deps.locked_for_runtime(n));
    // Django does not use SQLAlchemy URLs; dj-database-url accepts postgres://.
    if !sqlalchemy || deps.declares_runtime("django") {
        return Vec::new();
    }
    // SQLAlchemy below 1.4 still accepts postgres://.
    if let Some(spec) = deps
        .declared("sqlalchemy")
        .find_map(|d| d.specifiers.as_ref())
        .map(|s| s.to_string())
    {
        if spec.starts_with("==1.3") || spec.starts_with("<1.4") {
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    for (path, module) in &cx.project.python {
        if !cx
            .project
            .app_of(path)
            .is_some_and(|a| std::ptr::eq(a, cx.app))
        {
            continue;
        }
        let Some(file) = cx.project.file(path) else {
            continue;
        };
        // A module that rewrites the scheme anywhere is taken to handle it.
        if file.text.contains("postgresql://") || file.text.contains("postgres://") {
            continue;
        }
        for expr in url_expressions(&module.ast.body) {
            let text = file.slice(span_of(expr));
            if !text.contains("DATABASE_URL") || text.contains("replace") {
                continue;
            }
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, path, span_of(expr)),
                        "DATABASE_URL reaches SQLAlchemy unchanged: Heroku and Dokku give `postgres://…`, which SQLAlchemy 1.4 and later reject (\"Can't load plugin: sqlalchemy.dialects:postgres\")",
                    )
                    .with_label("postgres:// on Heroku")
                    .with_help("rewrite the scheme first: `url = os.environ[\"DATABASE_URL\"].replace(\"postgres://\", \"postgresql://\", 1)`")
                    .with_subject("DATABASE_URL"),
            );
        }
    }
    out
}
