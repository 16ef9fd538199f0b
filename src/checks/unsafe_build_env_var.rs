use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS704",
    name: "unsafe-build-env-var",
    severity: Severity::Warning,
    summary: "A platform file sets an environment variable that redirects where Python or pip installs (PYTHONHOME, VIRTUAL_ENV, PIP_TARGET, …)",
    platforms: &[
        Platform::Heroku,
        Platform::Render,
        Platform::Fly,
        Platform::Google,
        Platform::Digitalocean,
        Platform::Dokku,
    ],
    doc: check_doc!("PAAS704"),
    run,
};

/// Heroku's Python CNB refuses these (src/checks.rs, FORBIDDEN_ENV_VARS).
const FORBIDDEN: &[&str] = &[
    "PIP_CACHE_DIR",
    "PIP_PREFIX",
    "PIP_PYTHON",
    "PIP_ROOT",
    "PIP_TARGET",
    "PIP_USER",
    "PYTHONHOME",
    "PYTHONINSPECT",
    "PYTHONNOUSERSITE",
    "PYTHONPLATLIBDIR",
    "PYTHONUSERBASE",
    "VIRTUAL_ENV",
    "UV_PROJECT_ENVIRONMENT",
    "UV_PYTHON",
];

/// Poetry's virtualenv settings, refused as a family (catalogue C3).
const FORBIDDEN_PREFIX: &str = "POETRY_VIRTUALENVS_";

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for file in cx.platform_files() {
        let platforms: Vec<Platform> = crate::profile::file_readers(file.origin)
            .into_iter()
            .filter(|p| CHECK.platforms.contains(p))
            .collect();
        if platforms.is_empty() {
            continue;
        }
        for var in &file.env {
            if !FORBIDDEN.contains(&var.name.as_str()) && !var.name.starts_with(FORBIDDEN_PREFIX) {
                continue;
            }
            out.push(
                CHECK
                    .finding(
                        cx,
                        in_file(cx, &file.path, var.span),
                        format!("`{}` sets `{}`, which moves where Python or pip installs packages; the builder's environment breaks (Heroku's builder stops: \"Unsafe environment variable found\")", file.path, var.name),
                    )
                    .with_label("unsafe for the build")
                    .with_help(format!("remove `{}` from `{}`; the platform manages the Python environment itself", var.name, file.path))
                    .with_subject(format!("{}:{}", file.path, var.name))
                    .with_platforms(&platforms),
            );
        }
    }
    out
}
