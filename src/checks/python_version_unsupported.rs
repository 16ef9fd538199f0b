use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::python_version::{HEROKU_DEPRECATED_MINOR, HEROKU_OLDEST_SUPPORTED_MINOR, RELEASES};

pub static CHECK: Check = Check {
    code: "PAAS505",
    name: "python-version-unsupported",
    severity: Severity::Error,
    summary: "The Python version is past its end of life, deprecated, or newer than any release",
    platforms: &[
        Platform::Heroku,
        Platform::Dokku,
        Platform::Railway,
        Platform::Google,
        Platform::Render,
        Platform::Digitalocean,
    ],
    doc: check_doc!("PAAS505"),
    run,
};

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for source in &cx.app.python.sources {
        let Some(version) = source.version else {
            continue;
        };
        // Only the platforms that read this source install what it names.
        let readers = crate::profile::version_readers(CHECK.platforms, source.kind);
        let heroku = readers.contains(&Platform::Heroku);
        let minor = version.minor;
        let newest = RELEASES.last().map_or(15, |r| r.0);
        let eol = RELEASES.iter().find(|r| r.0 == minor).map(|r| r.2);
        let (message, severity, help) = if version.major != 3
            || minor < HEROKU_OLDEST_SUPPORTED_MINOR
        {
            (
                format!(
                    "Python {} reached its end of life{}: {}",
                    version.minor_string(),
                    eol.map(|d| format!(" on {d}")).unwrap_or_default(),
                    if heroku {
                        "Heroku rejects it (\"The requested Python version has reached end-of-life\"), and other builders fall back to old images"
                    } else if readers == [Platform::Google] {
                        "App Engine does not deploy runtimes past their end of support"
                    } else {
                        "builders reject it or fall back to old, unpatched images"
                    }
                ),
                Severity::Error,
                "upgrade to a supported Python (3.12 or later) and test with it",
            )
        } else if minor > newest {
            (
                format!(
                    "Python {} does not exist yet (the newest release is 3.{newest}): {}",
                    version.minor_string(),
                    if heroku {
                        "Heroku rejects it and Railway silently uses its default"
                    } else {
                        "the build fails or silently uses a default"
                    }
                ),
                Severity::Error,
                "name a released version",
            )
        } else if minor == HEROKU_DEPRECATED_MINOR.0 && heroku {
            (
                format!(
                    "Python {} reached its end of life upstream{}, and Heroku removes it on {}",
                    version.minor_string(),
                    eol.map(|d| format!(" on {d}")).unwrap_or_default(),
                    HEROKU_DEPRECATED_MINOR.1
                ),
                Severity::Warning,
                "upgrade to Python 3.12 or later",
            )
        } else {
            continue;
        };
        out.push(
            CHECK
                .finding(cx, in_file(cx, &source.path, source.span), message)
                .with_label(format!("Python {}", version.minor_string()))
                .with_help(help)
                .with_subject(source.kind.describe())
                .with_severity(severity)
                .with_platforms(&readers)
                .with_data("version", version.minor_string()),
        );
    }
    out
}
