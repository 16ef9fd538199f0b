use super::dependency_facts::brought_by_runtime_dependency;
use super::entry_facts::{at, command_platforms, in_file};
use super::{check_doc, Check, Context};
use crate::command::Server;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::programs::{worker_class, WorkerClass};

pub static CHECK: Check = Check {
    code: "PAAS216",
    name: "unknown-worker-class",
    severity: Severity::Error,
    summary: "gunicorn's worker class (-k, worker_class, GUNICORN_CMD_ARGS) is not one gunicorn or an installed package provides",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS216"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let deps = &cx.app.deps;
    let installs = |package: &str| {
        deps.declared(package).next().is_some()
            || deps.locked_for_runtime(package)
            || brought_by_runtime_dependency(cx, package).is_some()
            || !deps.has_manifest()
            || deps.has_unknown_dependencies()
    };
    for (i, command) in cx.app.commands.iter().enumerate() {
        let Some(parsed) = cx.app.entry.commands.get(i) else {
            continue;
        };
        if parsed.server != Some(Server::Gunicorn) {
            continue;
        }
        let Some(value) = parsed.worker_class.as_deref() else {
            continue;
        };
        // `$WORKER_CLASS`: chosen at run time.
        if value.contains('$') {
            continue;
        }
        let (message, help) = match worker_class(value) {
            WorkerClass::Builtin { needs: Some(package) } if !installs(package) => (
                format!("the `{value}` worker imports `{package}`, which no runtime dependency installs: gunicorn stops with \"class uri '{value}' invalid or not found\""),
                format!("add `{package}` with its version to the runtime dependencies"),
            ),
            WorkerClass::Builtin { .. } => continue,
            WorkerClass::Known { package } if !installs(package) => (
                format!("`{value}` comes from the `{package}` package, which no runtime dependency installs: gunicorn stops with \"class uri '{value}' invalid or not found\""),
                format!("add `{package}` with its version to the runtime dependencies"),
            ),
            WorkerClass::Known { .. } => continue,
            WorkerClass::UnknownShortName { suggestion } => (
                format!("gunicorn has no worker named `{value}`: it stops with \"class uri '{value}' invalid or not found\""),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? gunicorn's workers are sync, gthread, gevent, eventlet, tornado (and asgi from 24.1)"),
                    None => "use one of gunicorn's workers (sync, gthread, gevent, eventlet, tornado; asgi from 24.1) or a dotted class path such as `uvicorn.workers.UvicornWorker`".to_string(),
                },
            ),
            WorkerClass::UnknownClass { package, suggestion } => (
                format!("the `{package}` package provides no worker class `{value}`: gunicorn stops with \"class uri '{value}' invalid or not found\""),
                match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("name a worker class `{package}` defines"),
                },
            ),
            WorkerClass::Other { top_module } => {
                let package = top_module.to_ascii_lowercase().replace('_', "-");
                let project_module = [format!("{top_module}.py"), format!("{top_module}/__init__.py")]
                    .iter()
                    .any(|f| {
                        let base = crate::entry::base_dir(cx.app, parsed);
                        cx.project.inventory.is_file(&crate::discover::join(&base, f))
                    });
                if project_module || installs(&package) || top_module.is_empty() {
                    continue;
                }
                (
                    format!("the worker class `{value}` lives in the module `{top_module}`, which neither the repository nor a declared dependency provides: gunicorn stops with \"class uri '{value}' invalid or not found\""),
                    format!("add the package that provides `{top_module}` to the runtime dependencies, or correct the class path"),
                )
            }
        };
        let span = parsed.worker_class_span.unwrap_or(command.span);
        let location = match parsed.worker_class_path.as_deref() {
            Some(path) => in_file(cx, path, span),
            None => at(cx, command, span),
        };
        out.push(
            CHECK
                .finding(cx, location, message)
                .with_platforms(&command_platforms(CHECK.platforms, command))
                .with_label("worker class")
                .with_help(help)
                .with_subject(value.to_string()),
        );
    }
    out
}
