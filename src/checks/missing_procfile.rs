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
            format!("`{missing}` is missing: Heroku and Dokku start no web process (\"No web processes running\"), DigitalOcean needs it or a `run_command` in its app spec, Render a start command in its dashboard, and other platforms guess one"),
        )
        .with_subject("Procfile")
        .with_data("missing_path", missing.clone());
    // heroku.yml means Heroku's container stack: it runs heroku.yml or the Dockerfile's CMD.
    if cx
        .platform_files()
        .any(|f| f.origin == crate::model::CommandOrigin::HerokuYml)
    {
        return Vec::new();
    }
    // Platforms that build the Dockerfile start its CMD; the others still need a Procfile.
    let declared_web = |c: &&crate::model::StartCommand| {
        c.process == "web" && c.origin != crate::model::CommandOrigin::Dockerfile
    };
    if cx.app.dockerfile.is_some() && !cx.app.commands.iter().any(|c| declared_web(&c)) {
        let affected: Vec<Platform> = CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| !cx.app.docker_built.contains(p))
            .collect();
        if affected.is_empty() {
            return Vec::new();
        }
        finding.severity = Severity::Warning;
        finding.severity_on = affected.iter().map(|p| (*p, Severity::Error)).collect();
        finding.message = format!(
            "`{missing}` is missing: the Dockerfile's CMD starts the app where the Dockerfile is built ({}), but {} {} with a Python buildpack and {} no web process",
            crate::platform::describe(&cx.app.docker_built),
            crate::platform::describe(&affected),
            if affected.len() == 1 { "builds" } else { "build" },
            if affected.len() == 1 { "starts" } else { "start" },
        );
        let help = match cx.app.entry.candidates.as_slice() {
            [one] => format!(
                "if you deploy to {}, add a `Procfile` containing `{}`",
                crate::platform::describe(&affected),
                one.procfile_line
            ),
            _ => format!(
                "if you deploy to {}, add a `Procfile` with a `web:` line",
                crate::platform::describe(&affected)
            ),
        };
        return vec![finding.with_help(help).with_platforms(&affected)];
    }
    // Another platform's file gives the web command: only Heroku-style platforms miss it.
    if let Some(other) = cx.app.commands.iter().find(declared_web) {
        finding.severity = Severity::Warning;
        finding.message = format!(
            "`{missing}` is missing: `{}` gives the web command to its own platform, but Heroku and Dokku read only the Procfile and start no web process",
            other.path
        );
        // The platforms that run the other file's command are not affected.
        let served: Vec<_> = cx
            .app
            .commands
            .iter()
            .filter(|c| c.process == "web")
            .flat_map(crate::profile::start_command_readers)
            .collect();
        let affected: Vec<_> = CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| !served.contains(p))
            .collect();
        // A warning for the repository, which deploys elsewhere; still an error on each of these.
        finding.severity_on = affected.iter().map(|p| (*p, Severity::Error)).collect();
        return vec![finding
            .with_help(format!(
                "if you also deploy to Heroku or Dokku, add a `Procfile` containing `web: {}`",
                other.text
            ))
            .with_data("suggested", format!("web: {}", other.text))
            .with_platforms(&affected)];
    }
    let candidates = &cx.app.entry.candidates;
    finding = match candidates.as_slice() {
        [] => finding.with_help("create a file named `Procfile` at the app root with a `web:` line; paaslint found no app object in app.py, main.py, wsgi.py, asgi.py, application.py, server.py, api.py, run.py or a subfolder's wsgi.py/asgi.py/app.py/main.py: look for the file that creates the app (`app = Flask(__name__)`, `FastAPI()`, Django's `get_wsgi_application()`) and serve it, e.g. `web: gunicorn mysite.wsgi` for `mysite/wsgi.py`"),
        [one] => finding
            .with_help(format!("create a file named `Procfile` at the app root containing `{}`", one.procfile_line))
            .with_data("suggested", one.procfile_line.clone()),
        many => finding
            .with_help(format!(
                "create a file named `Procfile` at the app root with one of: {}",
                many.iter().map(|c| format!("`{}` ({})", c.procfile_line, c.file)).collect::<Vec<_>>().join("; ")
            ))
            .with_data("suggested", many.iter().map(|c| c.procfile_line.clone()).collect::<Vec<_>>()),
    };
    // Google's missing-entrypoint buildpack starts main.py, app.py or a pyproject.toml's script
    // and otherwise fails the build ("for Python, provide a main.py or app.py file or set an
    // entrypoint with GOOGLE_ENTRYPOINT … or by creating a Procfile"): GoogleCloudPlatform/
    // buildpacks 21f28de cmd/python/missing_entrypoint/lib/lib.go:87 (an ADK agent, Python 3.13+,
    // also passes; not modelled), test builders/python/acceptance/gcp_test.go:628-631.
    if !["main.py", "app.py", "pyproject.toml"]
        .iter()
        .any(|f| cx.root_has(f))
        && !cx.app.docker_built.contains(&Platform::Google)
    {
        let mut platforms = finding.platforms.clone();
        platforms.push(Platform::Google);
        finding = finding.with_platforms(&platforms);
        finding
            .message
            .push_str("; Google's buildpacks, finding no main.py or app.py either, stop the build");
    }
    vec![finding]
}
