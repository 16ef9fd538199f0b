use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::parse::python::{dotted_name, span_of, string_value};
use crate::platform::Platform;
use ruff_python_ast::{Expr, Stmt};

pub static CHECK: Check = Check {
    code: "PAAS608",
    name: "flask-insecure-config",
    severity: Severity::Warning,
    summary:
        "A Flask app sets a literal SECRET_KEY or turns debug on in code that runs in production",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS608"),
    run,
};

/// `app.config["KEY"]`, `app.secret_key`, `app.debug` as assignment targets.
fn config_key(target: &Expr) -> Option<String> {
    match target {
        Expr::Subscript(s) => {
            let base = dotted_name(&s.value)?;
            base.ends_with(".config").then(|| string_value(&s.slice))?
        }
        Expr::Attribute(a) => match a.attr.as_str() {
            "secret_key" => Some("SECRET_KEY".to_string()),
            "debug" => Some("DEBUG".to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn run(cx: &Context) -> Vec<Finding> {
    if !cx.app.deps.declared("flask").any(|_| true) {
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
        for stmt in &module.ast.body {
            let mut found: Vec<(String, &Expr, crate::source::Span)> = Vec::new();
            match stmt {
                Stmt::Assign(a) => {
                    for t in &a.targets {
                        if let Some(key) = config_key(t) {
                            found.push((key, &a.value, span_of(stmt)));
                        }
                    }
                }
                Stmt::Expr(e) => {
                    if let Expr::Call(call) = &*e.value {
                        let name = dotted_name(&call.func).unwrap_or_default();
                        if name.ends_with("config.update") || name.ends_with("config.from_mapping")
                        {
                            for kw in &call.arguments.keywords {
                                if let Some(arg) = &kw.arg {
                                    found.push((arg.to_string(), &kw.value, span_of(kw)));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
            for (key, value, span) in found {
                let message = match (key.as_str(), value) {
                    ("SECRET_KEY", v) if string_value(v).is_some_and(|s| !s.is_empty()) => {
                        "the Flask SECRET_KEY is a literal committed to the repository: anyone with the code can forge session cookies"
                    }
                    ("DEBUG", Expr::BooleanLiteral(b)) if b.value => {
                        "Flask debug mode is switched on at import: exceptions propagate and, under the development server, the interactive debugger runs code any visitor sends"
                    }
                    _ => continue,
                };
                let mut finding = CHECK
                    .finding(cx, in_file(cx, path, span), message)
                    .with_label(if key == "DEBUG" { "debug on" } else { "committed secret" })
                    .with_help(if key == "DEBUG" {
                        "remove it; enable debug only locally with `flask run --debug`"
                    } else {
                        "read it from the environment: `app.config[\"SECRET_KEY\"] = os.environ[\"SECRET_KEY\"]`, and rotate the committed one"
                    })
                    .with_subject(key.clone());
                if key == "DEBUG" {
                    finding = finding.with_data("debug", true);
                }
                out.push(finding);
            }
        }
    }
    out
}
