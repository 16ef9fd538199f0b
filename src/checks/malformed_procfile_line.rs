use super::{check_doc, Check, Context};
use crate::finding::{Finding, Location, Severity};
use crate::parse::procfile::BadLineKind;
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS205",
    name: "malformed-procfile-line",
    severity: Severity::Error,
    summary: "A Procfile line that is not `type: command`",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Digitalocean,
        Platform::Railway,
    ],
    doc: check_doc!("PAAS205"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let (Some(procfile), Some(file)) =
        (&cx.app.procfile, cx.project.file(&cx.app.path("Procfile")))
    else {
        return Vec::new();
    };
    if file.encoding.is_problem() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for bad in &procfile.bad_lines {
        let line = file.slice(bad.span).trim();
        let (message, help) = match bad.problem {
            BadLineKind::NoColon => (
                "this line is not `type: command`: it has no colon",
                suggest_entry(line),
            ),
            // `web gunicorn app:app`: the colon found is the target's, the type lacks its own.
            BadLineKind::SpaceInName if common_type_first(line).is_some() => (
                "this line is not `type: command`: the process type has no colon after it",
                suggest_entry(line),
            ),
            BadLineKind::SpaceInName => (
                "this line is a command without a process type: the text before its first colon is not a name",
                format!("put the process type first: `web: {line}`"),
            ),
            BadLineKind::NoName => (
                "this line has no process type before the colon",
                "put the process type first, e.g. `web: gunicorn app:app`".to_string(),
            ),
        };
        out.push(
            CHECK
                .finding(cx, Location::in_file(file, bad.span), message)
                .with_label("not `type: command`")
                .with_help(help),
        );
    }
    for entry in &procfile.entries {
        let (message, label) = if entry.command.is_empty() {
            (
                format!("process `{}` has no command", entry.name),
                "nothing after the colon",
            )
        } else if entry.command.starts_with('#') {
            (
                format!(
                    "process `{}` has a comment in place of its command",
                    entry.name
                ),
                "a comment, not a command",
            )
        } else {
            continue;
        };
        let span = if entry.command.is_empty() {
            entry.line_span
        } else {
            entry.command_span
        };
        out.push(
            CHECK
                .finding(cx, Location::in_file(file, span), message)
                .with_label(label)
                .with_help("give the command on the same line, e.g. `web: gunicorn app:app`")
                .with_subject(entry.name.clone()),
        );
    }
    out
}

/// Process types common enough that a line starting with one is missing only its colon.
const COMMON_TYPES: &[&str] = &[
    "web",
    "worker",
    "release",
    "clock",
    "beat",
    "scheduler",
    "celery",
];

/// `("web", "gunicorn app:app")` when the line starts with a common process type and a command.
fn common_type_first(line: &str) -> Option<(&str, &str)> {
    match line.split_once(char::is_whitespace) {
        Some((first, rest))
            if COMMON_TYPES.contains(&first) && first != "celery" && !rest.trim().is_empty() =>
        {
            Some((first, rest.trim()))
        }
        _ => None,
    }
}

fn suggest_entry(line: &str) -> String {
    match common_type_first(line) {
        Some((first, rest)) => format!("add the colon: `{first}: {rest}`"),
        None => format!("write it as `web: {line}` if this is the web server"),
    }
}
