use super::names::is_misnamed_procfile;
use super::{check_doc, Check, Context};
use crate::discover::file_name;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS201",
    name: "missing-procfile",
    severity: Severity::Error,
    summary: "An app that serves HTTP has no Procfile declaring its web process",
    platforms: &[Platform::Heroku, Platform::Dokku, Platform::Digitalocean],
    doc: check_doc!("PAAS201"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    if cx.root_has("Procfile")
        || cx.root_file_names().any(is_misnamed_procfile)
        || !cx
            .nested_files_named(|p| file_name(p) == "Procfile")
            .is_empty()
        || !cx.serves_http()
    {
        return Vec::new();
    }
    let missing = cx.app.path("Procfile");
    let location = cx.anchor(&[
        "requirements.txt",
        "pyproject.toml",
        "manage.py",
        "app.py",
        "main.py",
    ]);
    let mut finding = CHECK
        .finding(
            cx,
            location,
            format!("`{missing}` is missing: Heroku and Dokku start no web process (\"No web processes running\"), DigitalOcean and Render need a run command typed into their dashboard, and other platforms guess one"),
        )
        .with_subject("Procfile")
        .with_data("missing_path", missing);
    finding = finding.with_help(match suggested_web_line(cx) {
        Some(line) => format!("create a file named `Procfile` at the app root containing `{line}`"),
        None => "create a file named `Procfile` at the app root with a line `web: gunicorn <module>:<app>`".to_string(),
    });
    vec![finding]
}

/// A first guess at the web line from file names alone.
fn suggested_web_line(cx: &Context) -> Option<String> {
    let inventory = &cx.project.inventory;
    if cx.root_has("manage.py") {
        let wsgi = inventory
            .children(&cx.app.root)
            .map(|(p, _)| p)
            .find(|dir| inventory.is_file(&format!("{dir}/wsgi.py")))?;
        return Some(format!("web: gunicorn {}.wsgi", file_name(wsgi)));
    }
    ["app.py", "main.py", "wsgi.py"]
        .iter()
        .find(|n| cx.root_has(n))
        .map(|n| format!("web: gunicorn {}:app", n.trim_end_matches(".py")))
}
