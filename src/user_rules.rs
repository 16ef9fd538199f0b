//! Layer `run`: team rules from the config, checked against the model like built-in checks.
//!
//! Team rules declared in the config (`[[rules]]`, or TOML files named by
//! `rule-files`), reported like built-in checks. Files they name are read by the
//! build ([`files_read`]), so evaluating them reads only the model.

use std::path::Path;

use serde::Deserialize;

use crate::finding::{Finding, Location, Severity};
use crate::model::{App, Project};
use crate::platform::Platform;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub code: String,
    pub name: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub severity: Option<crate::finding::ConfigSeverity>,
    /// A path relative to each app root.
    pub file: Option<String>,
    pub exists: Option<bool>,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
    pub dependency: Option<String>,
    pub present: Option<bool>,
}

/// A file of extra rules: `[[rules]]` entries only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rules: Vec<RuleSpec>,
}

#[derive(Debug, Clone)]
pub enum Condition {
    FileExists {
        file: String,
        exists: bool,
    },
    FileMatches {
        file: String,
        regex: regex::Regex,
        must_match: bool,
    },
    Dependency {
        name: String,
        present: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Rule {
    /// Leaked once per run: findings carry `&'static str` codes.
    pub code: &'static str,
    pub name: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
    pub condition: Condition,
}

/// Rule files larger than this are refused: a team's rules fit in a few KiB.
const MAX_RULE_FILE_BYTES: u64 = 1024 * 1024;

/// Reads a rule file named by a config, which may come from an untrusted
/// pull request: a relative path that stays inside the config's folder (no
/// `..`, no link leading out), a regular file, at most
/// [`MAX_RULE_FILE_BYTES`] (`/dev/zero` or a FIFO would otherwise hang the
/// run, and an error would show bytes of a file outside the tree).
fn read_rule_file(name: &str, config_dir: Option<&Path>) -> Result<String, String> {
    let relative = Path::new(name);
    let leaves = relative.is_absolute()
        || relative.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        });
    if leaves {
        return Err("must be a relative path inside the config's folder".to_string());
    }
    let dir = config_dir.unwrap_or(Path::new("."));
    let path = dir.join(relative);
    let inside = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(file), Ok(dir)) => file.starts_with(dir),
        (Err(e), _) | (_, Err(e)) => return Err(e.to_string()),
    };
    if !inside {
        return Err("leads outside the config's folder".to_string());
    }
    crate::source::read_small_text(&path, false, MAX_RULE_FILE_BYTES)
}

/// Validates and compiles the rules of the config and of the rule files it names.
pub fn compile(
    inline: Vec<RuleSpec>,
    files: Vec<String>,
    config_dir: Option<&Path>,
) -> Result<Vec<Rule>, String> {
    let mut specs = inline;
    for file in files {
        let path = config_dir.map_or_else(|| Path::new(&file).to_path_buf(), |d| d.join(&file));
        let text = read_rule_file(&file, config_dir)
            .map_err(|e| format!("rule file `{}`: {e}", path.display()))?;
        let parsed: RuleFile = toml::from_str(&text)
            .map_err(|e| format!("rule file `{}`: {}", path.display(), e.message()))?;
        specs.extend(parsed.rules);
    }
    let mut rules = Vec::new();
    for spec in specs {
        let code = spec.code.trim().to_string();
        let valid = code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && code.ends_with(|c: char| c.is_ascii_digit());
        if !valid || code.starts_with("PAAS") {
            return Err(format!("rule code `{code}`: use capitals then digits (e.g. `ACME001`), not starting with PAAS"));
        }
        if rules.iter().any(|r: &Rule| r.code == code) {
            return Err(format!("rule code `{code}` is declared twice"));
        }
        let condition = match (&spec.file, &spec.dependency) {
            (Some(file), None) => match (&spec.matches, &spec.not_matches, spec.exists) {
                (Some(re), None, None) | (None, Some(re), None) => Condition::FileMatches {
                    file: file.clone(),
                    regex: regex::Regex::new(re).map_err(|e| format!("rule `{code}`: invalid regex: {e}"))?,
                    must_match: spec.matches.is_some(),
                },
                (None, None, exists) => Condition::FileExists {
                    file: file.clone(),
                    exists: exists.unwrap_or(true),
                },
                _ => return Err(format!("rule `{code}`: give one of `exists`, `matches` or `not-matches` with `file`")),
            },
            (None, Some(name)) if spec.matches.is_none() && spec.not_matches.is_none() && spec.exists.is_none() => {
                Condition::Dependency {
                    name: crate::parse::lockfile::normalize(name),
                    present: spec.present.unwrap_or(true),
                }
            }
            _ => return Err(format!("rule `{code}`: give either `file` (with `exists`, `matches` or `not-matches`) or `dependency` (with `present`)")),
        };
        let name = spec.name.unwrap_or_else(|| "user-rule".to_string());
        rules.push(Rule {
            code: Box::leak(code.into_boxed_str()),
            name: Box::leak(name.into_boxed_str()),
            message: spec.message,
            help: spec.help,
            severity: spec.severity.map_or(Severity::Warning, Severity::from),
            condition,
        });
    }
    Ok(rules)
}

/// The files, relative to each app root, the rules look into: the build
/// reads them with the rest (parse phase).
pub fn files_read(rules: &[Rule]) -> Vec<String> {
    rules
        .iter()
        .filter_map(|rule| match &rule.condition {
            Condition::FileMatches { file, .. } => Some(file.clone()),
            _ => None,
        })
        .collect()
}

pub fn run(project: &Project, rules: &[Rule]) -> Vec<Finding> {
    let mut out = Vec::new();
    for app in &project.apps {
        for rule in rules {
            if let Some(location) = violation(project, app, rule) {
                out.push(Finding {
                    code: rule.code,
                    name: rule.name,
                    severity: rule.severity,
                    message: rule.message.clone(),
                    help: rule.help.clone(),
                    label: None,
                    location,
                    related: Vec::new(),
                    app_root: app.display_root().to_string(),
                    subject: Some(rule.code.to_string()),
                    platforms: Platform::ALL.to_vec(),
                    severity_on: Vec::new(),
                    data: serde_json::Map::new(),
                });
            }
        }
    }
    out
}

/// Where the rule is broken in this app, if it is.
fn violation(project: &Project, app: &App, rule: &Rule) -> Option<Location> {
    match &rule.condition {
        Condition::FileExists { file, exists } => {
            let path = app.path(file);
            let found = project.inventory.get(&path).is_some();
            (found != *exists).then(|| match project.file(&path) {
                Some(f) => Location::file_start(f),
                None => Location::path_only(path),
            })
        }
        Condition::FileMatches {
            file,
            regex,
            must_match,
        } => {
            let path = app.path(file);
            let source = project.file(&path)?;
            match (regex.find(&source.text), must_match) {
                (Some(m), false) => Some(Location::in_file(
                    source,
                    crate::source::Span::new(m.start(), m.end()),
                )),
                (None, true) => Some(Location::file_start(source)),
                _ => None,
            }
        }
        Condition::Dependency { name, present } => {
            let declared = app
                .deps
                .declared
                .iter()
                .find(|d| &d.name == name && !d.constraint && d.group.is_runtime());
            match (declared, present) {
                (Some(dep), false) => Some(
                    project
                        .file(&dep.file)
                        .map(|f| Location::in_file(f, dep.span))
                        .unwrap_or_else(|| Location::path_only(dep.file.clone())),
                ),
                (None, true) => Some(
                    ["requirements.txt", "pyproject.toml", "Pipfile"]
                        .iter()
                        .find_map(|n| project.file(&app.path(n)).map(Location::file_start))
                        .unwrap_or_else(|| Location::path_only(app.root_location())),
                ),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn rule_files_that_are_devices_or_huge_are_refused() {
        let err = compile(Vec::new(), vec!["/dev/zero".to_string()], None)
            .err()
            .unwrap_or_default();
        assert!(err.contains("relative path"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        // Issue 14, item 17: nothing outside the config's folder is read.
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("link.toml")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for (name, why) in [
            ("../x.toml", "relative path"),
            ("sub/../../x.toml", "relative path"),
            ("link.toml", "outside"),
        ] {
            let err = compile(
                Vec::new(),
                vec![name.to_string()],
                Some(&dir.path().join("sub")),
            )
            .err()
            .unwrap_or_default();
            let err = if name == "link.toml" {
                compile(Vec::new(), vec![name.to_string()], Some(dir.path()))
                    .err()
                    .unwrap_or_default()
            } else {
                err
            };
            assert!(err.contains(why), "{name}: {err}");
        }
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "#".repeat(MAX_RULE_FILE_BYTES as usize + 10)).unwrap();
        let err = compile(Vec::new(), vec!["big.toml".to_string()], Some(dir.path()))
            .err()
            .unwrap_or_default();
        assert!(err.contains("larger than"), "{err}");
        std::fs::write(
            &big,
            "[[rules]]\ncode = \"ACME001\"\nmessage = \"m\"\nfile = \"RUNBOOK.md\"\n",
        )
        .unwrap();
        let rules = compile(Vec::new(), vec!["big.toml".to_string()], Some(dir.path())).unwrap();
        assert_eq!(rules.len(), 1);
    }
}
