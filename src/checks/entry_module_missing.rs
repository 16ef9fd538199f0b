use super::entry_facts::command_finding;
use super::{check_doc, Check, Context};
use crate::entry::Outcome;
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS301",
    name: "entry-module-missing",
    severity: Severity::Error,
    summary: "The module a start command serves does not exist on the import path",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS301"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for resolution in &cx.app.entry.resolutions {
        let Some(command) = cx.app.commands.get(resolution.command) else {
            continue;
        };
        let target = &resolution.target;
        let finding = match &resolution.outcome {
            Outcome::ModuleMissing { tried, suggestions } => {
                let what = if target.is_file { "file" } else { "module" };
                let mut f = command_finding(
                    &CHECK,
                    cx,
                    command,
                    target.span,
                    format!(
                        "{what} `{}` does not exist (looked for {}): the process stops with {}",
                        target.module,
                        tried
                            .iter()
                            .map(|t| format!("`{t}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        if target.is_file {
                            "\"can't open file\""
                        } else {
                            "ModuleNotFoundError"
                        }
                    ),
                )
                .with_label(format!("no {what} `{}`", target.module));
                f = match suggestions.as_slice() {
                    [] => f.with_help("point the command at the module that defines the app, relative to the app root (or use --chdir)"),
                    s => f.with_help(format!("did you mean {}?", s.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" or "))),
                };
                f.with_data("tried", tried.clone())
            }
            Outcome::OutsidePath {
                found,
                folder,
                qualified,
            } => {
                let folder_rel = folder
                    .strip_prefix(&format!("{}/", cx.app.root))
                    .unwrap_or(folder);
                let move_root = format!("add `--chdir {folder_rel}` (gunicorn), `--app-dir {folder_rel}` (uvicorn) or `cd {folder_rel} &&` before the server, or install the project (`-e .` in requirements.txt)");
                let help = match qualified {
                    Some(q) => {
                        format!("serve `{q}` instead of `{}`; or {move_root}", target.module)
                    }
                    None => move_root,
                };
                let mut f = command_finding(&CHECK, cx, command, target.span,
                    format!("module `{}` is at `{found}`, but `{folder}/` is not on the import path of the process", target.module),
                )
                .with_label("not importable from here")
                .with_help(help)
                .with_data("found", found.clone());
                if let Some(q) = qualified {
                    f = f.with_data("replacement_module", q.clone());
                }
                f
            }
            _ => continue,
        };
        out.push(finding.with_subject(target.module.clone()));
    }
    out
}
