//! PAAS308 and the provider logic PAAS309 shares: is a top-level module
//! installed by the app's runtime dependencies?

use super::{check_doc, Check, Context};
use crate::finding::{Finding, Severity};
use crate::imports::{distributions_for, is_common_dependency, is_stdlib, requirements_of};
use crate::platform::Platform;
use crate::settings::value::Loc;

pub static CHECK: Check = Check {
    code: "PAAS308",
    name: "import-not-installed",
    severity: Severity::Error,
    summary: "A module the platform imports imports a package that no runtime dependency installs: ModuleNotFoundError at start",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS308"),
    run,
};

/// Modules the build images bring with pip itself (never reported).
const TOOLING: &[&str] = &[
    "pip",
    "setuptools",
    "pkg_resources",
    "wheel",
    "_distutils_hack",
];

/// Whether the app installs the top-level module `top`.
pub enum Provision {
    Installed,
    /// No runtime dependency installs it: the distributions that would, and
    /// whether the finding is certain (a lock lists everything, or the
    /// distribution is no known package's dependency).
    Missing {
        dists: Vec<String>,
        certain: bool,
    },
}

/// `None` when the dependencies cannot be known (setup.py, dynamic
/// dependencies, no manifest): nothing is judged then.
pub fn provision(cx: &Context, top: &str) -> Option<Provision> {
    let deps = &cx.app.deps;
    if !deps.has_manifest() || deps.has_unknown_dependencies() {
        return None;
    }
    if top.is_empty()
        || is_stdlib(top)
        || TOOLING.contains(&top)
        || cx.app.imports.is_local(top)
        || crate::deps::FRAMEWORK_MODULES
            .iter()
            .any(|(m, _)| *m == top)
    {
        return Some(Provision::Installed);
    }
    let (dists, prefix) = distributions_for(top);
    let own = deps.pyproject.as_ref().and_then(|p| p.name.clone());
    let installed = installed_closure(cx);
    // Without a data entry, a distribution whose name spelt without
    // separators is the import name, optionally after `django`/`python`/`py`
    // (django-modelcluster → modelcluster, wagtail-font-awesome-svg →
    // wagtailfontawesomesvg), counts: a missed report beats a false one.
    let squashed = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let top_squashed = squashed(top);
    let mapped = dists.len() != 1 || dists[0] != crate::parse::lockfile::normalize(top);
    let matches = |name: &str| {
        dists.iter().any(|d| d == name)
            || prefix.as_deref().is_some_and(|p| name.starts_with(p))
            || own.as_deref() == Some(name)
            || (!mapped && {
                let n = squashed(name);
                ["", "django", "python", "py"]
                    .iter()
                    .any(|p| n.strip_prefix(p) == Some(top_squashed.as_str()))
            })
    };
    let locked = deps.locks.iter().any(|l| {
        l.packages
            .iter()
            .any(|(name, p)| !p.dev_only && matches(name))
    });
    if installed.0.iter().any(|n| matches(n)) || locked {
        return Some(Provision::Installed);
    }
    let has_lock = deps
        .locks
        .iter()
        .any(|l| l.error.is_none() && !l.packages.is_empty());
    // Certain when a lock lists everything, when the data read every declared
    // dependency's requirements, or when it knows the distribution and no
    // package it read depends on it.
    let closure_known = installed.1;
    let certain = (has_lock
        || closure_known
        || (dists
            .iter()
            .all(|d| crate::imports::is_known_distribution(d))
            && !dists.iter().any(|d| is_common_dependency(d))))
        && !similar_unknown_installed(cx, &installed.0, top, &dists);
    Some(Provision::Missing { dists, certain })
}

/// Whether a runtime dependency (declared, pulled in or locked) whose modules
/// the data does not know shares a distinctive word with the import or with
/// the distribution that usually provides it: forks and renamed packages
/// install the same module under another name (django-cors-middleware
/// installs `corsheaders`, like django-cors-headers), so the import may work.
fn similar_unknown_installed(
    cx: &Context,
    installed: &std::collections::BTreeSet<String>,
    top: &str,
    dists: &[String],
) -> bool {
    const GENERIC: &[&str] = &[
        "django", "flask", "fastapi", "python", "py", "api", "lib", "sdk", "core", "client", "the",
        "and", "for",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_alphanumeric())
            .map(str::to_ascii_lowercase)
            .filter(|w| w.len() >= 3 && !GENERIC.contains(&w.as_str()))
            .collect()
    };
    let top_squashed: String = top
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let mut wanted = words(top);
    for d in dists {
        wanted.extend(words(d));
    }
    let locked = cx.app.deps.locks.iter().flat_map(|l| {
        l.packages
            .iter()
            .filter(|(_, p)| !p.dev_only)
            .map(|(name, _)| name.clone())
    });
    installed
        .iter()
        .cloned()
        .chain(locked)
        .filter(|d| !crate::imports::is_known_distribution(d))
        .any(|d| {
            words(&d)
                .iter()
                .any(|w| wanted.contains(w) || (w.len() >= 4 && top_squashed.contains(w.as_str())))
        })
}

/// The declared runtime dependencies and what the data knows they install,
/// and whether the data read every declared one.
fn installed_closure(cx: &Context) -> (std::collections::BTreeSet<String>, bool) {
    let mut installed: std::collections::BTreeSet<String> =
        cx.app.deps.runtime().map(|d| d.name.clone()).collect();
    let all_known = installed
        .iter()
        .all(|d| crate::imports::is_known_distribution(d));
    let mut queue: Vec<String> = installed.iter().cloned().collect();
    while let Some(d) = queue.pop() {
        for r in requirements_of(&d) {
            if installed.insert(r.clone()) {
                queue.push(r.clone());
            }
        }
    }
    (installed, all_known)
}

/// Where to add a runtime dependency, for help text.
pub fn manifest_hint(cx: &Context) -> String {
    let deps = &cx.app.deps;
    if let Some(r) = deps.requirement_files.iter().find(|r| r.group.is_runtime()) {
        return r.file.path.clone();
    }
    if let Some(p) = &deps.pyproject {
        if p.has_poetry && !p.has_project_table {
            return format!("{} ([tool.poetry.dependencies])", p.path);
        }
        return format!("{} ([project] dependencies)", p.path);
    }
    if let Some(p) = &deps.pipfile {
        return format!("{} ([packages])", p.path);
    }
    "requirements.txt".into()
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    for module in &cx.app.imports.modules {
        for import in module.imports.iter().filter(|i| !i.guarded) {
            if reported.contains(&import.top) {
                continue;
            }
            let Some(Provision::Missing { dists, certain }) = provision(cx, &import.top) else {
                continue;
            };
            reported.push(import.top.clone());
            let dist = dists.first().cloned().unwrap_or_else(|| import.top.clone());
            let alternatives = if dists.len() > 1 {
                format!(" (or {})", dists[1..].join(", "))
            } else {
                String::new()
            };
            let maybe = if certain {
                ""
            } else {
                ", unless another dependency happens to install it"
            };
            let loc = Loc {
                path: module.path.clone(),
                span: import.span,
            };
            let mut f = CHECK
                .finding(
                    cx,
                    cx.settings_location(&loc),
                    format!(
                        "`{}` is imported by {} ({}), but no runtime dependency installs it{maybe}: the import raises ModuleNotFoundError and the app never starts",
                        import.module, module.path, module.why
                    ),
                )
                .with_label(format!("no dependency provides `{}`", import.top))
                .with_help(format!(
                    "add `{dist}`{alternatives} to {}, pinned to the version you develop with (`pip freeze` shows it)",
                    manifest_hint(cx)
                ))
                .with_subject(import.top.clone())
                .with_data("module", import.top.clone())
                .with_data("distributions", dists.clone())
                .with_data("imported_because", module.why.clone());
            if !certain {
                f = f.with_severity(Severity::Warning);
            }
            out.push(f);
        }
    }
    out
}
