//! pip requirements files. Requirement strings go through `pep508_rs`;
//! this module only handles pip's line format around them (comments,
//! continuations, options).

use std::str::FromStr;

use uv_pep508::{Requirement as Pep508Requirement, VersionOrUrl};

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone)]
pub struct Requirement {
    /// PEP 503-normalized name (`django`, `psycopg2-binary`).
    pub name: String,
    /// The requirement text as written (without comment), e.g. `Django>=4.2`.
    pub text: String,
    pub span: Span,
    pub parsed: Pep508Requirement,
    pub editable: bool,
}

impl Requirement {
    pub fn specifiers(&self) -> Option<&uv_pep440::VersionSpecifiers> {
        match &self.parsed.version_or_url {
            Some(VersionOrUrl::VersionSpecifier(s)) => Some(s),
            _ => None,
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

/// A line pip would accept that is not a requirement (`--index-url …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionLine {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, Default)]
pub struct RequirementsFile {
    pub path: String,
    pub requirements: Vec<Requirement>,
    pub includes: Vec<Include>,
    pub options: Vec<OptionLine>,
    /// Lines that are not valid requirements, with pip-like reasons.
    pub errors: Vec<(Span, String)>,
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
            let lead = line.len() - line.trim_start().len();
            let span = Span::new(
                span.start + lead,
                (span.start + lead + trimmed.len()).min(span.end),
            );
            if let Some(target) = option_value(trimmed, &["-r", "--requirement"]) {
                out.includes.push(Include {
                    target,
                    constraint: false,
                    span,
                });
            } else if let Some(target) = option_value(trimmed, &["-c", "--constraint"]) {
                out.includes.push(Include {
                    target,
                    constraint: true,
                    span,
                });
            } else if let Some(target) = option_value(trimmed, &["-e", "--editable"]) {
                out.push_requirement(&target, span, true);
            } else if trimmed.starts_with('-') {
                out.options.push(OptionLine {
                    text: trimmed.to_string(),
                    span,
                });
            } else {
                // Per-requirement options (`--hash=…`) follow the requirement.
                let requirement = trimmed.split(" --").next().unwrap_or(trimmed).trim();
                out.push_requirement(requirement, span, false);
            }
        }
        out
    }

    fn push_requirement(&mut self, text: &str, span: Span, editable: bool) {
        match Pep508Requirement::from_str(text) {
            Ok(parsed) => self.requirements.push(Requirement {
                name: parsed.name.to_string(),
                text: text.to_string(),
                span,
                parsed,
                editable,
            }),
            // Paths and bare URLs (`-e .`, `./pkg`) are valid pip lines without a PEP 508 name.
            Err(_) if editable || looks_like_path_or_url(text) => {}
            Err(err) => self.errors.push((span, err.message.to_string())),
        }
    }

    pub fn get(&self, normalized_name: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.name == normalized_name)
    }
}

fn looks_like_path_or_url(text: &str) -> bool {
    text.starts_with('.') || text.starts_with('/') || text.contains("://") || text.ends_with(".whl")
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
fn logical_lines(file: &SourceFile) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(Span, String)> = None;
    for (span, line) in file.lines() {
        let (continued, body) = match line.strip_suffix('\\') {
            Some(body) => (true, body),
            None => (false, line),
        };
        let entry = match pending.take() {
            Some((start, mut text)) => {
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
    fn names_are_normalized_and_spans_exact() {
        let (f, r) = parse("# base\nDjango>=4.2,<5  # web\n\npsycopg2_binary==2.9.9\n");
        let names: Vec<_> = r.requirements.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["django", "psycopg2-binary"]);
        assert_eq!(f.slice(r.requirements[0].span), "Django>=4.2,<5");
    }

    #[test]
    fn includes_options_and_continuations() {
        let (_, r) = parse("-r base.txt\n--index-url https://x/simple\nflask==3.0.0 \\\n    --hash=sha256:abc\n-e .\n");
        assert_eq!(r.includes[0].target, "base.txt");
        assert_eq!(r.options.len(), 1);
        assert_eq!(r.requirements.len(), 1);
        assert_eq!(r.requirements[0].name, "flask");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }

    #[test]
    fn url_fragment_hash_is_not_a_comment() {
        let (_, r) = parse("pkg @ https://example.com/p.zip#sha256=abc\n");
        assert_eq!(r.requirements[0].name, "pkg");
    }

    #[test]
    fn invalid_lines_are_errors() {
        let (_, r) = parse("django>==4\n");
        assert_eq!(r.errors.len(), 1);
    }
}
