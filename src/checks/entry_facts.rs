//! Shared by the start-command and entry-point checks (PAAS210-PAAS249,
//! PAAS301-PAAS349): where a command's parts sit in their file.

use super::Context;
use crate::finding::Location;
use crate::model::StartCommand;
use crate::source::Span;

/// Location of `span` inside the file a command comes from.
pub fn at(cx: &Context, command: &StartCommand, span: Span) -> Location {
    cx.project
        .file(&command.path)
        .map(|f| Location::in_file(f, span))
        .unwrap_or_else(|| Location::path_only(command.path.clone()))
}

/// Location of a span in any loaded file.
pub fn in_file(cx: &Context, path: &str, span: Span) -> Location {
    cx.project
        .file(path)
        .map(|f| Location::in_file(f, span))
        .unwrap_or_else(|| Location::path_only(path.to_string()))
}

/// Platforms that hand the app a `PORT` to listen on.
pub const PORT_PLATFORMS: &[crate::platform::Platform] = &[
    crate::platform::Platform::Heroku,
    crate::platform::Platform::Render,
    crate::platform::Platform::Railway,
    crate::platform::Platform::Google,
    crate::platform::Platform::Digitalocean,
    crate::platform::Platform::Dokku,
];

/// The platforms a finding about `command` affects: those of the check that
/// also run commands from the command's file.
pub fn command_platforms(
    check: &[crate::platform::Platform],
    command: &StartCommand,
) -> Vec<crate::platform::Platform> {
    let readers = crate::profile::start_command_readers(command);
    let both: Vec<_> = check
        .iter()
        .copied()
        .filter(|p| readers.contains(p))
        .collect();
    if both.is_empty() {
        readers.to_vec()
    } else {
        both
    }
}

/// A finding of `check` at `span` in `command`'s file, for the platforms that run that file.
pub fn command_finding(
    check: &'static super::Check,
    cx: &Context,
    command: &StartCommand,
    span: Span,
    message: impl Into<String>,
) -> crate::finding::Finding {
    check
        .finding(cx, at(cx, command, span), message)
        .with_platforms(&command_platforms(check.platforms, command))
}

/// A finding about where a command binds: in the gunicorn config file when
/// the span is the bind read from there.
pub fn bind_finding(
    check: &'static super::Check,
    cx: &Context,
    command: &StartCommand,
    bind: &crate::command::Bind,
    span: Span,
    message: impl Into<String>,
) -> crate::finding::Finding {
    match bind.path.as_deref().filter(|_| bind.span == Some(span)) {
        Some(path) => check
            .finding(cx, in_file(cx, path, span), message)
            .with_platforms(&command_platforms(check.platforms, command)),
        None => command_finding(check, cx, command, span, message),
    }
}
