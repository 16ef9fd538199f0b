//! Layer `run`: inline `# paaslint: ignore[…]` comments applied to the findings.
//!
//! Inline suppression: `# paaslint: ignore[PAAS205,PAAS209] reason` on a
//! finding's line or the line above. Comments are found with each format's
//! own tokenizer, in the files the model already read: Python (ruff's
//! tokens), TOML (toml_parser's lexer), requirements files (pip's comment
//! rule) and Procfiles (whole-line comments).
//!
//! A suppression that suppresses nothing is reported as PAAS910.

use crate::finding::{Finding, Location};
use crate::model::Project;
use crate::source::{SourceFile, Span};

/// One code inside one suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub path: String,
    /// The comment's line; it covers this line and the next.
    pub line: usize,
    /// The code as written (a code or a code prefix).
    pub code: String,
    /// Where the code is written, for PAAS910.
    pub span: Span,
}

/// Findings after suppression.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Finding>,
    pub suppressed: usize,
    /// PAAS910 findings for suppressions that matched nothing.
    pub unused: Vec<Finding>,
}

/// How a file marks comments, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Python,
    Toml,
    Requirements,
    Procfile,
    /// render.yaml, app.yaml, .do/app.yaml: yaml-rust2 drops comments, so they
    /// are found lexically: `#` after whitespace, outside quoted scalars.
    Yaml,
}

fn syntax_of(path: &str) -> Option<Syntax> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with(".py") {
        Some(Syntax::Python)
    } else if name.ends_with(".toml") || name == "Pipfile" {
        Some(Syntax::Toml)
    } else if name.ends_with(".txt") || name.ends_with(".in") {
        Some(Syntax::Requirements)
    } else if name == "Procfile" || name.starts_with("Procfile.") {
        Some(Syntax::Procfile)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(Syntax::Yaml)
    } else {
        None
    }
}

/// Byte spans of the comments in `file`, each starting at its `#`.
fn comments(project: &Project, file: &SourceFile, syntax: Syntax) -> Vec<Span> {
    match syntax {
        Syntax::Python => project
            .python_module(&file.path)
            .map(|m| m.comments.clone())
            .unwrap_or_default(),
        _ => text_comments(&file.text, syntax),
    }
}

/// Comments of the formats that need no parsed model.
fn text_comments(text: &str, syntax: Syntax) -> Vec<Span> {
    match syntax {
        Syntax::Python => Vec::new(),
        Syntax::Toml => toml_parser::Source::new(text)
            .lex()
            .filter(|t| t.kind() == toml_parser::lexer::TokenKind::Comment)
            .map(|t| Span::new(t.span().start(), t.span().end()))
            .collect(),
        Syntax::Yaml => {
            let mut out = Vec::new();
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                let (mut single, mut double) = (false, false);
                let mut prev_space = true;
                for (i, c) in body.char_indices() {
                    match c {
                        '\'' if !double => single = !single,
                        '"' if !single => double = !double,
                        '#' if !single && !double && prev_space => {
                            out.push(Span::new(offset + i, offset + body.len()));
                            break;
                        }
                        _ => {}
                    }
                    prev_space = c.is_whitespace();
                }
                offset += line.len();
            }
            out
        }
        Syntax::Requirements | Syntax::Procfile => {
            let mut out = Vec::new();
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                let hash = if syntax == Syntax::Procfile {
                    // Procfile readers skip whole-line comments only.
                    body.find(|c: char| !c.is_whitespace())
                        .filter(|&i| body[i..].starts_with('#'))
                } else {
                    // pip: `#` at the start of a line or after whitespace.
                    body.char_indices()
                        .find(|&(i, c)| {
                            c == '#' && (i == 0 || body[..i].ends_with(|p: char| p.is_whitespace()))
                        })
                        .map(|(i, _)| i)
                };
                if let Some(i) = hash {
                    out.push(Span::new(offset + i, offset + body.len()));
                }
                offset += line.len();
            }
            out
        }
    }
}

/// Parses the suppressions in one comment (`# paaslint: ignore[A,B] reason`).
/// Another comment may precede it: `# noqa  # paaslint: ignore[A]`.
fn parse_comment(text: &str, start: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(found) = text[search..].find("paaslint:") {
        let marker = search + found;
        search = marker + "paaslint:".len();
        // Only directly after a `#` (and spaces), so prose mentioning paaslint does not count.
        let before = text[..marker].trim_end_matches([' ', '\t']);
        if !before.ends_with('#') {
            continue;
        }
        let rest = &text[search..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let Some(list) = trimmed.strip_prefix("ignore[") else {
            continue;
        };
        let Some(close) = list.find(']') else {
            continue;
        };
        let list_start = search + (rest.len() - trimmed.len()) + "ignore[".len();
        let mut pos = list_start;
        for part in list[..close].split(',') {
            let code = part.trim();
            let lead = part.len() - part.trim_start().len();
            if !code.is_empty() {
                let at = start + pos + lead;
                out.push((code.to_string(), Span::new(at, at + code.len())));
            }
            pos += part.len() + 1;
        }
    }
    out
}

/// Every suppression in the files the model read.
pub fn collect(project: &Project) -> Vec<Suppression> {
    let mut out = Vec::new();
    for file in project.files.values() {
        let Some(syntax) = syntax_of(&file.path) else {
            continue;
        };
        for comment in comments(project, file, syntax) {
            let Some(text) = file.text.get(comment.start..comment.end) else {
                continue;
            };
            let line = file.line_col(comment.start).0;
            for (code, span) in parse_comment(text, comment.start) {
                out.push(Suppression {
                    path: file.path.clone(),
                    line,
                    code,
                    span,
                });
            }
        }
    }
    out
}

fn covers(s: &Suppression, f: &Finding) -> bool {
    s.path == f.location.path
        && (f.location.line == s.line || f.location.line == s.line + 1)
        && f.code.starts_with(&s.code.to_ascii_uppercase())
}

/// Drops suppressed findings and reports unused suppressions. `enabled`
/// says whether a code runs: a suppression for a check that is switched
/// off is not stale, so it is not reported.
pub fn apply(project: &Project, findings: Vec<Finding>, enabled: &dyn Fn(&str) -> bool) -> Outcome {
    let suppressions = collect(project);
    let mut used = vec![false; suppressions.len()];
    let mut outcome = Outcome::default();
    for finding in findings {
        let mut hit = false;
        for (i, s) in suppressions.iter().enumerate() {
            if covers(s, &finding) {
                used[i] = true;
                hit = true;
            }
        }
        if hit {
            outcome.suppressed += 1;
        } else {
            outcome.kept.push(finding);
        }
    }
    let check = &crate::checks::unused_suppression::CHECK;
    if !enabled(check.code) {
        return outcome;
    }
    for (s, used) in suppressions.iter().zip(used) {
        if used {
            continue;
        }
        let known =
            crate::config::check_selector(&s.code).is_ok() && !s.code.eq_ignore_ascii_case("ALL");
        if known
            && !crate::checks::REGISTRY
                .iter()
                .any(|c| c.code.starts_with(&s.code.to_ascii_uppercase()) && enabled(c.code))
        {
            continue;
        }
        let Some(file) = project.file(&s.path) else {
            continue;
        };
        let message = if known {
            format!(
                "`paaslint: ignore[{}]` suppresses nothing: no {} finding on line {} or {}",
                s.code,
                s.code,
                s.line,
                s.line + 1
            )
        } else {
            format!("`{}` in a suppression comment is not a check code", s.code)
        };
        let finding = Finding {
            code: check.code,
            name: check.name,
            severity: check.severity,
            message,
            help: Some(format!(
                "remove `{}` from the comment (or the whole comment if it lists nothing else)",
                s.code
            )),
            label: Some("suppresses nothing".to_string()),
            location: Location::in_file(file, s.span),
            related: Vec::new(),
            app_root: project
                .app_of(&s.path)
                .map(|a| a.display_root().to_string())
                .unwrap_or_else(|| ".".to_string()),
            subject: Some(format!("{}:{}", s.code, s.line)),
            platforms: check.platforms.to_vec(),
            severity_on: Vec::new(),
            data: serde_json::Map::new(),
        };
        outcome.unused.push(finding);
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        parse_comment(text, 0).into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn reads_codes_and_their_spans() {
        let text = "# paaslint: ignore[PAAS205, PAAS209] legacy file";
        let parsed = parse_comment(text, 10);
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].0, "PAAS205");
        assert_eq!(
            &text[parsed[1].1.start - 10..parsed[1].1.end - 10],
            "PAAS209"
        );
    }

    #[test]
    fn needs_the_hash_and_the_brackets() {
        assert_eq!(codes("#paaslint:ignore[PAAS110]"), ["PAAS110"]);
        assert_eq!(
            codes("# noqa: E501  # paaslint: ignore[PAAS110]"),
            ["PAAS110"]
        );
        assert!(codes("# see paaslint: ignore[PAAS110]").is_empty());
        assert!(codes("# paaslint: ignore PAAS110").is_empty());
        assert!(codes("# paaslint: ignore[PAAS110").is_empty());
    }

    #[test]
    fn comments_follow_each_format() {
        let found = |text: &str, syntax| {
            text_comments(text, syntax)
                .into_iter()
                .map(|s| text[s.start..s.end].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("a#b\nflask # x\n# y\n", Syntax::Requirements),
            ["# x", "# y"]
        );
        assert_eq!(found("a = \"# no\" # yes\n", Syntax::Toml), ["# yes"]);
        assert_eq!(found("web: x # no\n  # yes\n", Syntax::Procfile), ["# yes"]);
        assert_eq!(
            found(
                "a: \"x # no\"  # yes\nb: c#no\n# top\nd: 'it''s # no'\n",
                Syntax::Yaml
            ),
            ["# yes", "# top"]
        );
    }
}
