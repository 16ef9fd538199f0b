//! Dockerfile (and Containerfile) parsing, following BuildKit's grammar
//! (moby/buildkit frontend/dockerfile/parser/parser.go and
//! instructions/parse.go): parser directives (`# escape=`` ` ``), comment lines
//! removed also inside continuations, the escape character continuing a line,
//! heredocs (`<<EOF` … `EOF`, `<<-EOF` stripping tabs) on RUN/COPY/ADD, JSON
//! arrays for the exec form (anything that is not a JSON array of strings is
//! the shell form), and stages.

use crate::source::{SourceFile, Span};

/// `CMD`/`ENTRYPOINT` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandForm {
    /// `CMD ["gunicorn", "app:app"]`: run without a shell.
    Exec(Vec<String>),
    /// `CMD gunicorn app:app`: run by `/bin/sh -c`.
    Shell(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Upper-cased keyword.
    pub keyword: String,
    /// Everything after the keyword, continuation lines joined (without the escapes).
    pub args: String,
    /// The arguments' span in the file (from the first to the last line).
    pub span: Span,
    /// Heredoc bodies, in order.
    pub heredocs: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage {
    /// The image as written after `FROM` (ARGs substituted when they have a default).
    pub base: String,
    pub base_span: Span,
    /// `AS name`, lower-cased.
    pub name: Option<String>,
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Clone, Default)]
pub struct Dockerfile {
    pub path: String,
    pub stages: Vec<Stage>,
    /// `ARG`s before the first `FROM`, with their defaults.
    pub global_args: Vec<(String, Option<String>)>,
}

/// What the final stage starts and where, as the image runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCommand {
    /// Exec form (`None` when a shell runs `text`).
    pub argv: Option<Vec<String>>,
    /// The command as a shell line (the argv joined when exec form).
    pub text: String,
    pub span: Span,
    /// WORKDIR of the final stage, absolute (`/` when unset).
    pub workdir: String,
}

impl Dockerfile {
    pub fn parse(file: &SourceFile) -> Self {
        let mut out = Dockerfile {
            path: file.path.clone(),
            ..Default::default()
        };
        for instruction in instructions(&file.text) {
            match instruction.keyword.as_str() {
                "FROM" => {
                    let mut words = instruction
                        .args
                        .split_whitespace()
                        .filter(|w| !w.starts_with("--"));
                    let image = words.next().unwrap_or("").to_string();
                    let name = match (words.next(), words.next()) {
                        (Some(kw), Some(name)) if kw.eq_ignore_ascii_case("as") => {
                            Some(name.to_ascii_lowercase())
                        }
                        _ => None,
                    };
                    let base = substitute_args(&image, &out.global_args);
                    out.stages.push(Stage {
                        base,
                        base_span: instruction.span,
                        name,
                        instructions: Vec::new(),
                    });
                }
                "ARG" if out.stages.is_empty() => {
                    for word in instruction.args.split_whitespace() {
                        match word.split_once('=') {
                            Some((k, v)) => out
                                .global_args
                                .push((k.to_string(), Some(unquote(v).to_string()))),
                            None => out.global_args.push((word.to_string(), None)),
                        }
                    }
                }
                _ => {
                    if let Some(stage) = out.stages.last_mut() {
                        stage.instructions.push(instruction);
                    }
                }
            }
        }
        out
    }

    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The Python version of the final stage's base image, following
    /// `FROM earlier-stage`: `python:3.11-slim` → `3.11`; other images → `None`.
    pub fn python_version(&self) -> Option<(String, Span)> {
        let mut stage = self.final_stage()?;
        for _ in 0..self.stages.len() {
            let base = stage.base.to_ascii_lowercase();
            match self
                .stages
                .iter()
                .find(|s| s.name.as_deref() == Some(base.as_str()))
            {
                Some(earlier) if !std::ptr::eq(earlier, stage) => stage = earlier,
                _ => break,
            }
        }
        python_image_version(&stage.base).map(|v| (v, stage.base_span))
    }

    /// The final stage's start command: ENTRYPOINT and CMD combined as
    /// Docker runs them, with its WORKDIR.
    pub fn start_command(&self) -> Option<ImageCommand> {
        let stage = self.final_stage()?;
        let mut workdir = "/".to_string();
        let mut entrypoint: Option<(CommandForm, Span)> = None;
        let mut cmd: Option<(CommandForm, Span)> = None;
        for instruction in &stage.instructions {
            match instruction.keyword.as_str() {
                "WORKDIR" => workdir = join_abs(&workdir, unquote(instruction.args.trim())),
                "ENTRYPOINT" => {
                    entrypoint = Some((command_form(&instruction.args), instruction.span));
                    // Setting ENTRYPOINT resets a CMD inherited or given before it.
                    cmd = None;
                }
                "CMD" => cmd = Some((command_form(&instruction.args), instruction.span)),
                _ => {}
            }
        }
        let shell = |s: &str| vec!["/bin/sh".to_string(), "-c".to_string(), s.to_string()];
        let (argv, span) = match (entrypoint, cmd) {
            (Some((CommandForm::Shell(ep), span)), _) => (shell(&ep), span),
            (Some((CommandForm::Exec(mut ep), span)), Some((form, _))) => {
                match form {
                    CommandForm::Exec(args) => ep.extend(args),
                    CommandForm::Shell(s) => ep.extend(shell(&s)),
                }
                (ep, span)
            }
            (Some((CommandForm::Exec(ep), span)), None) => (ep, span),
            (None, Some((CommandForm::Shell(s), span))) => {
                return Some(ImageCommand {
                    argv: None,
                    text: s,
                    span,
                    workdir,
                })
            }
            (None, Some((CommandForm::Exec(args), span))) => (args, span),
            (None, None) => return None,
        };
        if argv.is_empty() {
            return None;
        }
        Some(ImageCommand {
            text: argv.join(" "),
            argv: Some(argv),
            span,
            workdir,
        })
    }

    /// The repository folder (relative to the build context) that ends up in
    /// `workdir`, from the final stage's `COPY`s: `COPY . /app` with
    /// `WORKDIR /app` is the context itself (`None`); `COPY src/ /app/` is
    /// `src`. `None` too when no COPY says.
    pub fn source_folder(&self, workdir: &str) -> Option<String> {
        let stage = self.final_stage()?;
        let mut current = "/".to_string();
        let mut found: Option<String> = None;
        for instruction in &stage.instructions {
            match instruction.keyword.as_str() {
                "WORKDIR" => current = join_abs(&current, unquote(instruction.args.trim())),
                "COPY" | "ADD" => {
                    let words: Vec<String> = match command_form(&instruction.args) {
                        CommandForm::Exec(argv) => argv,
                        CommandForm::Shell(s) => s.split_whitespace().map(str::to_string).collect(),
                    };
                    if words.iter().any(|w| w.starts_with("--from")) {
                        continue;
                    }
                    let paths: Vec<&String> =
                        words.iter().filter(|w| !w.starts_with("--")).collect();
                    let [source, dest] = paths.as_slice() else {
                        continue;
                    };
                    if source.contains(['*', '?', '$']) || source.starts_with("<<") {
                        continue;
                    }
                    let dest = join_abs(&current, dest);
                    let target = workdir.trim_end_matches('/');
                    let dest = dest.trim_end_matches('/');
                    let source = source.trim_start_matches("./").trim_end_matches('/');
                    let source = if source == "." { "" } else { source };
                    let inside = if target == dest {
                        Some(String::new())
                    } else {
                        target
                            .strip_prefix(dest)
                            .and_then(|rest| rest.strip_prefix('/'))
                            .map(str::to_string)
                    };
                    if let Some(rest) = inside {
                        let folder = [source, rest.as_str()]
                            .iter()
                            .filter(|p| !p.is_empty())
                            .copied()
                            .collect::<Vec<_>>()
                            .join("/");
                        found = Some(folder);
                    }
                }
                _ => {}
            }
        }
        found.filter(|f| !f.is_empty())
    }

    /// `EXPOSE`d ports and `ENV PORT` of the final stage.
    pub fn exposed_ports(&self) -> Vec<(String, Span)> {
        let Some(stage) = self.final_stage() else {
            return Vec::new();
        };
        stage
            .instructions
            .iter()
            .filter(|i| i.keyword == "EXPOSE")
            .flat_map(|i| {
                i.args
                    .split_whitespace()
                    .map(|p| (p.split('/').next().unwrap_or(p).to_string(), i.span))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// `ENV NAME=value` (and the legacy `ENV NAME value`) of the final stage.
    pub fn env(&self) -> Vec<(String, String)> {
        let Some(stage) = self.final_stage() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for i in stage.instructions.iter().filter(|i| i.keyword == "ENV") {
            let words = shlex::split(&i.args).unwrap_or_default();
            if words.first().is_some_and(|w| !w.contains('=')) {
                if let Some((name, rest)) = i.args.trim().split_once(char::is_whitespace) {
                    out.push((name.to_string(), unquote(rest.trim()).to_string()));
                }
                continue;
            }
            for word in words {
                if let Some((k, v)) = word.split_once('=') {
                    out.push((k.to_string(), v.to_string()));
                }
            }
        }
        out
    }
}

/// `python:3.11-slim`, `docker.io/library/python:3.12.4-bookworm`,
/// `python:3.13` → the major.minor; an image other than `python` → `None`.
pub fn python_image_version(image: &str) -> Option<String> {
    let image = image.split('@').next().unwrap_or(image);
    let (repository, tag) = image.rsplit_once(':')?;
    let name = repository.rsplit('/').next().unwrap_or(repository);
    if name != "python" || repository.contains("/") && !repository.ends_with("library/python") {
        return None;
    }
    let version = tag.split('-').next().unwrap_or(tag);
    let mut parts = version.split('.');
    let (major, minor) = (parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(major) && digits(minor)).then(|| format!("{major}.{minor}"))
}

/// `path` made absolute against `base`, `.` and `..` resolved.
fn join_abs(base: &str, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}/{path}")
    };
    format!("/{}", crate::discover::normalize_path(&joined))
}

fn substitute_args(image: &str, args: &[(String, Option<String>)]) -> String {
    let mut out = image.to_string();
    for (name, value) in args {
        if let Some(value) = value {
            out = out
                .replace(&format!("${{{name}}}"), value)
                .replace(&format!("${name}"), value);
        }
    }
    out
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// A JSON array of strings is the exec form; anything else the shell form.
pub fn command_form(args: &str) -> CommandForm {
    let trimmed = args.trim();
    if trimmed.starts_with('[') {
        if let Ok(argv) = serde_json::from_str::<Vec<String>>(trimmed) {
            return CommandForm::Exec(argv);
        }
    }
    CommandForm::Shell(trimmed.to_string())
}

/// The escape character from the parser directives at the top of the file.
fn escape_char(text: &str) -> char {
    for line in text.lines() {
        let trimmed = line.trim();
        let Some(directive) = trimmed.strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = directive.split_once('=') else {
            break;
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() || key.contains(char::is_whitespace) {
            break;
        }
        if key == "escape" {
            return match value.trim() {
                "`" => '`',
                _ => '\\',
            };
        }
    }
    '\\'
}

/// Every instruction of the file, continuation lines joined, comments and
/// heredoc bodies kept out of the arguments.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let escape = escape_char(text);
    // (byte offset, line without its newline)
    let mut lines = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        lines.push((offset, line));
        offset += raw.len();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        i += 1;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let lead = line.len() - trimmed.len();
        let mut joined = String::new();
        let mut end = start + line.len();
        let mut current = trimmed.to_string();
        loop {
            let body = current.trim_end();
            if let Some(stripped) = body.strip_suffix(escape) {
                joined.push_str(stripped);
                // Continue on the next line that is neither a comment nor empty.
                let mut next = None;
                while i < lines.len() {
                    let (s, l) = lines[i];
                    i += 1;
                    let t = l.trim_start();
                    if t.starts_with('#') || t.is_empty() {
                        continue;
                    }
                    next = Some((s, l));
                    break;
                }
                match next {
                    Some((s, l)) => {
                        end = s + l.len();
                        current = l.to_string();
                    }
                    None => break,
                }
            } else {
                joined.push_str(&current);
                break;
            }
        }
        let (keyword, args) = match joined.split_once(char::is_whitespace) {
            Some((k, a)) => (k.to_ascii_uppercase(), a.trim().to_string()),
            None => (joined.trim().to_ascii_uppercase(), String::new()),
        };
        let keyword_len = joined.len()
            - joined
                .trim_start_matches(|c: char| !c.is_whitespace())
                .len();
        let args_start = (start + lead + keyword_len + 1).min(end);
        let mut heredocs = Vec::new();
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (terminator, strip_tabs) in heredoc_terminators(&args) {
                let mut body = String::new();
                while i < lines.len() {
                    let (s, l) = lines[i];
                    i += 1;
                    end = s + l.len();
                    let candidate = if strip_tabs {
                        l.trim_start_matches('\t')
                    } else {
                        l
                    };
                    if candidate == terminator {
                        break;
                    }
                    body.push_str(candidate);
                    body.push('\n');
                }
                heredocs.push(body);
            }
        }
        out.push(Instruction {
            keyword,
            args,
            span: Span::new(args_start, end.max(args_start)),
            heredocs,
        });
    }
    out
}

/// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` in an instruction's arguments.
fn heredoc_terminators(args: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(pos) = rest.find("<<") {
        let after = &rest[pos + 2..];
        let (strip, after) = match after.strip_prefix('-') {
            Some(a) => (true, a),
            None => (false, after),
        };
        let word: String = after
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ';' && *c != '&' && *c != '|' && *c != '>')
            .collect();
        let name = word.trim_matches(|c| c == '"' || c == '\'');
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.push((name.to_string(), strip));
        }
        rest = &after[word.len().min(after.len())..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Dockerfile {
        Dockerfile::parse(&SourceFile::from_bytes(
            "Dockerfile",
            text.as_bytes(),
            text.len() as u64,
            false,
        ))
    }

    #[test]
    fn stages_continuations_and_exec_form() {
        let d = parse("ARG PY=3.12\nFROM python:${PY}-slim AS build\nRUN pip install \\\n  # a comment inside\n  -r requirements.txt\nFROM build\nWORKDIR /app\nWORKDIR src\nEXPOSE 8000/tcp\nENV PORT=8000 DEBUG=0\nCMD [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:app\"]\n");
        assert_eq!(d.stages.len(), 2);
        assert_eq!(d.stages[0].base, "python:3.12-slim");
        assert_eq!(
            d.stages[0].instructions[0].args,
            "pip install   -r requirements.txt"
        );
        assert_eq!(d.python_version().map(|v| v.0).as_deref(), Some("3.12"));
        let c = d.start_command().unwrap();
        assert_eq!(c.argv.as_ref().unwrap()[0], "gunicorn");
        assert_eq!(c.workdir, "/app/src");
        assert_eq!(d.exposed_ports()[0].0, "8000");
        assert!(d.env().contains(&("PORT".to_string(), "8000".to_string())));
    }

    #[test]
    fn entrypoint_and_cmd_combine() {
        let d = parse("FROM python:3.11\nENTRYPOINT [\"uvicorn\"]\nCMD [\"main:app\", \"--host\", \"0.0.0.0\"]\n");
        assert_eq!(
            d.start_command().unwrap().argv.unwrap(),
            ["uvicorn", "main:app", "--host", "0.0.0.0"]
        );
        let d = parse("FROM python:3.11\nCMD uvicorn main:app --port $PORT\n");
        let c = d.start_command().unwrap();
        assert_eq!(c.argv, None);
        assert_eq!(c.text, "uvicorn main:app --port $PORT");
        // Not a JSON array of strings: the shell form.
        let d = parse("FROM python:3.11\nCMD [gunicorn, app:app]\n");
        assert_eq!(d.start_command().unwrap().argv, None);
        let d = parse("FROM python:3.11\nENTRYPOINT gunicorn app:app\nCMD [\"ignored\"]\n");
        assert_eq!(
            d.start_command().unwrap().argv.unwrap(),
            ["/bin/sh", "-c", "gunicorn app:app"]
        );
    }

    #[test]
    fn escape_directive_and_heredocs() {
        let d = parse("# escape=`\nFROM python:3.13-alpine\nRUN <<EOF\nset -e\nCMD not an instruction\nEOF\nCMD gunicorn `\n  app:app\n");
        let stage = d.final_stage().unwrap();
        assert_eq!(stage.instructions.len(), 2);
        assert_eq!(
            stage.instructions[0].heredocs[0],
            "set -e\nCMD not an instruction\n"
        );
        assert_eq!(d.start_command().unwrap().text, "gunicorn   app:app");
        assert_eq!(d.python_version().map(|v| v.0).as_deref(), Some("3.13"));
    }

    #[test]
    fn source_folder_from_copies() {
        let d = parse("FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nCMD x\n");
        assert_eq!(d.source_folder("/app"), None);
        let d = parse("FROM python:3.12\nWORKDIR /app\nCOPY ./src/ /app/\nCMD x\n");
        assert_eq!(d.source_folder("/app").as_deref(), Some("src"));
        let d = parse("FROM python:3.12\nCOPY . /code\nWORKDIR /code/backend\nCMD x\n");
        assert_eq!(d.source_folder("/code/backend").as_deref(), Some("backend"));
        let d =
            parse("FROM python:3.12 AS b\nFROM python:3.12\nCOPY --from=b /x /app\nWORKDIR /app\n");
        assert_eq!(d.source_folder("/app"), None);
    }

    #[test]
    fn python_image_versions() {
        assert_eq!(
            python_image_version("python:3.11-slim").as_deref(),
            Some("3.11")
        );
        assert_eq!(
            python_image_version("docker.io/library/python:3.12.4-bookworm").as_deref(),
            Some("3.12")
        );
        assert_eq!(python_image_version("python:3"), None);
        assert_eq!(python_image_version("python:latest"), None);
        assert_eq!(python_image_version("ubuntu:22.04"), None);
        assert_eq!(
            python_image_version("ghcr.io/astral-sh/uv:python3.12-bookworm"),
            None
        );
    }

    #[test]
    fn spans_are_slices_of_the_file() {
        let text = "FROM python:3.11\nCMD [\"gunicorn\", \\\n  \"app:app\"]\n";
        let d = parse(text);
        let c = d.start_command().unwrap();
        assert_eq!(
            &text[c.span.start..c.span.end],
            "[\"gunicorn\", \\\n  \"app:app\"]"
        );
    }
}
