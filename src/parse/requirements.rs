//! pip requirements files, read the way pip's `req_file.py` reads them:
//! `\` continuations joined, `#` comments dropped, `${VAR}` noted, each
//! line split into the requirement and its options. Requirement strings go
//! through `uv_pep508`; this module only handles pip's line format around
//! them. Includes (`-r`, `-c`) are recorded here and followed by the model.

use std::str::FromStr;

use uv_pep508::{Requirement as Pep508Requirement, VersionOrUrl};

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone)]
pub struct Requirement {
    /// PEP 503-normalized name (`django`, `psycopg2-binary`); for a bare URL
    /// or path, the `#egg=` name if any, else empty.
    pub name: String,
    /// The requirement text as written (without options and comment),
    /// e.g. `Django>=4.2`, `-e ../lib` gives `../lib`.
    pub text: String,
    /// The whole logical line (all continued physical lines).
    pub span: Span,
    /// `None` for a bare URL or path, which pip accepts but PEP 508 does not.
    pub parsed: Option<Pep508Requirement>,
    pub editable: bool,
    /// The URL or path this requirement installs from (`name @ url`, a
    /// bare URL or path, `-e path`).
    pub location: Option<String>,
    /// `--hash=` values on the line.
    pub hashes: Vec<String>,
    /// `${VAR}` names pip expands from the environment at install time.
    pub env_vars: Vec<String>,
}

impl Requirement {
    pub fn specifiers(&self) -> Option<&uv_pep440::VersionSpecifiers> {
        match self.parsed.as_ref()?.version_or_url.as_ref()? {
            VersionOrUrl::VersionSpecifier(s) => Some(s),
            VersionOrUrl::Url(_) => None,
        }
    }
}

/// A `-r`/`-c` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub target: String,
    pub constraint: bool,
    pub span: Span,
}

/// A global option line (`--index-url …`, `--no-binary …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionLine {
    /// The option name as pip knows it, long form (`--index-url`).
    pub name: String,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct RequirementsFile {
    pub path: String,
    pub requirements: Vec<Requirement>,
    pub includes: Vec<Include>,
    pub options: Vec<OptionLine>,
    /// Lines pip would reject, with pip-like reasons.
    pub errors: Vec<(Span, String)>,
    /// The file holds merge-conflict markers (reported by PAAS902); the
    /// marker lines are skipped and both sides are read.
    pub has_conflict_markers: bool,
}

/// Global options pip accepts in a requirements file (pip 25, `req_file.py`
/// `SUPPORTED_OPTIONS`), short forms mapped to long ones.
const GLOBAL_OPTIONS: &[(&str, &str)] = &[
    ("-i", "--index-url"),
    ("--index-url", "--index-url"),
    ("--extra-index-url", "--extra-index-url"),
    ("--no-index", "--no-index"),
    ("-f", "--find-links"),
    ("--find-links", "--find-links"),
    ("--no-binary", "--no-binary"),
    ("--only-binary", "--only-binary"),
    ("--prefer-binary", "--prefer-binary"),
    ("--require-hashes", "--require-hashes"),
    ("--pre", "--pre"),
    ("--trusted-host", "--trusted-host"),
    ("--use-feature", "--use-feature"),
];

/// Line options that take a value (reported when it is missing).
const VALUE_OPTIONS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
];

/// Options that apply to the requirement they follow. pip parses the options
/// after a requirement with one parser holding these and every file-level
/// option (`build_parser` in pip/_internal/req/req_file.py, pip 24.0 and
/// 26.3), so `flask==3.0 --no-binary flask` is accepted too. `--global-option`
/// is in pip 24.0's `SUPPORTED_OPTIONS_REQ`, gone from 26.3's.
const PER_REQUIREMENT_OPTIONS: &[&str] = &["--hash", "--config-settings", "--global-option"];

/// File-level options that take no value (pip's `store_true` options).
const FLAG_OPTIONS: &[&str] = &[
    "--no-index",
    "--prefer-binary",
    "--require-hashes",
    "--no-require-hashes",
    "--pre",
];

/// Whether pip's requirement-line parser knows `name`.
fn accepted_after_requirement(name: &str) -> bool {
    PER_REQUIREMENT_OPTIONS.contains(&name)
        || GLOBAL_OPTIONS.iter().any(|(given, _)| *given == name)
        || VALUE_OPTIONS.contains(&name)
        || name == "--no-require-hashes"
}

impl RequirementsFile {
    pub fn parse(file: &SourceFile) -> Self {
        let mut out = RequirementsFile {
            path: file.path.clone(),
            ..Default::default()
        };
        for (span, line) in logical_lines(file) {
            let line = strip_comment(&line);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| line.starts_with(m))
            {
                out.has_conflict_markers = true;
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            let span = Span::new(
                span.start + lead,
                (span.start + lead + trimmed.len()).min(span.end),
            );
            out.parse_line(trimmed, span);
        }
        out
    }

    fn parse_line(&mut self, line: &str, span: Span) {
        let env_vars = env_var_names(line);
        if let Some(target) = option_value(line, &["-r", "--requirement"]) {
            self.includes.push(Include {
                target,
                constraint: false,
                span,
            });
        } else if let Some(target) = option_value(line, &["-c", "--constraint"]) {
            self.includes.push(Include {
                target,
                constraint: true,
                span,
            });
        } else if let Some(target) = option_value(line, &["-e", "--editable"]) {
            let (target, options) = split_requirement_options(&target);
            self.push_requirement(&target, &options, span, true, env_vars);
        } else if line.starts_with('-') {
            let word = line
                .split(|c: char| c == '=' || c.is_whitespace())
                .next()
                .unwrap_or(line);
            match GLOBAL_OPTIONS.iter().find(|(given, _)| *given == word) {
                Some((_, long)) => self.options.push(OptionLine {
                    name: (*long).to_string(),
                    text: line.to_string(),
                    span,
                }),
                None if VALUE_OPTIONS.contains(&word) => self.errors.push((
                    span,
                    format!("`{word}` needs a value (pip: \"option requires 1 argument\")"),
                )),
                None => self
                    .errors
                    .push((span, format!("pip does not accept `{word}` here"))),
            }
        } else {
            let (requirement, options) = split_requirement_options(line);
            self.push_requirement(&requirement, &options, span, false, env_vars);
        }
    }

    fn push_requirement(
        &mut self,
        text: &str,
        options: &[String],
        span: Span,
        editable: bool,
        env_vars: Vec<String>,
    ) {
        let mut hashes = Vec::new();
        let mut iter = options.iter();
        while let Some(option) = iter.next() {
            let (name, value) = match option.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (option.as_str(), None),
            };
            if !accepted_after_requirement(name) {
                self.errors.push((
                    span,
                    format!("pip does not accept `{name}` after a requirement"),
                ));
                continue;
            }
            if FLAG_OPTIONS.contains(&name) {
                continue;
            }
            let value = value.or_else(|| iter.next().cloned());
            if name == "--hash" {
                hashes.extend(value);
            }
        }
        let is_path_or_url = looks_like_path_or_url(text);
        let parsed = if is_path_or_url {
            None
        } else {
            match Pep508Requirement::<uv_pep508::VerbatimUrl>::from_str(text) {
                Ok(parsed) => Some(parsed),
                Err(err) => {
                    self.errors.push((span, err.message.to_string()));
                    return;
                }
            }
        };
        let location = match &parsed {
            Some(p) => match &p.version_or_url {
                Some(VersionOrUrl::Url(url)) => Some(url.given().unwrap_or(text).to_string()),
                _ => None,
            },
            None => Some(text.to_string()),
        };
        let name = match &parsed {
            Some(p) => p.name.to_string(),
            None => egg_name(text).unwrap_or_default(),
        };
        self.requirements.push(Requirement {
            name,
            text: text.to_string(),
            span,
            parsed,
            editable,
            location,
            hashes,
            env_vars,
        });
    }

    pub fn get(&self, normalized_name: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.name == normalized_name)
    }
}

/// pip's `break_args_options`: words up to the first one starting with `-`
/// are the requirement, the rest are its options (split like a shell would).
fn split_requirement_options(line: &str) -> (String, Vec<String>) {
    let mut requirement = Vec::new();
    let mut rest = "";
    let mut offset = 0;
    for word in line.split(' ') {
        if word.starts_with('-') {
            rest = line.get(offset..).unwrap_or("");
            break;
        }
        requirement.push(word);
        offset += word.len() + 1;
    }
    let options =
        shlex::split(rest).unwrap_or_else(|| rest.split_whitespace().map(str::to_string).collect());
    (requirement.join(" ").trim().to_string(), options)
}

/// `#egg=name` in a URL or path, normalized.
fn egg_name(text: &str) -> Option<String> {
    let (_, fragment) = text.split_once('#')?;
    let egg = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("egg="))?;
    let egg = egg.split(['[', ' ']).next().unwrap_or(egg);
    uv_normalize::PackageName::from_str(egg)
        .ok()
        .map(|n| n.to_string())
}

/// What pip treats as a path or URL rather than a name (`req_install.py`
/// `_looks_like_path`, `is_url`): a separator, a leading `.`, a scheme, an archive.
pub fn looks_like_path_or_url(text: &str) -> bool {
    let head = text.split(['[', ';', ' ']).next().unwrap_or(text);
    head.starts_with('.')
        || head.contains('/')
        || head.contains('\\')
        || head.contains("://")
        || is_windows_drive(head)
        || [".whl", ".zip", ".tar.gz", ".tgz", ".tar.bz2"]
            .iter()
            .any(|ext| head.ends_with(ext))
}

/// `C:\…` or `C:/…`.
pub fn is_windows_drive(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/')
}

/// pip expands `${NAME}` (upper-case letters, digits, `_`) from the environment.
fn env_var_names(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("${") {
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
                {
                    out.push(name.to_string());
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// `-r file`, `-rfile`, `--requirement=file`, `--requirement file`.
fn option_value(line: &str, names: &[&str]) -> Option<String> {
    for name in names {
        if let Some(rest) = line.strip_prefix(name) {
            let rest = if name.starts_with("--") {
                match rest.chars().next() {
                    Some('=') => &rest[1..],
                    Some(c) if c.is_whitespace() => rest,
                    _ => continue,
                }
            } else {
                rest.strip_prefix('=').unwrap_or(rest)
            };
            let value = rest.trim();
            if !value.is_empty() {
                return Some(value.to_string());
            }
        }
    }
    None
}

/// pip drops `#` comments that start a line or follow whitespace.
fn strip_comment(line: &str) -> String {
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) {
            return line[..i].to_string();
        }
    }
    line.to_string()
}

/// Joins `\`-continued lines; the span covers all physical lines joined.
/// Like pip, a comment line ends a continuation.
fn logical_lines(file: &SourceFile) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(Span, String)> = None;
    for (span, line) in file.lines() {
        let (continued, body) = match line.strip_suffix('\\') {
            Some(body) if !line.trim_start().starts_with('#') => (true, body),
            _ => (false, line),
        };
        let entry = match pending.take() {
            Some((start, mut text)) => {
                if body.trim_start().starts_with('#') {
                    // pip prefixes comment lines with a space so they stay comments.
                    text.push(' ');
                }
                text.push_str(body);
                (Span::new(start.start, span.end), text)
            }
            None => (span, body.to_string()),
        };
        if continued {
            pending = Some(entry);
        } else {
            out.push(entry);
        }
    }
    out.extend(pending);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (SourceFile, RequirementsFile) {
        let f = SourceFile::from_bytes("requirements.txt", text.as_bytes(), 0, false);
        let r = RequirementsFile::parse(&f);
        (f, r)
    }

    #[test]
    fn file_options_after_a_requirement_are_accepted() {
        let (_, r) = parse("psycopg2==2.8.5 --no-binary psycopg2\nlxml==5.3.0 --only-binary=:all: --pre\nx==1 --config-settings k=v --hash sha256:abc\ny==1 --bogus\n");
        assert_eq!(r.requirements.len(), 4);
        assert_eq!(r.requirements[2].hashes.len(), 1);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(r.errors[0].1.contains("--bogus"));
    }

    #[test]
    fn names_are_normalized_and_spans_exact() {
        let (f, r) = parse("# base\nDjango>=4.2,<5  # web\n\npsycopg2_binary==2.9.9\n");
        let names: Vec<_> = r.requirements.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["django", "psycopg2-binary"]);
        assert_eq!(f.slice(r.requirements[0].span), "Django>=4.2,<5");
    }

    #[test]
    fn includes_options_and_continuations() {
        let (_, r) = parse("-r base.txt\n--index-url https://x/simple\nflask==3.0.0 \\\n    --hash=sha256:abc \\\n    --hash sha256:def\n-e .\n-c constraints.txt\n");
        assert_eq!(r.includes[0].target, "base.txt");
        assert!(r.includes[1].constraint);
        assert_eq!(r.options[0].name, "--index-url");
        assert_eq!(r.requirements.len(), 2);
        assert_eq!(r.requirements[0].name, "flask");
        assert_eq!(r.requirements[0].hashes, ["sha256:abc", "sha256:def"]);
        assert!(r.requirements[1].editable);
        assert_eq!(r.requirements[1].location.as_deref(), Some("."));
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn urls_paths_extras_markers_and_env_vars() {
        let (_, r) = parse(concat!(
            "pkg @ https://example.com/p.zip#sha256=abc\n",
            "git+https://${GH_TOKEN}@github.com/o/lib.git#egg=My_Lib\n",
            "./vendor/thing\n",
            "uvicorn[standard]>=0.30 ; python_version >= \"3.9\"\n",
            "-e git+https://github.com/o/x.git#egg=xpkg\n",
        ));
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let names: Vec<_> = r.requirements.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["pkg", "my-lib", "", "uvicorn", "xpkg"]);
        assert_eq!(
            r.requirements[0].location.as_deref(),
            Some("https://example.com/p.zip#sha256=abc")
        );
        assert_eq!(r.requirements[1].env_vars, ["GH_TOKEN"]);
        let uvicorn = r.requirements[3].parsed.as_ref().unwrap();
        assert_eq!(uvicorn.extras[0].to_string(), "standard");
        assert!(!uvicorn.marker.is_true());
    }

    #[test]
    fn comment_line_ends_a_continuation() {
        let (_, r) = parse("flask==3.0\\\n# note \\\ndjango==5.2\n");
        let names: Vec<_> = r.requirements.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["flask", "django"]);
    }

    #[test]
    fn conflict_markers_are_noted_not_errors() {
        let (_, r) = parse("<<<<<<< HEAD\nflask==3.1\n=======\nflask==3.0\n>>>>>>> main\n");
        assert!(r.has_conflict_markers && r.errors.is_empty());
        assert_eq!(r.requirements.len(), 2);
    }

    #[test]
    fn invalid_lines_and_unknown_options_are_errors() {
        let (_, r) = parse("django>==4\n--frobnicate\nflask --bogus\n-r\n");
        assert_eq!(r.errors.len(), 4, "{:?}", r.errors);
        assert!(r.errors[3].1.contains("needs a value"), "{:?}", r.errors);
    }
}
