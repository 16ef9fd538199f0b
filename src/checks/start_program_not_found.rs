use super::dependency_facts::{brought_by_runtime_dependency, web_server};
use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::command::{ParsedCommand, Word};
use crate::discover::join;
use crate::finding::{Finding, Severity};
use crate::model::{normalize_path, StartCommand};
use crate::platform::Platform;
use crate::programs::{self, IMAGE_PROGRAMS, SHELL_BUILTINS};

pub static CHECK: Check = Check {
    code: "PAAS215",
    name: "start-program-not-found",
    severity: Severity::Error,
    summary: "A start command runs a program that nothing installs: not a dependency's console script, a project file, a shell builtin or part of the platform image",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS215"),
    run,
};

/// Where a program word comes from, as far as paaslint can tell.
#[derive(Clone)]
enum Origin {
    Provided,
    /// A path in the repository that is not there.
    MissingFile(String),
    /// A known console script of packages no runtime manifest installs.
    Undeclared(Vec<&'static str>),
    /// Close to a program that exists.
    Misspelt(String),
    Unknown,
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // PAAS118 already reports the web process's server when its package is missing.
    let server_reported = web_server(cx).map(|s| (s.path, s.span));
    // Thousands of processes usually run a few programs: each program (and,
    // for a path, the folder it runs from) is judged once, so the run stays
    // linear in commands rather than commands × dependencies.
    let mut judged: std::collections::HashMap<(String, String), Origin> = Default::default();
    for (i, command) in cx.app.commands.iter().enumerate() {
        let Some(parsed) = cx.app.entry.commands.get(i) else {
            continue;
        };
        for word in &parsed.programs {
            let base = if word.text.contains('/') {
                crate::entry::base_dir(cx.app, parsed)
            } else {
                String::new()
            };
            let origin = judged
                .entry((word.text.clone(), base))
                .or_insert_with(|| origin_of(cx, parsed, word))
                .clone();
            let program = &word.text;
            let (message, help, severity) = match origin {
                Origin::Provided => continue,
                Origin::MissingFile(path) => (
                    format!("`{program}` is not in the repository (looked for `{path}`): the process exits with \"No such file or directory\""),
                    "commit the script, or correct its path (relative to the folder the command runs in)".to_string(),
                    Severity::Error,
                ),
                Origin::Undeclared(packages) => {
                    if server_reported
                        .as_ref()
                        .is_some_and(|(path, span)| *path == command.path && *span == word.span)
                    {
                        continue;
                    }
                    let package = packages[0];
                    (
                        format!("`{program}` is installed by the `{package}` package, which no runtime dependency brings: the process fails with \"{program}: command not found\""),
                        format!("add `{package}` with its version to the runtime dependencies (e.g. `{package}==X.Y.Z` in requirements.txt)"),
                        Severity::Error,
                    )
                }
                Origin::Misspelt(near) => (
                    format!("no dependency, project file or platform image provides `{program}`: the process fails with \"{program}: command not found\""),
                    format!("did you mean `{near}`?"),
                    Severity::Error,
                ),
                Origin::Unknown => (
                    format!("paaslint cannot tell what provides `{program}`: it is no console script of a package it knows, no file in the repository, no shell builtin and no program every platform image has"),
                    "check that a dependency or a buildpack installs it, or start it through a project script (`./bin/start`)".to_string(),
                    Severity::Warning,
                ),
            };
            let mut finding = finding_at(cx, command, word, message)
                .with_label("program")
                .with_help(help)
                .with_subject(program.clone());
            finding.severity = severity;
            out.push(finding);
        }
    }
    out
}

fn finding_at(cx: &Context, command: &StartCommand, word: &Word, message: String) -> Finding {
    command_finding(&CHECK, cx, command, word.span, message)
}

fn origin_of(cx: &Context, parsed: &ParsedCommand, word: &Word) -> Origin {
    let program = word.text.as_str();
    // Expanded at run time, or an absolute path inside an image paaslint cannot see.
    if program.is_empty()
        || program.contains('$')
        || program.contains('`')
        || program.starts_with('/')
        || program.starts_with('~')
    {
        return Origin::Provided;
    }
    if program.contains('/') {
        let base = crate::entry::base_dir(cx.app, parsed);
        let path = normalize_path(&join(&base, program.trim_start_matches("./")));
        return if cx.project.inventory.get(&path).is_some() {
            Origin::Provided
        } else {
            Origin::MissingFile(path)
        };
    }
    if SHELL_BUILTINS.contains(&program)
        || IMAGE_PROGRAMS.contains(&program)
        || programs::is_python(program)
    {
        return Origin::Provided;
    }
    let deps = &cx.app.deps;
    let own_scripts = deps
        .pyproject
        .as_ref()
        .is_some_and(|p| p.scripts.iter().any(|s| s == program));
    if own_scripts {
        return Origin::Provided;
    }
    let installs = |package: &str| {
        deps.declared(package).next().is_some()
            || deps.locked_for_runtime(package)
            || brought_by_runtime_dependency(cx, package).is_some()
    };
    let packages = programs::packages_providing(program);
    if !packages.is_empty() {
        if packages.iter().any(|p| installs(p)) {
            return Origin::Provided;
        }
        let runtime_declared = packages.iter().any(|p| deps.declares_runtime(p));
        if runtime_declared || !deps.has_manifest() || deps.has_unknown_dependencies() {
            return Origin::Provided;
        }
        return Origin::Undeclared(packages);
    }
    // A package paaslint has no table for may install a program of its own name.
    let normalized = program.to_ascii_lowercase().replace('_', "-");
    if deps.declared(&normalized).next().is_some() || deps.locked_for_runtime(&normalized) {
        return Origin::Provided;
    }
    let known: Vec<&str> = programs::console_scripts()
        .map(|(p, _)| p)
        .chain(IMAGE_PROGRAMS.iter().copied())
        .collect();
    if let Some(near) = programs::nearest(program, known.into_iter()) {
        return Origin::Misspelt(near.to_string());
    }
    Origin::Unknown
}
