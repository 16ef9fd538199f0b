use std::str::FromStr;

use super::dependency_facts::{allows_from, dependency_location};
use super::{check_doc, Check, Context};
use crate::deps::{Dependency, ManifestKind};
use crate::finding::{Finding, Severity};
use crate::platform::Platform;

pub static CHECK: Check = Check {
    code: "PAAS130",
    name: "broken-package-metadata",
    severity: Severity::Error,
    summary:
        "A pinned release whose metadata current pip rejects, so pip finds no version to install",
    platforms: &Platform::ALL,
    doc: check_doc!("PAAS130"),
    run,
};

/// Releases that current pip refuses to install because of their metadata.
struct BrokenReleases {
    package: &'static str,
    /// The first release that installs; every earlier one is broken.
    fixed_in: &'static str,
    problem: &'static str,
}

/// celery: pip 26.2.1 (the pip heroku-buildpack-python v351 pins in requirements/pip.txt),
/// `pip install --dry-run --no-deps celery==V` on 2026-12-02: 3.1.26.post2, 4.0.0, 4.3.0, 4.4.7,
/// 5.0.5, 5.1.2, 5.2.0rc2 and 5.2.0 are "ignored since it has invalid metadata" (`pytz (>dev)`,
/// "Please use pip<24.1 if you need to use this version"), 5.2.1 installs; 3.0.25 and 3.1.0 are
/// sdists that fail to build. heroku-buildpack-python v351 bin/warnings ("such as Celery older
/// than v5.2.1") and spec/hatchet/pip_spec.rb:390-417 (fixture pip_legacy_celery, celery==5.2.0).
const BROKEN: &[BrokenReleases] = &[BrokenReleases {
    package: "celery",
    fixed_in: "5.2.1",
    problem:
        "its metadata requires `pytz (>dev)`, an invalid version that pip 24.1 and later reject",
}];

/// The version pip would install is before `fixed`: locked there, or pinned by specifiers
/// that allow nothing from `fixed` on. Unpinned takes the newest release, which installs.
fn only_broken(dep: &Dependency, fixed: &uv_pep440::Version) -> Option<String> {
    if let Some(version) = dep.locked.as_ref().and_then(|l| l.version.as_deref()) {
        let v = uv_pep440::Version::from_str(version.trim_start_matches("==")).ok()?;
        return (v < *fixed).then(|| version.trim_start_matches("==").to_string());
    }
    let specs = dep.specifiers.as_ref().filter(|s| !s.is_empty())?;
    (!allows_from(specs, fixed)).then(|| specs.to_string())
}

fn run(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // pip installs requirements files and Pipfile.lock; uv's and Poetry's resolvers were not tried.
    for dep in cx.app.deps.runtime().filter(|d| {
        matches!(
            d.manifest,
            ManifestKind::Requirements | ManifestKind::Pipfile
        )
    }) {
        let Some(broken) = BROKEN.iter().find(|b| b.package == dep.name) else {
            continue;
        };
        let Ok(fixed) = uv_pep440::Version::from_str(broken.fixed_in) else {
            continue;
        };
        let Some(wanted) = only_broken(dep, &fixed) else {
            continue;
        };
        out.push(
            CHECK
                .finding(
                    cx,
                    dependency_location(cx, dep),
                    format!(
                        "`{} {wanted}` allows only releases before {}: {}, so pip skips them and stops with \"No matching distribution found\" (Heroku: \"One of your dependencies contains broken metadata\")",
                        dep.name, broken.fixed_in, broken.problem
                    ),
                )
                .with_label("no installable release")
                .with_help(format!("upgrade to `{}>={}`", dep.name, broken.fixed_in))
                .with_subject(dep.name.clone())
                .with_data("fixed_in", broken.fixed_in),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    #[test]
    fn only_releases_before_the_fix_are_broken() {
        let fixed = uv_pep440::Version::from_str("5.2.1").expect("version");
        let allows = |s: &str| {
            super::allows_from(
                &uv_pep440::VersionSpecifiers::from_str(s).expect("specifiers"),
                &fixed,
            )
        };
        for broken in ["==5.2.0", "<5", "~=4.4", ">=4,<5.2.1", "==5.1.*"] {
            assert!(!allows(broken), "{broken}");
        }
        for fine in [">=5", "==5.2.1", "~=5.2", ">=4", "!=5.2.0", "<6"] {
            assert!(allows(fine), "{fine}");
        }
    }
}
