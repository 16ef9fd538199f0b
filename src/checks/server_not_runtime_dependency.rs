use super::dependency_facts::{brought_by_runtime_dependency, location_in, web_server};
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS118",
    name: "server-not-runtime-dependency",
    severity: Severity::Error,
    summary: "The server the web process starts (gunicorn, uvicorn, …) is not a runtime dependency",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS118"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let deps = &cx.app.deps;
    let Some(server) = web_server(cx) else {
        return Vec::new();
    };
    if !deps.has_manifest()
        || deps.declares_runtime(server.package)
        || deps.locked_for_runtime(server.package)
        || brought_by_runtime_dependency(cx, server.package).is_some()
    {
        return Vec::new();
    }
    let dev_only: Vec<_> = deps.declared(server.package).collect();
    // Unknown manifests (setup.py, `-e .`) may declare it; only a dev-only
    // declaration is certain then.
    if dev_only.is_empty() && deps.has_unknown_dependencies() {
        return Vec::new();
    }
    let location = location_in(cx, &server.path, server.span);
    let package = server.package;
    let mut finding = match dev_only.first() {
        Some(dev) => CHECK
            .finding(
                cx,
                location,
                format!(
                    "the web process runs `{}`, but `{package}` is declared only as a {} dependency (`{}`): production builds skip it, so the process fails with \"{}: command not found\"",
                    server.command,
                    dev.group.describe(),
                    dev.file,
                    server.command
                ),
            )
            .with_related(super::dependency_facts::dependency_location(cx, dev), "declared here, outside the runtime dependencies")
            .with_help(format!("move `{package}` to the runtime dependencies ([project] dependencies, [tool.poetry.dependencies], [packages] or requirements.txt)"))
            .with_data("declared_in", dev.group.describe()),
        None => CHECK
            .finding(
                cx,
                location,
                format!(
                    "the web process runs `{}`, but no dependency manifest installs `{package}`: the process fails with \"{}: command not found\"",
                    server.command, server.command
                ),
            )
            .with_help(format!("add `{package}` with its version to the runtime dependencies (e.g. `{package}==X.Y.Z` in requirements.txt)")),
    };
    finding = finding
        .with_label(format!("`{}` starts here", server.command))
        .with_subject(package);
    // Only the platforms that run the file this command comes from start it.
    if let Some(command) = cx
        .app
        .commands
        .iter()
        .find(|c| c.process == "web" && c.path == server.path)
    {
        finding = finding.with_platforms(&super::entry_facts::command_platforms(
            CHECK.platforms,
            command,
        ));
    }
    vec![finding]
}
