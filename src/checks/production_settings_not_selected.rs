use super::django::with_settings;
use super::{check_doc, Check, Context};
use crate::discover::file_name;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS615",
    name: "production-settings-not-selected",
    severity: Severity::Warning,
    summary: "The server's default DJANGO_SETTINGS_MODULE is not the production settings module, and nothing in the repository selects that one",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS615"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(s) = cx.django() else {
        return Vec::new();
    };
    // paaslint judged a production-named sibling; a start command, platform
    // file or app.json naming a module would have been chosen first.
    if !s.reason.starts_with("production module next to") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in &s.candidates {
        let served = matches!(file_name(&c.origin), "wsgi.py" | "asgi.py");
        if !served || c.module == s.module || c.path.is_none() {
            continue;
        }
        let Some((_, span)) = cx
            .project
            .python_module(&c.origin)
            .and_then(|m| m.environ_setdefault("DJANGO_SETTINGS_MODULE"))
        else {
            continue;
        };
        let Some(file) = cx.project.file(&c.origin) else {
            continue;
        };
        let f = CHECK
            .finding(
                cx,
                Location::in_file(file, span),
                format!(
                    "{} loads `{}` unless DJANGO_SETTINGS_MODULE is set, and nothing in the repository sets it: the platform runs those settings, not `{}` (which paaslint judged)",
                    c.origin, c.module, s.module
                ),
            )
            .with_label("default settings module")
            .with_help(format!(
                "set the config var `DJANGO_SETTINGS_MODULE={}` on each platform (Heroku: `heroku config:set DJANGO_SETTINGS_MODULE={}`), or make it the default here",
                s.module, s.module
            ))
            .with_subject("DJANGO_SETTINGS_MODULE")
            .with_data("default_module", c.module.clone())
            .with_data("production_module", s.module.clone())
            .with_data("needs_env", serde_json::json!({"boot": ["DJANGO_SETTINGS_MODULE"]}));
        // Where the platform builds the Dockerfile, its `ENV` may select the
        // module (not read here): those platforms are left out.
        let platforms: Vec<Platform> = Platform::ALL
            .into_iter()
            .filter(|p| !cx.app.docker_built.contains(p))
            .collect();
        if platforms.is_empty() {
            break;
        }
        out.push(with_settings(f.with_platforms(&platforms), s));
        break;
    }
    out
}
