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

/// Whether the expression names the exact variable `DATABASE_URL` (as a
/// string or a name), not `TEST_DATABASE_URL` or `DATABASE_URL_REPLICA`.
fn reads_database_url(text: &str) -> bool {
    text.match_indices("DATABASE_URL").any(|(i, m)| {
        let before = text[..i].chars().next_back();
        let after = text[i + m.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// The SQLAlchemy that will be installed is 1.4 or later.
fn sqlalchemy_at_least_1_4(deps: &crate::deps::Dependencies) -> bool {
    let at_least = |v: &str| {
        let mut parts = v.split('.').map(|p| p.parse::<u64>().ok());
        match (parts.next().flatten(), parts.next().flatten()) {
            (Some(major), Some(minor)) => (major, minor) >= (1, 4),
            (Some(major), None) => major >= 2,
            _ => false,
        }
    };
    // A lock says what is installed.
    for lock in &deps.locks {
        if let Some(p) = lock.get("sqlalchemy") {
            return p.version.as_deref().is_some_and(at_least);
        }
    }
    let declared: Vec<_> = deps.declared("sqlalchemy").collect();
    if declared.is_empty() {
        // Only through Flask-SQLAlchemy or SQLModel: their current releases
        // require SQLAlchemy 2 (flask-sqlalchemy 3.1.1 METADATA: sqlalchemy>=2.0.16).
        return true;
    }
    declared.iter().any(|d| {
        let Some(specs) = &d.specifiers else {
            // Unpinned: pip installs the latest, which is 2.x.
            return true;
        };
        if specs.iter().count() == 0 {
            return true;
        }
        specs.iter().any(|s| {
            let op = s.operator().to_string();
            let v = s.version().to_string();
            matches!(op.as_str(), "==" | "===" | ">=" | ">" | "~=") && at_least(&v)
        })
    })
}

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
    // SQLAlchemy below 1.4 still accepts postgres:// (checks/PAAS611.md
    // gives the source). Report only when the
    // version installed is known to be 1.4 or later: a lock, an exact pin,
    // or a lower bound of 1.4+; SQLAlchemy 2 is also what Flask-SQLAlchemy
    // 3.1 requires (>=2.0.16, its METADATA).
    if !sqlalchemy_at_least_1_4(deps) {
        return Vec::new();
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
            if !reads_database_url(text) || text.contains("replace") {
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
