//! What the wheel checks (PAAS122–PAAS124) share: the exact versions an app
//! installs (exact pins and lock entries), the Python each platform installs,
//! and the known breakages, as data with their sources.

use std::collections::BTreeMap;
use std::str::FromStr;

use uv_pep440::{Operator, Version, VersionSpecifiers};

use super::dependency_facts::dependency_location;
use super::Context;
use crate::deps::{Dependency, PinKind};
use crate::finding::Location;
use crate::platform::Platform;
use crate::profile::{target_python, PythonOrigin, TargetPython};

/// Every release of a package: from the bundled index, else from `--online`.
pub fn releases(cx: &Context, name: &str) -> Option<Vec<crate::wheel_index::Release<'static>>> {
    crate::wheel_index::WheelIndex::bundled()
        .and_then(|index| index.releases(name))
        .or_else(|| cx.settings.online_index.as_ref()?.releases(name))
}

/// The release of `name` equal to `version` (PEP 440 equality).
pub fn release(
    cx: &Context,
    name: &str,
    version: &Version,
) -> Option<crate::wheel_index::Release<'static>> {
    releases(cx, name)?
        .into_iter()
        .find(|r| r.parsed_version().as_ref() == Some(version))
}

/// The names the build installs that no index here covers (for `--online`).
pub fn uncovered_names(cx: &Context) -> Vec<String> {
    let covered = |name: &str| {
        crate::wheel_index::WheelIndex::bundled().is_some_and(|index| index.covers(name))
    };
    let mut names: Vec<String> = exact_pins(cx)
        .into_iter()
        .map(|p| p.name)
        .chain(ranged(cx).into_iter().map(|d| d.name.clone()))
        .filter(|n| !covered(n))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// A release the build installs exactly.
#[derive(Debug, Clone)]
pub struct ExactPin {
    pub name: String,
    pub version: Version,
    pub version_text: String,
    pub location: Location,
    /// The lock file it comes from, when it does.
    pub lock_file: Option<String>,
    /// Its environment marker in the manifest, if any.
    pub marker: Option<uv_pep508::MarkerTree>,
}

/// Whether a requirement with `marker` is installed on a platform's Linux
/// x86_64 CPython 3.`minor` (true without a marker, or when the marker cannot be evaluated).
pub fn marker_applies(marker: Option<uv_pep508::MarkerTree>, minor: u8) -> bool {
    let Some(marker) = marker else {
        return true;
    };
    let version = format!("3.{minor}");
    let full = format!("3.{minor}.0");
    let builder = uv_pep508::MarkerEnvironmentBuilder {
        implementation_name: "cpython",
        implementation_version: &full,
        os_name: "posix",
        platform_machine: "x86_64",
        platform_python_implementation: "CPython",
        platform_release: "",
        platform_system: "Linux",
        platform_version: "",
        python_full_version: &full,
        python_version: &version,
        sys_platform: "linux",
    };
    uv_pep508::MarkerEnvironment::try_from(builder).map_or(true, |env| marker.evaluate(&env, &[]))
}

/// The `==` version of a specifier set (not `==X.*`), if it has one.
fn exact_version(specifiers: &VersionSpecifiers) -> Option<Version> {
    specifiers
        .iter()
        .find(|s| matches!(s.operator(), Operator::Equal | Operator::ExactEqual))
        .map(|s| s.version().clone())
}

/// Every runtime release installed at an exact version: `==` pins (a lock
/// entry wins when the app has one) and every production entry of its lock files.
pub fn exact_pins(cx: &Context) -> Vec<ExactPin> {
    let mut out: Vec<ExactPin> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for dep in cx.app.deps.runtime() {
        if dep.name.is_empty() || dep.location.is_some() {
            continue;
        }
        let locked = dep.locked.as_ref().and_then(|l| {
            let text = l.version.as_deref()?;
            Some((
                Version::from_str(text).ok()?,
                text.to_string(),
                l.lock_file.clone(),
            ))
        });
        let (version, text, lock_file) = match locked {
            Some((v, text, lock)) => (v, text, Some(lock)),
            None if dep.pin == PinKind::Exact => {
                let Some(v) = dep.specifiers.as_ref().and_then(exact_version) else {
                    continue;
                };
                (v.clone(), v.to_string(), None)
            }
            None => continue,
        };
        if seen.insert((dep.name.clone(), version.clone())) {
            out.push(ExactPin {
                name: dep.name.clone(),
                version,
                version_text: text,
                location: dependency_location(cx, dep),
                lock_file,
                marker: dep.marker,
            });
        }
    }
    let own_name = cx
        .app
        .deps
        .pyproject
        .as_ref()
        .and_then(|p| p.name.as_deref())
        .map(crate::parse::lockfile::normalize);
    for lock in &cx.app.deps.locks {
        for (name, package) in &lock.packages {
            if package.dev_only || own_name.as_deref() == Some(name.as_str()) {
                continue;
            }
            let Some(text) = package.version.as_deref() else {
                continue;
            };
            let Ok(version) = Version::from_str(text) else {
                continue;
            };
            if seen.insert((name.clone(), version.clone())) {
                out.push(ExactPin {
                    name: name.clone(),
                    version,
                    version_text: text.to_string(),
                    location: cx
                        .project
                        .file(&lock.path)
                        .map(Location::file_start)
                        .unwrap_or_else(|| Location::path_only(lock.path.clone())),
                    lock_file: Some(lock.path.clone()),
                    // A marker that does not parse counts as none: the package is checked.
                    marker: package
                        .marker
                        .as_deref()
                        .and_then(|m| uv_pep508::MarkerTree::from_str(m).ok()),
                });
            }
        }
    }
    out
}

/// Runtime declarations with a version range and no lock entry: the resolver
/// picks the newest release in range that admits the Python.
pub fn ranged<'a>(cx: &Context<'a>) -> Vec<&'a Dependency> {
    cx.app
        .deps
        .runtime()
        .filter(|d| {
            !d.name.is_empty()
                && d.location.is_none()
                && d.locked.is_none()
                && matches!(d.pin, PinKind::Bounded | PinKind::LowerBound)
                && d.specifiers.is_some()
        })
        .collect()
}

/// The platforms whose Python builder installs the app, grouped by the minor
/// they install (`profile::target_python`): a Dockerfile build's is its
/// `python:X.Y` base image. Platforms with no published default and Docker
/// builds on another image are left out: the version is not known.
pub fn targets_by_minor(cx: &Context) -> BTreeMap<u8, Vec<(Platform, TargetPython)>> {
    let mut out: BTreeMap<u8, Vec<(Platform, TargetPython)>> = BTreeMap::new();
    for platform in Platform::ALL {
        let target = target_python(cx.app, platform);
        let Some(version) = target.version else {
            continue;
        };
        if version.major != 3 {
            continue;
        }
        let Ok(minor) = u8::try_from(version.minor) else {
            continue;
        };
        out.entry(minor).or_default().push((platform, target));
    }
    out
}

/// "3.13 from .python-version", "3.14 by default".
fn describe_target(target: &TargetPython) -> String {
    let minor = target.version.map(|v| v.minor_string()).unwrap_or_default();
    match &target.source {
        PythonOrigin::File { path, .. } => format!("{minor} from {path}"),
        PythonOrigin::Dockerfile => format!("{minor} from the Dockerfile's base image"),
        _ => format!("{minor} by default"),
    }
}

/// "Heroku and Render install 3.13 from .python-version; Railway installs 3.13 by default".
pub fn describe_targets(targets: &[(Platform, TargetPython)]) -> String {
    let mut groups: Vec<(String, Vec<Platform>)> = Vec::new();
    for (platform, target) in targets {
        let why = describe_target(target);
        match groups.iter_mut().find(|(w, _)| *w == why) {
            Some((_, platforms)) => platforms.push(*platform),
            None => groups.push((why, vec![*platform])),
        }
    }
    groups
        .iter()
        .map(|(why, platforms)| {
            let verb = if platforms.len() == 1 {
                "installs"
            } else {
                "install"
            };
            format!("{} {verb} {why}", crate::platform::describe(platforms))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Of `releases`, the first one newer than `after` (or the newest overall when
/// `after` is `None`) that installs from a wheel on every one of `minors`, else
/// that every one of them admits.
pub fn suggested_release<'a>(
    releases: &[crate::wheel_index::Release<'a>],
    after: Option<&Version>,
    minors: &[u8],
) -> Option<&'a str> {
    let mut candidates: Vec<(Version, &crate::wheel_index::Release<'a>)> = releases
        .iter()
        .filter(|r| !r.yanked && minors.iter().all(|m| r.admits(*m)))
        .filter_map(|r| Some((r.parsed_version()?, r)))
        .filter(|(v, _)| after.is_none_or(|a| v > a))
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    let with_wheel = |(_, r): &&(Version, &crate::wheel_index::Release<'a>)| {
        !r.is_compiled()
            || minors
                .iter()
                .all(|m| r.has_wheel(*m, crate::wheel_index::Arch::X86_64))
    };
    let pick = if after.is_some() {
        candidates.iter().find(with_wheel).or(candidates.first())
    } else {
        candidates
            .iter()
            .rev()
            .find(with_wheel)
            .or(candidates.last())
    };
    pick.map(|(_, r)| r.version)
}

/// "3.13", "3.13 or 3.14".
pub fn describe_minors(minors: &[u8]) -> String {
    let names: Vec<String> = minors.iter().map(|m| format!("3.{m}")).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// `["3.13", "3.14"]`, for finding data.
pub fn minors_json(minors: &[u8]) -> Vec<String> {
    minors.iter().map(|m| format!("3.{m}")).collect()
}

/// The minors where a pin fails, with the platforms that install each.
pub type Failing<'t> = Vec<(u8, &'t [(Platform, TargetPython)])>;

/// Every platform target of the failing minors, for the message and the verdict.
pub fn failing_targets(failing: &Failing) -> Vec<(Platform, TargetPython)> {
    failing
        .iter()
        .flat_map(|(_, on)| on.iter().cloned())
        .collect()
}

pub fn platforms_of(targets: &[(Platform, TargetPython)]) -> Vec<Platform> {
    targets.iter().map(|(p, _)| *p).collect()
}

/// A release range that fails on CPython 3.`from_minor` and later.
pub struct Breakage {
    pub package: &'static str,
    /// PEP 440 specifiers of the affected releases.
    pub affected: &'static str,
    pub from_minor: u8,
    pub what: &'static str,
    /// Where it was checked.
    pub source: &'static str,
    pub fix: &'static str,
}

impl Breakage {
    pub fn affects(&self, name: &str, version: &Version, minor: u8) -> bool {
        name == self.package
            && minor >= self.from_minor
            && VersionSpecifiers::from_str(self.affected).is_ok_and(|s| s.contains(version))
    }
}

/// Releases that install on a Python and then fail at import. Each was read
/// in the release's own wheel from PyPI (2026-12-02): the import is at module
/// level, and the release after it has none.
pub const IMPORT_BREAKAGES: &[Breakage] = &[
    Breakage {
        package: "gunicorn",
        affected: "<21",
        from_minor: 12,
        what: "imports `pkg_resources` at start-up (gunicorn/util.py), which Python 3.12+ environments do not have (ensurepip stopped installing setuptools) and current setuptools no longer ships",
        source: "gunicorn 20.1.0 wheel, gunicorn/util.py:25 `import pkg_resources`; none in 21.0.0; setuptools 84.2.1 wheel has no pkg_resources",
        fix: "gunicorn==23.0.0",
    },
    Breakage {
        package: "gunicorn",
        affected: "<20",
        from_minor: 10,
        what: "imports `Mapping` from `collections` (gunicorn/selectors.py), removed in Python 3.10",
        source: "gunicorn 19.9.0 wheel, gunicorn/selectors.py:11; none in 20.1.0",
        fix: "gunicorn==23.0.0",
    },
    Breakage {
        package: "werkzeug",
        affected: "<0.15",
        from_minor: 10,
        what: "imports `Container`, `Iterable` and `MutableSet` from `collections` (werkzeug/datastructures.py), removed in Python 3.10",
        source: "Werkzeug 0.14.1 wheel, werkzeug/datastructures.py:16; none in 0.15.0",
        fix: "a Werkzeug release of 2.x or later, with a Flask that supports it",
    },
    Breakage {
        package: "flask",
        affected: ">=1.0,<1.0.3",
        from_minor: 10,
        what: "imports `MutableMapping` from `collections` (flask/sessions.py), removed in Python 3.10",
        source: "Flask 1.0.2 wheel, flask/sessions.py:14; none in 1.0.3 or 0.12.2",
        fix: "Flask 2.3 or later",
    },
    Breakage {
        package: "jinja2",
        affected: "<2.11",
        from_minor: 10,
        what: "imports `Mapping` from `collections` (jinja2/sandbox.py, jinja2/tests.py), removed in Python 3.10",
        source: "Jinja2 2.10.1 wheel, jinja2/sandbox.py:17 and jinja2/tests.py:13; none in 2.11.0",
        fix: "Jinja2 3.1 or later",
    },
    Breakage {
        package: "django",
        affected: "<4.1",
        from_minor: 13,
        what: "imports the `cgi` module (django/http/request.py), removed in Python 3.13 (PEP 594)",
        source: "Django 4.0 and 3.2.25 wheels, django/http/request.py:1 `import cgi`; none in 4.1",
        fix: "Django 4.2 LTS or later",
    },
    Breakage {
        package: "eventlet",
        affected: "<0.34",
        from_minor: 12,
        what: "imports `distutils` (eventlet/support/greenlets.py), removed in Python 3.12 (PEP 632)",
        source: "eventlet 0.33.3 wheel, eventlet/support/greenlets.py:1 `import distutils.version`; none in 0.34.1",
        fix: "eventlet 0.34.1 or later",
    },
];

/// Source builds known to fail on CPython 3.`from_minor` and later.
pub const BUILD_FAILURES: &[Breakage] = &[
    Breakage {
        package: "numpy",
        affected: "<1.26",
        from_minor: 12,
        what: "its setup.py imports `distutils`, removed in Python 3.12, and pins setuptools 59.2.0 as its build requirement",
        source: "numpy 1.25.2 sdist, setup.py:17 `from distutils.errors import CompileError` and pyproject.toml `setuptools==59.2.0`",
        fix: "numpy 1.26 or later",
    },
    Breakage {
        package: "pyyaml",
        affected: ">=5.4,<6.0.1",
        from_minor: 0,
        what: "its build requires Cython with no upper bound, and Cython 3 does not build it (PyYAML 6.0.1 pinned Cython < 3.0 for this)",
        source: "PyYAML 5.4.1 sdist pyproject.toml `requires = [\"setuptools\", \"wheel\", \"Cython\"]`; PyYAML 6.0.1 CHANGES: \"pin Cython build dep to < 3.0\" (yaml/pyyaml#702)",
        fix: "PyYAML 6.0.2 or later",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::from_str(text).unwrap()
    }

    #[test]
    fn every_breakage_range_parses_and_names_a_covered_package() {
        let index = crate::wheel_index::WheelIndex::bundled().unwrap();
        for b in IMPORT_BREAKAGES.iter().chain(BUILD_FAILURES) {
            assert!(
                VersionSpecifiers::from_str(b.affected).is_ok(),
                "{}",
                b.affected
            );
            assert!(index.covers(b.package), "{}", b.package);
            assert!(!b.source.is_empty() && !b.fix.is_empty());
        }
    }

    #[test]
    fn markers_are_evaluated_for_the_target_python() {
        let marker = |text: &str| {
            uv_pep508::Requirement::<uv_pep508::VerbatimUrl>::from_str(&format!("x==1; {text}"))
                .unwrap()
                .marker
        };
        let old = Some(marker(
            "python_version == '3.10' and sys_platform != 'win32'",
        ));
        assert!(marker_applies(old, 10) && !marker_applies(old, 13));
        let below = Some(marker("python_version < '3.9'"));
        assert!(!marker_applies(below, 12));
        assert!(marker_applies(Some(marker("sys_platform == 'linux'")), 14));
        assert!(!marker_applies(Some(marker("sys_platform == 'win32'")), 14));
        assert!(marker_applies(None, 14));
    }

    #[test]
    fn breakages_apply_to_their_releases_and_pythons_only() {
        let gunicorn = &IMPORT_BREAKAGES[0];
        assert!(gunicorn.affects("gunicorn", &v("20.1.0"), 12));
        assert!(!gunicorn.affects("gunicorn", &v("20.1.0"), 11));
        assert!(!gunicorn.affects("gunicorn", &v("21.0.0"), 14));
        assert!(!gunicorn.affects("uvicorn", &v("20.1.0"), 14));
        let flask = IMPORT_BREAKAGES
            .iter()
            .find(|b| b.package == "flask")
            .unwrap();
        assert!(flask.affects("flask", &v("1.0.2"), 10));
        assert!(!flask.affects("flask", &v("0.12.2"), 10));
        assert!(!flask.affects("flask", &v("1.0.3"), 13));
    }
}
