//! Procfile reader. Heroku's grammar is line-based (`type: command`); Railway
//! (nixpacks, railpack) and Dokku's YAML mode read the same file as YAML, so
//! the model also records where a YAML reader would see something else.

use yaml_rust2::{Yaml, YamlLoader};

use crate::source::{SourceFile, Span};

/// One `type: command` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessEntry {
    /// The process type as written (before the colon), trimmed.
    pub name: String,
    pub name_span: Span,
    /// The command, trimmed; empty when nothing follows the colon.
    pub command: String,
    pub command_span: Span,
    pub line_span: Span,
}

/// A line that is neither blank, a comment, nor `type: command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine {
    pub span: Span,
    pub problem: BadLineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadLineKind {
    /// No colon at all.
    NoColon,
    /// Nothing before the colon.
    NoName,
    /// The text before the first colon has spaces, so it is a command
    /// missing its `type:` (`gunicorn app:app`).
    SpaceInName,
}

/// Where the YAML readers of Railway/Dokku would disagree with Heroku.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlDivergence {
    pub span: Span,
    pub detail: String,
}

#[derive(Debug, Clone, Default)]
pub struct Procfile {
    pub entries: Vec<ProcessEntry>,
    pub bad_lines: Vec<BadLine>,
    pub yaml_divergences: Vec<YamlDivergence>,
    /// The file holds merge-conflict markers (reported by PAAS902); both
    /// sides' lines are parsed as entries.
    pub has_conflict_markers: bool,
}

/// A line git writes around a merge conflict.
pub fn is_conflict_marker(line: &str) -> bool {
    line.starts_with("<<<<<<<") || line.starts_with("=======") || line.starts_with(">>>>>>>")
}

impl Procfile {
    pub fn parse(file: &SourceFile) -> Self {
        let mut procfile = Procfile::default();
        for (line_span, line) in file.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if is_conflict_marker(line) {
                procfile.has_conflict_markers = true;
                continue;
            }
            let lead = line.len() - line.trim_start().len();
            let Some(colon) = line.find(':') else {
                procfile.bad_lines.push(BadLine {
                    span: line_span,
                    problem: BadLineKind::NoColon,
                });
                continue;
            };
            let raw_name = &line[..colon];
            let name = raw_name.trim();
            if name.is_empty() {
                procfile.bad_lines.push(BadLine {
                    span: line_span,
                    problem: BadLineKind::NoName,
                });
                continue;
            }
            if name.contains(char::is_whitespace) {
                procfile.bad_lines.push(BadLine {
                    span: line_span,
                    problem: BadLineKind::SpaceInName,
                });
                continue;
            }
            let name_start = line_span.start + lead;
            let after = &line[colon + 1..];
            let cmd_lead = after.len() - after.trim_start().len();
            let command = after.trim();
            let cmd_start = line_span.start + colon + 1 + cmd_lead;
            procfile.entries.push(ProcessEntry {
                name: name.to_string(),
                name_span: Span::new(name_start, name_start + name.len()),
                command: command.to_string(),
                command_span: Span::new(cmd_start, cmd_start + command.len()),
                line_span,
            });
        }
        if !procfile.has_conflict_markers {
            procfile.yaml_divergences = yaml_divergences(file, &procfile.entries);
        }
        procfile
    }

    pub fn get(&self, name: &str) -> Option<&ProcessEntry> {
        // Heroku and the CNB keep the last of duplicate keys.
        self.entries.iter().rev().find(|e| e.name == name)
    }

    pub fn web(&self) -> Option<&ProcessEntry> {
        self.get("web")
    }
}

/// Process type rule of Heroku's Procfile buildpack and procfile-util:
/// lowercase letters, digits and `-`, starting and ending alphanumeric, at
/// most 63 characters.
pub fn process_type_problem(name: &str) -> Option<String> {
    if name.len() > 63 {
        return Some(format!(
            "is {} characters long; the limit is 63",
            name.chars().count()
        ));
    }
    let valid_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    if let Some(bad) = name.chars().find(|&c| !valid_char(c)) {
        return Some(format!(
            "contains `{bad}`; only lowercase letters, digits and `-` are allowed"
        ));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Some("starts or ends with `-`".to_string());
    }
    None
}

/// The name Heroku's CNB would correct a key to (lowercase, `_` to `-`), if
/// that correction yields a valid name.
pub fn corrected_process_type(name: &str) -> Option<String> {
    let fixed = name.to_ascii_lowercase().replace('_', "-");
    (fixed != name && process_type_problem(&fixed).is_none()).then_some(fixed)
}

fn yaml_divergences(file: &SourceFile, entries: &[ProcessEntry]) -> Vec<YamlDivergence> {
    let mut out = Vec::new();
    let docs = match YamlLoader::load_from_str(&file.text) {
        Ok(docs) => docs,
        Err(err) => {
            let marker = err.marker();
            let line = marker.line().max(1);
            out.push(YamlDivergence {
                span: file.line_span(line),
                detail: format!("a YAML reader stops here: {}", err.info()),
            });
            return out;
        }
    };
    let Some(doc) = docs.first() else {
        return out;
    };
    let Yaml::Hash(map) = doc else {
        if !entries.is_empty() {
            out.push(YamlDivergence {
                span: entries[0].line_span,
                detail: "a YAML reader sees no `type: command` mapping in this file".to_string(),
            });
        }
        return out;
    };
    for entry in entries {
        let value = map.get(&Yaml::String(entry.name.clone()));
        let expected = strip_shell_comment(&entry.command);
        let seen = match value {
            Some(Yaml::String(s)) => Some(s.clone()),
            Some(Yaml::Integer(i)) => Some(i.to_string()),
            Some(Yaml::Real(r)) => Some(r.clone()),
            Some(Yaml::Boolean(b)) => Some(b.to_string()),
            Some(Yaml::Null) => Some(String::new()),
            Some(_) => None,
            None => {
                out.push(YamlDivergence {
                    span: entry.line_span,
                    detail: format!("a YAML reader finds no process named `{}` here", entry.name),
                });
                continue;
            }
        };
        match seen {
            Some(s) if s.trim() == expected => {}
            Some(s) => out.push(YamlDivergence {
                span: entry.command_span,
                detail: format!("a YAML reader reads this command as `{}`", s.trim()),
            }),
            None => out.push(YamlDivergence {
                span: entry.command_span,
                detail: "a YAML reader reads this command as a list or mapping, not a string"
                    .to_string(),
            }),
        }
    }
    out
}

/// Drops an unquoted trailing ` # comment`, which both sh and YAML ignore.
fn strip_shell_comment(command: &str) -> &str {
    let bytes = command.as_bytes();
    let (mut single, mut double) = (false, false);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'#' if !single && !double && i > 0 && bytes[i - 1].is_ascii_whitespace() => {
                return command[..i].trim_end();
            }
            _ => {}
        }
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (SourceFile, Procfile) {
        let file = SourceFile::from_bytes("Procfile", text.as_bytes(), 0, false);
        let procfile = Procfile::parse(&file);
        (file, procfile)
    }

    #[test]
    fn reads_entries_with_spans() {
        let (file, p) =
            parse("web: gunicorn app:app\n# comment\n\nworker:  celery -A x worker  \n");
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].name, "web");
        assert_eq!(p.entries[0].command, "gunicorn app:app");
        assert_eq!(file.slice(p.entries[0].command_span), "gunicorn app:app");
        assert_eq!(file.slice(p.entries[1].name_span), "worker");
        assert_eq!(file.slice(p.entries[1].command_span), "celery -A x worker");
        assert!(p.bad_lines.is_empty());
        assert!(p.yaml_divergences.is_empty(), "{:?}", p.yaml_divergences);
    }

    #[test]
    fn command_keeps_later_colons() {
        let (_, p) = parse("web: gunicorn pkg.wsgi:application --bind 0.0.0.0:$PORT\n");
        assert_eq!(
            p.entries[0].command,
            "gunicorn pkg.wsgi:application --bind 0.0.0.0:$PORT"
        );
        assert!(p.yaml_divergences.is_empty(), "{:?}", p.yaml_divergences);
    }

    #[test]
    fn lines_without_colon_or_name_are_bad() {
        let (_, p) = parse("gunicorn app:app\n: x\n");
        assert!(p.entries.is_empty());
        assert_eq!(p.bad_lines[0].problem, BadLineKind::SpaceInName);
        assert_eq!(p.bad_lines[1].problem, BadLineKind::NoName);
        let (_, p) = parse("python server.py\n");
        assert_eq!(p.bad_lines[0].problem, BadLineKind::NoColon);
    }

    #[test]
    fn empty_command_is_an_entry_with_empty_command() {
        let (_, p) = parse("web:\n");
        assert_eq!(p.entries[0].command, "");
    }

    #[test]
    fn crlf_and_last_line_without_newline() {
        let (_, p) = parse("web: a\r\nworker: b");
        assert_eq!(p.entries[0].command, "a");
        assert_eq!(p.entries[1].command, "b");
    }

    #[test]
    fn last_duplicate_wins() {
        let (_, p) = parse("web: a\nweb: b\n");
        assert_eq!(p.web().map(|e| e.command.as_str()), Some("b"));
    }

    #[test]
    fn yaml_sees_no_space_after_colon_differently() {
        let (_, p) = parse("web:python server.py\n");
        assert_eq!(p.entries[0].command, "python server.py");
        assert_eq!(p.yaml_divergences.len(), 1);
    }

    #[test]
    fn yaml_chokes_on_colon_space_in_value() {
        let (_, p) = parse("web: echo a: b\n");
        assert_eq!(p.yaml_divergences.len(), 1, "{:?}", p.yaml_divergences);
    }

    #[test]
    fn yaml_strips_quotes() {
        let (_, p) = parse("web: \"gunicorn app:app\"\n");
        assert_eq!(p.yaml_divergences.len(), 1);
    }

    #[test]
    fn trailing_shell_comment_is_not_a_divergence() {
        let (_, p) = parse("web: gunicorn app:app # serve\n");
        assert!(p.yaml_divergences.is_empty(), "{:?}", p.yaml_divergences);
    }

    #[test]
    fn conflict_markers_are_not_entries_or_bad_lines() {
        let (_, p) = parse("<<<<<<< HEAD\nweb: a\n=======\nweb: b\n>>>>>>> x\n");
        assert!(p.has_conflict_markers);
        assert!(p.bad_lines.is_empty());
        assert_eq!(p.entries.len(), 2);
        assert!(p.yaml_divergences.is_empty());
    }

    #[test]
    fn process_type_rules() {
        assert!(process_type_problem("web").is_none());
        assert!(process_type_problem("celery-beat2").is_none());
        assert!(process_type_problem("Web").is_some());
        assert!(process_type_problem("celery_beat").is_some());
        assert!(process_type_problem("-web").is_some());
        assert!(process_type_problem(&"a".repeat(64)).is_some());
        assert!(process_type_problem(&"a".repeat(63)).is_none());
        assert_eq!(
            corrected_process_type("Celery_Beat").as_deref(),
            Some("celery-beat")
        );
        assert_eq!(corrected_process_type("web.1"), None);
    }
}
