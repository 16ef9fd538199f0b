use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS408",
    name: "static-served-by-app",
    severity: Severity::Info,
    summary: "A Flask or FastAPI app serves its static folder from the app process, with no WhiteNoise or CDN",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS408"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let Some(facts) = &cx.app.flask else {
        return Vec::new();
    };
    if cx.dependency("whitenoise").is_some() || cx.dependency("servestatic").is_some() {
        return Vec::new();
    }
    facts
        .static_served
        .iter()
        .map(|(loc, framework, folder)| {
            let help = if *framework == "Flask" {
                format!("wrap the app with WhiteNoise, which adds caching headers and compression: `app.wsgi_app = WhiteNoise(app.wsgi_app, root=\"{folder}/\", prefix=\"static/\")`, or serve `{folder}/` from a CDN")
            } else {
                format!("serve `{folder}/` from a CDN or object store, or put ServeStatic (`servestatic`) in front of the ASGI app")
            };
            CHECK
                .finding(
                    cx,
                    cx.settings_location(loc),
                    format!("{framework} serves `{folder}/` from the app process: every static file takes a worker, without long-lived caching headers or compression, since no platform serves static files for a Python app"),
                )
                .with_help(help)
                .with_subject(folder.clone())
                .with_data("framework", *framework)
                .with_data("static_serving", "app")
        })
        .collect()
}
