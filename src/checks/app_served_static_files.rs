use super::{check_doc, Check, Context};
use crate::discover::EntryKind;
use crate::finding::{Finding, Location, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS405",
    name: "app-served-static-files",
    severity: Severity::Info,
    summary: "A Flask or FastAPI app serves its static folder from the Python process, with no WhiteNoise or CDN",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS405"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let framework = ["flask", "fastapi", "starlette", "quart"]
        .into_iter()
        .find(|f| deps.declares_runtime(f));
    let Some(framework) = framework else {
        return Vec::new();
    };
    if deps.declares_runtime("django")
        || deps.declares_runtime("whitenoise")
        || deps.declares_runtime("flask-s3")
    {
        return Vec::new();
    }
    // A `static/` folder at the app root or one package down.
    let static_dir = cx
        .project
        .inventory
        .descendants(&cx.app.root)
        .filter(|(p, e)| e.kind == EntryKind::Dir && crate::discover::file_name(p) == "static")
        .map(|(p, _)| p)
        .find(|p| {
            p[cx.app.root.len()..]
                .trim_start_matches('/')
                .matches('/')
                .count()
                <= 1
        });
    let Some(dir) = static_dir else {
        return Vec::new();
    };
    let help = if framework == "flask" {
        "fine for small sites; for production traffic wrap the app in WhiteNoise (`app.wsgi_app = WhiteNoise(app.wsgi_app, root=\"static/\")`) or serve the folder from a CDN"
    } else {
        "fine for small sites; for production traffic serve the folder from a CDN or object storage in front of the app"
    };
    vec![CHECK
        .finding(
            cx,
            Location::path_only(format!("{dir}/")),
            format!("`{dir}/` is served by the {framework} process itself: every static request takes a worker, with no compression or far-future caching"),
        )
        .with_help(help)
        .with_subject(dir.to_string())
        .with_data("static_serving", "app-process")]
}
