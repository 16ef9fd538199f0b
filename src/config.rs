//! Layer `run`: the configuration file and command line into what runs and how it fails.
//!
//! Configuration: `[tool.paaslint]` in pyproject.toml, `paaslint.toml` or
//! `.paaslint.toml`, found from the linted folder upward, merged with the
//! command line (the command line wins).
//!
//! Unknown keys and bad values are errors that point at the TOML span.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::checks::REGISTRY;
use crate::finding::{Finding, Severity};

pub use crate::finding::ConfigSeverity;

/// File names searched in each folder, in order of precedence.
pub const FILE_NAMES: [&str; 3] = [".paaslint.toml", "paaslint.toml", "pyproject.toml"];

/// The keys a config accepts. `paaslint.schema.json` lists the same ones (a
/// test keeps them in sync).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Code prefixes to run (`ALL` for every check). Default: all.
    pub select: Option<Vec<Spanned<String>>>,
    /// Code prefixes not to run.
    pub ignore: Option<Vec<Spanned<String>>>,
    /// Code (or prefix) → severity, replacing the check's default.
    pub severity: Option<BTreeMap<Spanned<String>, ConfigSeverity>>,
    /// Lowest severity that makes the exit code 1.
    pub fail_on: Option<FailOnValue>,
    /// App roots, relative to the linted folder; skips app detection.
    pub app_roots: Option<Vec<String>>,
    /// Glob (relative to the config's folder, or a file name) → code prefixes.
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    /// Require an exact pin for every runtime dependency.
    pub strict_pins: Option<bool>,
    /// Lint for these platforms only (like repeated `--platform`).
    pub platforms: Option<Vec<crate::platform::Platform>>,
    /// Team rules, reported like built-in checks.
    pub rules: Option<Vec<crate::user_rules::RuleSpec>>,
    /// TOML files (relative to this config) holding more `[[rules]]`.
    pub rule_files: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FailOnValue {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTool>,
}

#[derive(Deserialize)]
struct PyprojectTool {
    paaslint: Option<Config>,
}

/// A configuration error, shown with the offending TOML span.
#[derive(Debug)]
pub struct ConfigError {
    pub message: String,
    pub source: Option<NamedSource<String>>,
    pub span: Option<SourceSpan>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some("here".to_string()), span),
        )))
    }
}

impl ConfigError {
    fn plain(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
            span: None,
        }
    }

    fn at(path: &Path, text: &str, span: std::ops::Range<usize>, message: String) -> Self {
        Self {
            message,
            source: Some(NamedSource::new(
                path.display().to_string(),
                text.to_string(),
            )),
            span: Some(SourceSpan::from(span)),
        }
    }

    /// The error with its snippet, for stderr; the file's control characters
    /// are shown escaped, line by line.
    pub fn render(&self) -> String {
        escape_lines(&self.render_raw())
    }

    fn render_raw(&self) -> String {
        if self.source.is_none() {
            return self.message.clone();
        }
        let mut out = String::from("invalid configuration\n");
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_wrap_lines(false);
        if handler.render_report(&mut out, self).is_err() {
            return self.message.clone();
        }
        out
    }
}

fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(crate::escape::escape_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A config as loaded, with where it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The config file, if any.
    pub path: Option<PathBuf>,
}

/// Finds the config for `linted`: the first of [`FILE_NAMES`] in `linted`,
/// then each parent, stopping after a folder that holds `.git`. A pyproject
/// without `[tool.paaslint]` is skipped.
pub fn discover(linted: &Path) -> Result<Loaded, ConfigError> {
    // A path that does not resolve is reported by the walk, not here.
    let Ok(start) = linted.canonicalize() else {
        return Ok(Loaded::default());
    };
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            // The walk's rules: a link is never followed (it could lead to
            // any file of the machine, whose bytes an error would show).
            let Ok(meta) = std::fs::symlink_metadata(&candidate) else {
                continue;
            };
            if !meta.file_type().is_file() {
                if meta.file_type().is_symlink() {
                    eprintln!(
                        "paaslint: {} is a symbolic link; config files found by discovery must be regular files, so it is not read",
                        crate::escape::escape_text(&candidate.display().to_string())
                    );
                }
                continue;
            }
            let is_pyproject = name == "pyproject.toml";
            let loaded = match load_file(&candidate, is_pyproject, false) {
                // A broken pyproject.toml is a finding about the project
                // (PAAS120), not a configuration error of paaslint.
                Err(_) if is_pyproject => continue,
                other => other?,
            };
            if let Some(config) = loaded {
                return Ok(Loaded {
                    config,
                    path: Some(candidate),
                });
            }
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Ok(Loaded::default())
}

/// Loads `--config FILE`: a pyproject.toml is read for `[tool.paaslint]`,
/// any other file as a paaslint.toml.
pub fn load_explicit(path: &Path) -> Result<Loaded, ConfigError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let config = load_file(path, is_pyproject, true)?.unwrap_or_default();
    Ok(Loaded {
        config,
        path: Some(path.to_path_buf()),
    })
}

/// Config files are read whole, up to the cap every file of the tree has.
fn load_file(
    path: &Path,
    is_pyproject: bool,
    follow_links: bool,
) -> Result<Option<Config>, ConfigError> {
    let text = crate::source::read_small_text(path, follow_links, crate::source::MAX_READ_BYTES)
        .map_err(|e| ConfigError::plain(format!("cannot read {}: {e}", path.display())))?;
    parse(path, &text, is_pyproject)
}

/// Parses and validates config text read from `path` (named in errors): a
/// paaslint.toml, or a pyproject.toml's `[tool.paaslint]` (`None` without one).
pub fn parse(path: &Path, text: &str, is_pyproject: bool) -> Result<Option<Config>, ConfigError> {
    let spanned = |e: toml::de::Error| match e.span() {
        Some(span) => ConfigError::at(path, text, span, e.message().to_string()),
        None => ConfigError::plain(format!("{}: {}", path.display(), e.message())),
    };
    let config = if is_pyproject {
        let pyproject: Pyproject = toml::from_str(text).map_err(spanned)?;
        pyproject.tool.and_then(|t| t.paaslint)
    } else {
        Some(toml::from_str::<Config>(text).map_err(spanned)?)
    };
    if let Some(config) = &config {
        validate(config).map_err(|(span, message)| ConfigError::at(path, text, span, message))?;
    }
    Ok(config)
}

/// Checks the values serde cannot: codes and globs.
fn validate(config: &Config) -> Result<(), (std::ops::Range<usize>, String)> {
    let selectors = config
        .select
        .iter()
        .flatten()
        .chain(config.ignore.iter().flatten())
        .chain(config.severity.iter().flat_map(|m| m.keys()))
        .chain(
            config
                .per_file_ignores
                .iter()
                .flat_map(|m| m.values().flatten()),
        );
    for selector in selectors {
        check_selector(selector.get_ref()).map_err(|message| (selector.span(), message))?;
    }
    for glob in config.per_file_ignores.iter().flat_map(|m| m.keys()) {
        globset::Glob::new(glob.get_ref())
            .map_err(|e| (glob.span(), format!("invalid glob: {}", e.kind())))?;
    }
    Ok(())
}

/// `ALL`, or a prefix of at least one check code (`PAAS`, `PAAS2`, `PAAS205`).
pub fn check_selector(selector: &str) -> Result<(), String> {
    let upper = selector.trim().to_ascii_uppercase();
    if upper == "ALL"
        || (upper.starts_with("PAAS") && REGISTRY.iter().any(|c| c.code.starts_with(&upper)))
    {
        return Ok(());
    }
    let nearest = REGISTRY
        .iter()
        .map(|c| c.code)
        .min_by_key(|code| strsim::levenshtein(code, &upper))
        .unwrap_or("PAAS101");
    Err(format!(
        "`{selector}` is not a check code or code prefix (did you mean `{nearest}`?); `paaslint checks` lists them"
    ))
}

/// How specifically `selector` matches `code`: `None` when it does not,
/// otherwise its length (`ALL` counts 0), so `PAAS205` beats `PAAS2`.
fn specificity(selector: &str, code: &str) -> Option<usize> {
    let upper = selector.trim().to_ascii_uppercase();
    if upper == "ALL" {
        Some(0)
    } else if code.starts_with(&upper) {
        Some(upper.len())
    } else {
        None
    }
}

fn best(selectors: &[String], code: &str) -> Option<usize> {
    selectors.iter().filter_map(|s| specificity(s, code)).max()
}

/// Which checks run: selected and not ignored, the more specific entry winning.
#[derive(Debug, Clone)]
pub struct Selection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl Selection {
    pub fn allows(&self, code: &str) -> bool {
        match (best(&self.select, code), best(&self.ignore, code)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(select), Some(ignore)) => select > ignore,
        }
    }
}

/// Everything the command line and the config decide together.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub selection: Selection,
    /// Code prefix → severity; the most specific prefix wins.
    pub severity: Vec<(String, Severity)>,
    pub fail_on: Option<FailOnValue>,
    pub app_roots: Vec<String>,
    pub strict_pins: bool,
    /// From the config's `platforms`; `--platform` replaces it.
    pub platforms: Vec<crate::platform::Platform>,
    /// Team rules, compiled.
    pub rules: Vec<crate::user_rules::Rule>,
    per_file_ignores: Vec<(globset::GlobMatcher, Vec<String>)>,
    /// The linted folder relative to the config's folder, `/`-separated, for
    /// matching per-file globs written relative to the config.
    linted_prefix: String,
}

/// The command-line side of [`resolve`].
#[derive(Debug, Default)]
pub struct CliOverrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub app_roots: Vec<String>,
    pub strict_pins: bool,
}

/// Merges a loaded config with the command line. `--select` starts a fresh
/// selection (config `select` and `ignore` are dropped, as in ruff);
/// `--ignore` adds to the config's ignores.
pub fn resolve(loaded: Loaded, linted: &Path, cli: CliOverrides) -> Result<Resolved, String> {
    for selector in cli.select.iter().chain(&cli.ignore) {
        check_selector(selector)?;
    }
    let config = loaded.config;
    let strings = |v: Option<Vec<Spanned<String>>>| -> Vec<String> {
        v.unwrap_or_default()
            .into_iter()
            .map(Spanned::into_inner)
            .collect()
    };
    let selection = if cli.select.is_empty() {
        let mut select = strings(config.select);
        if select.is_empty() {
            select.push("ALL".to_string());
        }
        let mut ignore = strings(config.ignore);
        ignore.extend(cli.ignore);
        Selection { select, ignore }
    } else {
        Selection {
            select: cli.select,
            ignore: cli.ignore,
        }
    };
    let severity = config
        .severity
        .unwrap_or_default()
        .into_iter()
        .map(|(code, sev)| (code.into_inner(), Severity::from(sev)))
        .collect();
    let mut per_file_ignores = Vec::new();
    for (glob, codes) in config.per_file_ignores.unwrap_or_default() {
        let matcher = globset::Glob::new(glob.get_ref())
            .map_err(|e| format!("invalid glob `{}`: {}", glob.get_ref(), e.kind()))?
            .compile_matcher();
        per_file_ignores.push((
            matcher,
            codes.into_iter().map(Spanned::into_inner).collect(),
        ));
    }
    let linted_prefix = loaded
        .path
        .as_deref()
        .and_then(Path::parent)
        .and_then(|config_dir| {
            let linted = linted.canonicalize().ok()?;
            let config_dir = config_dir.canonicalize().ok()?;
            let rel = linted.strip_prefix(config_dir).ok()?;
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some(parts.join("/"))
        })
        .unwrap_or_default();
    let config_dir = loaded
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf);
    let rules = crate::user_rules::compile(
        config.rules.unwrap_or_default(),
        config.rule_files.unwrap_or_default(),
        config_dir.as_deref(),
    )?;
    Ok(Resolved {
        rules,
        selection,
        severity,
        fail_on: config.fail_on,
        app_roots: if cli.app_roots.is_empty() {
            config.app_roots.unwrap_or_default()
        } else {
            cli.app_roots
        },
        strict_pins: cli.strict_pins || config.strict_pins.unwrap_or(false),
        platforms: config.platforms.unwrap_or_default(),
        per_file_ignores,
        linted_prefix,
    })
}

impl Resolved {
    /// Applies severity overrides and drops per-file-ignored findings.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| !self.per_file_ignored(f))
            .map(|mut f| {
                let chosen = self
                    .severity
                    .iter()
                    .filter_map(|(selector, sev)| Some((specificity(selector, f.code)?, *sev)))
                    .max_by_key(|(specific, _)| *specific);
                if let Some((_, sev)) = chosen {
                    // The user's choice holds on every platform.
                    f.severity = sev;
                    f.severity_on.clear();
                }
                f
            })
            .collect()
    }

    fn per_file_ignored(&self, f: &Finding) -> bool {
        let path = f.location.path.trim_end_matches('/');
        let from_config = if self.linted_prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.linted_prefix)
        };
        let file_name = path.rsplit('/').next().unwrap_or(path);
        self.per_file_ignores.iter().any(|(glob, codes)| {
            (glob.is_match(path) || glob.is_match(&from_config) || glob.is_match(file_name))
                && best(codes, f.code).is_some()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.message().to_string())?;
        validate(&config).map_err(|(_, m)| m)?;
        Ok(config)
    }

    #[test]
    fn reads_every_key() {
        let config = parse(
            r#"
select = ["PAAS1", "PAAS205"]
ignore = ["PAAS110"]
severity = { PAAS121 = "info" }
fail-on = "warning"
app-roots = ["backend"]
per-file-ignores = { "legacy/*.txt" = ["PAAS110"] }
strict-pins = true
"#,
        )
        .unwrap();
        assert_eq!(config.fail_on, Some(FailOnValue::Warning));
        assert_eq!(config.strict_pins, Some(true));
        assert_eq!(
            config.app_roots.as_deref(),
            Some(&["backend".to_string()][..])
        );
    }

    #[test]
    fn unknown_keys_and_codes_are_errors() {
        assert!(parse("selct = [\"ALL\"]")
            .unwrap_err()
            .contains("unknown field"));
        assert!(parse("select = [\"E501\"]")
            .unwrap_err()
            .contains("not a check code"));
        assert!(parse("severity = { PAAS205 = \"fatal\" }").is_err());
        assert!(parse("per-file-ignores = { \"a[\" = [\"ALL\"] }").is_err());
    }

    #[test]
    fn the_more_specific_selector_wins() {
        let selection = Selection {
            select: vec!["PAAS2".into(), "PAAS110".into()],
            ignore: vec!["PAAS1".into(), "PAAS205".into()],
        };
        assert!(selection.allows("PAAS201"));
        assert!(!selection.allows("PAAS205"));
        assert!(selection.allows("PAAS110"));
        assert!(!selection.allows("PAAS111"));
        assert!(!selection.allows("PAAS301"));
    }

    #[test]
    fn bad_values_point_at_their_span() {
        let text = "select = [\"PAAS2\", \"PAAS999\"]\n";
        let config: Config = toml::from_str(text).unwrap();
        let (span, _) = validate(&config).unwrap_err();
        assert_eq!(&text[span], "\"PAAS999\"");
    }
}
