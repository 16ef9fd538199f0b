//! Layer `run`: the per-platform readiness verdict from the findings.
//!
//! The per-platform readiness verdict every report ends with.

use crate::finding::{Finding, Severity};
use crate::model::{App, Project};
use crate::platform::Platform;
use crate::profile::TargetPython;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub platform: Platform,
    pub ready: bool,
    /// Codes of the error findings that affect this platform, in code order.
    pub blocking: Vec<&'static str>,
    pub warnings: usize,
    /// Config vars the app needs on this platform (finding data `needs_env`):
    /// at build (the build imports the settings) and at boot. "Ready" means
    /// ready once they are set.
    pub needs_env_build: Vec<String>,
    pub needs_env_boot: Vec<String>,
    /// The Python this platform installs for each app, and where it comes from.
    pub python: Vec<(String, TargetPython)>,
}

/// A platform is not ready when an error-severity finding names it.
pub fn verdicts(findings: &[Finding], platforms: &[Platform], apps: &[App]) -> Vec<Verdict> {
    platforms
        .iter()
        .map(|&platform| {
            let python = apps
                .iter()
                .map(|app| {
                    (
                        app.display_root().to_string(),
                        crate::profile::target_python(app, platform),
                    )
                })
                .collect();
            let affecting = findings.iter().filter(|f| f.platforms.contains(&platform));
            let mut blocking: Vec<&'static str> = affecting
                .clone()
                .filter(|f| f.severity_for(platform) == Severity::Error)
                .map(|f| f.code)
                .collect();
            blocking.sort_unstable();
            blocking.dedup();
            let needs = |stage: &str| {
                let mut vars: Vec<String> = Vec::new();
                for f in findings.iter().filter(|f| f.platforms.contains(&platform)) {
                    let listed = f
                        .data
                        .get("needs_env")
                        .and_then(|n| n.get(stage))
                        .and_then(|v| v.as_array());
                    for v in listed.into_iter().flatten().filter_map(|v| v.as_str()) {
                        if !vars.iter().any(|x| x == v) {
                            vars.push(v.to_string());
                        }
                    }
                }
                vars
            };
            Verdict {
                platform,
                ready: blocking.is_empty(),
                needs_env_build: needs("build"),
                needs_env_boot: needs("boot"),
                blocking,
                warnings: affecting
                    .filter(|f| f.severity_for(platform) == Severity::Warning)
                    .count(),
                python,
            }
        })
        .collect()
}

/// Platforms the repository targets through its own files.
pub fn targets(project: &Project) -> Vec<Platform> {
    const MARKERS: &[(&str, Platform)] = &[
        ("Procfile", Platform::Heroku),
        ("app.json", Platform::Heroku),
        ("heroku.yml", Platform::Heroku),
        ("railway.json", Platform::Railway),
        ("railway.toml", Platform::Railway),
        ("nixpacks.toml", Platform::Railway),
        ("railpack.json", Platform::Railway),
        ("render.yaml", Platform::Render),
        ("fly.toml", Platform::Fly),
        ("CHECKS", Platform::Dokku),
        ("DOKKU_SCALE", Platform::Dokku),
    ];
    // Four levels deep at most: `a/b/c/fly.toml` counts, deeper files do not.
    let near_top = |path: &str| path.matches('/').count() <= 3;
    let mut out: Vec<Platform> = MARKERS
        .iter()
        .filter(|(name, _)| project.inventory.named("", name).any(|(p, _)| near_top(p)))
        .map(|(_, platform)| *platform)
        .collect();
    for (path, _) in project.inventory.named("", "app.yaml") {
        if near_top(path) {
            out.push(if path.contains(".do/") {
                Platform::Digitalocean
            } else {
                Platform::Google
            });
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The compact table printed after the human report.
pub fn table(verdicts: &[Verdict], targets: &[Platform]) -> String {
    let mut out = String::from("Platform readiness");
    if !targets.is_empty() {
        let names: Vec<&str> = targets.iter().map(|p| p.id()).collect();
        out.push_str(&format!(" (this repository targets: {})", names.join(", ")));
    }
    out.push_str(":\n");
    for v in verdicts {
        let status = if v.ready { "ready" } else { "not ready" };
        let detail = if v.blocking.is_empty() {
            String::new()
        } else {
            format!("  blocked by {}", v.blocking.join(", "))
        };
        let detail = if v.ready && !v.needs_env_boot.is_empty() {
            let mut d = format!(
                "  once these config vars are set: {}",
                v.needs_env_boot.join(", ")
            );
            if !v.needs_env_build.is_empty() {
                d.push_str(&format!(
                    " (also at build: {})",
                    v.needs_env_build.join(", ")
                ));
            }
            d
        } else {
            detail
        };
        let mark = if targets.contains(&v.platform) {
            "*"
        } else {
            " "
        };
        let line = format!(
            "  {mark}{:<13} {:<9}{detail}  {}",
            v.platform.id(),
            status,
            python_column(v)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// `Python 3.14.7 (platform default)`; for several apps, the first app's
/// with a count of the others.
fn python_column(v: &Verdict) -> String {
    let Some((_, first)) = v.python.first() else {
        return String::new();
    };
    use crate::profile::PythonOrigin;
    let text = match (first.version, &first.source) {
        (Some(version), PythonOrigin::File { kind, .. }) => {
            format!("Python {version} from {}", kind.describe())
        }
        (Some(version), PythonOrigin::Dockerfile) => {
            format!("Python {version} from the Dockerfile's base image")
        }
        (Some(version), _) => format!("Python {version}, the platform's default"),
        (None, PythonOrigin::Dockerfile) => "Python of the Dockerfile's image".to_string(),
        (None, PythonOrigin::File { kind, .. }) => {
            format!("Python ? ({} is unreadable)", kind.describe())
        }
        (None, _) => "Python: the builder's own default".to_string(),
    };
    match v.python.len() {
        0 | 1 => text,
        n => format!("{text} +{} app(s)", n - 1),
    }
}

/// One line for line-oriented formats: `not ready: fly (PAAS703); ready: heroku, render`.
pub fn one_line(verdicts: &[Verdict]) -> String {
    let not_ready: Vec<String> = verdicts
        .iter()
        .filter(|v| !v.ready)
        .map(|v| format!("{} ({})", v.platform.id(), v.blocking.join(", ")))
        .collect();
    let ready: Vec<&str> = verdicts
        .iter()
        .filter(|v| v.ready)
        .map(|v| v.platform.id())
        .collect();
    let mut parts = Vec::new();
    if !not_ready.is_empty() {
        parts.push(format!("not ready: {}", not_ready.join(", ")));
    }
    if !ready.is_empty() {
        parts.push(format!("ready: {}", ready.join(", ")));
    }
    parts.join("; ")
}
