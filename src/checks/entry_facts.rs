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
