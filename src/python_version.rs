//! Layer `analyzers`: each Python-version source of an app, through the reader, into its version facts.
//!
//! Where each platform gets the Python version from, read in the parse
//! phase: .python-version, runtime.txt, Pipfile, pyproject requires-python,
//! .tool-versions, app.yaml runtime and render.yaml PYTHON_VERSION.

use std::str::FromStr;

use crate::discover::{file_name, EntryKind};
use crate::model::App;
use crate::parse::lockfile::LockKind;
use crate::parse::platform_files::PlatformFile;
use crate::reader::Reader;
use crate::source::{Encoding, Span};

pub use crate::model::python_version::*;

/// Names Heroku's buildpack lists as misspellings of `.python-version` (catalogue B3), normalized.
fn is_misspelt_python_version(name: &str) -> bool {
    if name == ".python-version" {
        return false;
    }
    let lower = name.trim().trim_matches(['\'', '"']).to_ascii_lowercase();
    let lower = lower.strip_suffix(".txt").unwrap_or(&lower);
    matches!(
        lower,
        ".python-version"
            | "python-version"
            | ".python_version"
            | "python_version"
            | ".pythonversion"
            | ".python-versions"
            | ".python.version"
            | "python.version"
            | ".python-verison"
    )
}

pub fn load(reader: &mut Reader, platform_files: &[PlatformFile], app: &App) -> PythonVersions {
    let mut out = PythonVersions {
        misspelt: reader
            .inventory
            .children(&app.root)
            .filter(|(p, e)| e.kind != EntryKind::Dir && is_misspelt_python_version(file_name(p)))
            .map(|(p, _)| p.to_string())
            .collect(),
        ..Default::default()
    };

    let path = app.path(".python-version");
    if let Some(file) = reader.load(&path) {
        let lines: Vec<(Span, String)> = file
            .lines()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(s, l)| (s, l.to_string()))
            .collect();
        if file.encoding == Encoding::Binary {
            out.problems
                .push(binary_version_file(&path, SourceKind::PythonVersionFile));
        } else if lines.is_empty() && !file.encoding.is_problem() {
            out.problems.push(ContentProblem {
                path: path.clone(),
                span: None,
                message: "`.python-version` names no version (only blank or comment lines)".into(),
                fix: "write the major version on its own line, e.g. `3.13`".into(),
                several: false,
                kind: SourceKind::PythonVersionFile,
            });
        }
        if lines.len() > 1 {
            out.problems.push(ContentProblem {
                path: path.clone(),
                span: lines.get(1).map(|(s, _)| *s),
                message: format!("`.python-version` names {} versions; Heroku accepts exactly one (pyenv reads several)", lines.len()),
                fix: "keep a single version line".into(),
                several: true,
                kind: SourceKind::PythonVersionFile,
            });
        }
        if let Some((span, line)) = lines.first() {
            let trimmed = line.trim();
            let version = PyVersion::parse(trimmed);
            if version.is_none() {
                let fix = suggest_version(trimmed)
                    .map(|v| format!("write `{v}` instead"))
                    .unwrap_or_else(|| {
                        "write the version as `X.Y` (recommended) or `X.Y.Z`, on its own line"
                            .into()
                    });
                out.problems.push(ContentProblem {
                    path: path.clone(),
                    span: Some(*span),
                    message: format!("`{trimmed}` is not a Python version Heroku accepts in .python-version (`X.Y` or `X.Y.Z`, no prefix, quotes or inline comment)"),
                    fix,
                    several: false,
                    kind: SourceKind::PythonVersionFile,
                });
            }
            out.sources.push(VersionSource {
                kind: SourceKind::PythonVersionFile,
                path: path.clone(),
                span: *span,
                raw: trimmed.to_string(),
                version: version
                    .or_else(|| suggest_version(trimmed).and_then(|v| PyVersion::parse(&v))),
            });
        }
    }

    let path = app.path("runtime.txt");
    if let Some(file) = reader.load(&path) {
        let line = file
            .lines()
            .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
        match line {
            Some((span, l)) => {
                let trimmed = l.trim();
                let version = trimmed.strip_prefix("python-").and_then(PyVersion::parse);
                if version.is_none() {
                    out.problems.push(ContentProblem {
                        path: path.clone(),
                        span: Some(span),
                        message: format!("`{trimmed}` is not a valid runtime.txt version (`python-X.Y` or `python-X.Y.Z`)"),
                        fix: "replace runtime.txt with a `.python-version` file containing `X.Y`".into(),
                        several: false,
                        kind: SourceKind::RuntimeTxt,
                    });
                }
                out.sources.push(VersionSource {
                    kind: SourceKind::RuntimeTxt,
                    path: path.clone(),
                    span,
                    raw: trimmed.to_string(),
                    version: version.or_else(|| suggest_version(trimmed).and_then(|v| PyVersion::parse(&v))),
                });
            }
            None if file.encoding == Encoding::Binary => out
                .problems
                .push(binary_version_file(&path, SourceKind::RuntimeTxt)),
            None if !file.encoding.is_problem() => out.problems.push(ContentProblem {
                path: path.clone(),
                span: None,
                message: "runtime.txt is empty".into(),
                fix: "delete it and create `.python-version` containing the major version, e.g. `3.13`".into(),
                several: false,
                kind: SourceKind::RuntimeTxt,
            }),
            None => {}
        }
    }

    let path = app.path(".tool-versions");
    if let Some(file) = reader.load(&path) {
        if let Some((span, line)) = file
            .lines()
            .find(|(_, l)| l.trim_start().starts_with("python "))
        {
            let raw = line.trim_start().trim_start_matches("python").trim();
            let first = raw.split_whitespace().next().unwrap_or("");
            out.sources.push(VersionSource {
                kind: SourceKind::ToolVersions,
                path: path.clone(),
                span,
                raw: first.to_string(),
                version: PyVersion::parse(first),
            });
        }
    }

    // Pipfile [requires] and pyproject requires-python, as the dependency model parsed them.
    if let Some((raw, span)) = app
        .deps
        .pipfile
        .as_ref()
        .and_then(|p| p.python_version.clone())
    {
        out.sources.push(VersionSource {
            kind: SourceKind::Pipfile,
            path: app.path("Pipfile"),
            span,
            version: PyVersion::parse(&raw),
            raw,
        });
    }
    if let Some(lock) = app.deps.locks.iter().find(|l| l.kind == LockKind::Pipenv) {
        if let Some((raw, span)) = lock.python_version.clone() {
            let version = PyVersion::parse(&raw);
            if version.is_none() {
                out.problems.push(ContentProblem {
                    path: lock.path.clone(),
                    span: Some(span),
                    message: format!("`{raw}` in Pipfile.lock `_meta.requires` is not a Python version (`X.Y` or `X.Y.Z`); Heroku's classic builder stops on it"),
                    fix: "set `python_version` in the Pipfile's [requires] to `X.Y` and run `pipenv lock`".into(),
                    several: false,
                    kind: SourceKind::PipfileLock,
                });
            }
            out.sources.push(VersionSource {
                kind: SourceKind::PipfileLock,
                path: lock.path.clone(),
                span,
                version,
                raw,
            });
        }
    }
    if let Some(pyproject) = &app.deps.pyproject {
        if let Some((raw, span)) = pyproject.requires_python.clone() {
            if let Some(specifiers) = requires_python_specifiers(&raw) {
                out.constraints.push(Constraint {
                    what: "requires-python",
                    path: pyproject.path.clone(),
                    span,
                    raw: raw.clone(),
                    specifiers,
                });
            }
            out.requires_python = Some((pyproject.path.clone(), span, raw));
        }
        if let Some((raw, span)) = pyproject.poetry_python.clone() {
            if let Some(specifiers) = crate::parse::pyproject::constraint_specifiers(&raw) {
                out.constraints.push(Constraint {
                    what: "Poetry `python`",
                    path: pyproject.path.clone(),
                    span,
                    raw,
                    specifiers,
                });
            }
        }
    }
    if let Some(source) = out.get(SourceKind::Pipfile) {
        // Pipenv reads `python_version = "3.11"` as "3.11.*".
        if let Some(v) = source.version {
            let spec = match v.patch {
                Some(p) => format!("=={}.{}.{p}", v.major, v.minor),
                None => format!("=={}.{}.*", v.major, v.minor),
            };
            if let Ok(specifiers) = uv_pep440::VersionSpecifiers::from_str(&spec) {
                out.constraints.push(Constraint {
                    what: "Pipfile `python_version`",
                    path: source.path.clone(),
                    span: source.span,
                    raw: source.raw.clone(),
                    specifiers,
                });
            }
        }
    }

    // Platform files at the app root or the linted folder, as the model parsed them.
    for (name, kind) in [
        ("app.yaml", SourceKind::AppYaml),
        ("render.yaml", SourceKind::RenderYaml),
    ] {
        let found = [app.path(name), name.to_string()]
            .into_iter()
            .find_map(|path| {
                let file = platform_files.iter().find(|f| f.path == path)?;
                let (raw, span) = file.python_version.clone()?;
                Some((path, raw, span))
            });
        let Some((path, raw, span)) = found else {
            continue;
        };
        let version = match kind {
            // python312 → 3.12
            SourceKind::AppYaml => raw
                .trim_start_matches("python")
                .strip_prefix('3')
                .and_then(|m| m.parse::<u64>().ok())
                .map(|minor| PyVersion {
                    major: 3,
                    minor,
                    patch: None,
                }),
            _ => PyVersion::parse(&raw),
        };
        out.sources.push(VersionSource {
            kind,
            path,
            span,
            raw,
            version,
        });
    }
    out
}

/// `python-3.12`, `"3.12"`, `3.12 # comment`, `python3.12`, `3.12.*` → `3.12`.
fn suggest_version(raw: &str) -> Option<String> {
    let cleaned = raw
        .split('#')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
        .trim_start_matches("python-")
        .trim_start_matches("python")
        .trim_start_matches("cpython-")
        .trim_end_matches(".*")
        .trim_end_matches(".x")
        .trim();
    PyVersion::parse(cleaned).map(|_| cleaned.to_string())
}

/// Release and end-of-life of each minor, from python.org's "Status of Python
/// versions" (devguide) and PEP 790 (3.15.0 final, October 2026).
pub const RELEASES: &[(u64, &str, &str)] = &[
    (8, "2019-10-14", "2024-10-07"),
    (9, "2020-10-05", "2025-10-31"),
    (10, "2021-10-04", "2026-10-31"),
    (11, "2022-10-24", "2027-10-31"),
    (12, "2023-10-02", "2028-10-31"),
    (13, "2024-10-07", "2029-10-31"),
    (14, "2025-10-07", "2030-10-31"),
    (15, "2026-10-01", "2031-10-31"),
];

/// A version file with NUL bytes: the builder reads it as text and finds no
/// valid version (Heroku: "Invalid Python version in runtime.txt", spec
/// `python_version_spec.rb`, fixture `runtime_txt_invalid_version`, v351).
fn binary_version_file(path: &str, kind: SourceKind) -> ContentProblem {
    ContentProblem {
        path: path.to_string(),
        span: None,
        message: format!(
            "`{path}` holds binary data (NUL bytes), not a Python version: the build stops with \"Invalid Python version\""
        ),
        fix: "replace it with a `.python-version` file holding the major version, e.g. `3.13`, as plain text".into(),
        several: false,
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_suggestions() {
        assert_eq!(
            PyVersion::parse("3.12"),
            Some(PyVersion {
                major: 3,
                minor: 12,
                patch: None
            })
        );
        assert_eq!(PyVersion::parse("3.12.7").and_then(|v| v.patch), Some(7));
        for bad in ["3", "3.012", "3.12.", "python-3.12", "3.12.1.1", " 3.12"] {
            assert!(PyVersion::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(suggest_version("python-3.12").as_deref(), Some("3.12"));
        assert_eq!(suggest_version("\"3.11\"").as_deref(), Some("3.11"));
        assert_eq!(suggest_version("3.13 # latest").as_deref(), Some("3.13"));
        assert_eq!(suggest_version("3.12.*").as_deref(), Some("3.12"));
        assert_eq!(suggest_version("latest"), None);
        let spec = |raw: &str| requires_python_specifiers(raw).map(|s| s.to_string());
        assert_eq!(spec("3.12.*").as_deref(), Some("==3.12.*"));
        assert_eq!(spec(">=3.11").as_deref(), Some(">=3.11"));
        assert_eq!(spec("latest"), None);
    }

    #[test]
    fn misspellings() {
        for n in [
            ".python_version",
            "python-version",
            ".python-version.txt",
            " .python-version",
            ".python-version ",
            "'.python-version'",
            ".Python-version",
        ] {
            assert!(is_misspelt_python_version(n), "{n}");
        }
        assert!(!is_misspelt_python_version(".python-version"));
        assert!(!is_misspelt_python_version("runtime.txt"));
    }
}
