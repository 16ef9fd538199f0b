use super::entry_facts::in_file;
use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;
use crate::python_version::RELEASES;

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
    // Heroku's policy, as its buildpack enforces it (platform-facts/heroku.toml).
    let heroku_facts = Platform::Heroku.facts();
    let heroku_oldest = heroku_facts.supported_minors().map_or(10, |m| m.0);
    let heroku_deprecated = heroku_facts.python.deprecated.as_ref().and_then(|d| {
        let minor = crate::python_version::PyVersion::parse(&d.value.minor)?.minor;
        Some((minor, d.value.removal.clone()))
    });
    let sources = &cx.app.python.sources;
    for source in sources {
        let Some(version) = source.version else {
            continue;
        };
        // Only the platforms that install from this source (it is the first
        // of their precedence present) are judged by what it names.
        let readers: Vec<Platform> = CHECK
            .platforms
            .iter()
            .copied()
            .filter(|p| {
                p.profile()
                    .picks(sources, |s| s.kind)
                    .is_some_and(|picked| std::ptr::eq(picked, source))
            })
            .collect();
        if readers.is_empty() {
            continue;
        }
        let heroku = readers.contains(&Platform::Heroku);
        let minor = version.minor;
        let newest = RELEASES.last().map_or(15, |r| r.0);
        let eol = RELEASES.iter().find(|r| r.0 == minor).map(|r| r.2);
        let (message, severity, help) = if version.major != 3 || minor < heroku_oldest {
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
        } else if let Some((_, removal)) = heroku_deprecated
            .as_ref()
            .filter(|(m, _)| *m == minor && heroku)
        {
            (
                format!(
                    "Python {} reached its end of life upstream{}, and Heroku removes it on {removal}",
                    version.minor_string(),
                    eol.map(|d| format!(" on {d}")).unwrap_or_default(),
                ),
                Severity::Warning,
                "upgrade to Python 3.12 or later",
            )
        } else {
            continue;
        };
        let mut finding = CHECK
            .finding(cx, in_file(cx, &source.path, source.span), message)
            .with_label(format!("Python {}", version.minor_string()))
            .with_help(help)
            .with_subject(source.kind.describe())
            .with_severity(severity)
            .with_platforms(&readers)
            .with_data("version", version.minor_string());
        if severity == Severity::Error && version.major == 3 && minor <= newest {
            // A builder that still publishes this minor (platform-facts
            // `python.releases`: DigitalOcean's buildpack has 3.9), or whose
            // published minimum is older (Render: 3.7.3), builds it: end of
            // life there is a warning, not a failed build.
            finding.severity_on = readers
                .iter()
                .copied()
                .filter(|p| {
                    let facts = p.facts();
                    facts.release(3, minor).is_some()
                        || facts
                            .python
                            .minimum
                            .as_ref()
                            .and_then(|m| crate::python_version::PyVersion::parse(&m.value))
                            .is_some_and(|m| (m.major, m.minor) <= (3, minor))
                })
                .map(|p| (p, Severity::Warning))
                .collect();
        }
        out.push(finding);
    }
    out
}
