//! Platform configuration files, read for the start commands they give and
//! the folder they build: railway.json/railway.toml, nixpacks.toml,
//! render.yaml, .do/app.yaml, app.yaml (Google App Engine) and fly.toml.
//! Values keep their spans; parse errors are kept for PAAS701.

use toml::de::{DeTable, DeValue};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::model::CommandOrigin;
use crate::source::{SourceFile, Span};

/// A start command a platform file declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredCommand {
    pub origin: CommandOrigin,
    /// `web` unless the file names processes (fly.toml `[processes]`).
    pub process: String,
    pub text: String,
    pub span: Span,
    /// Exec form (a list): no shell.
    pub argv: Option<Vec<String>>,
    /// The folder (relative to the file's folder) the service builds, when the file says.
    pub root_dir: Option<String>,
    pub root_dir_span: Option<Span>,
}

#[derive(Debug, Clone, Default)]
pub struct PlatformFile {
    pub path: String,
    pub commands: Vec<DeclaredCommand>,
    /// app.yaml `runtime: python312`, or render.yaml's `PYTHON_VERSION` env var: text and span.
    pub python_version: Option<(String, Span)>,
    /// The file does not parse: span and the parser's message.
    pub error: Option<(Span, String)>,
}

/// The files read, by name relative to the folder they sit in.
pub const FILES: &[(&str, CommandOrigin)] = &[
    ("railway.json", CommandOrigin::RailwayJson),
    ("railway.toml", CommandOrigin::RailwayToml),
    ("nixpacks.toml", CommandOrigin::NixpacksToml),
    ("render.yaml", CommandOrigin::RenderYaml),
    (".do/app.yaml", CommandOrigin::DoAppYaml),
    ("app.yaml", CommandOrigin::AppYaml),
    ("fly.toml", CommandOrigin::FlyToml),
];

pub fn parse(file: &SourceFile, origin: CommandOrigin) -> PlatformFile {
    let mut out = PlatformFile {
        path: file.path.clone(),
        ..Default::default()
    };
    let result = match origin {
        CommandOrigin::RailwayJson => railway_json(file),
        CommandOrigin::RailwayToml | CommandOrigin::NixpacksToml | CommandOrigin::FlyToml => {
            toml_file(file, origin)
        }
        CommandOrigin::RenderYaml | CommandOrigin::DoAppYaml | CommandOrigin::AppYaml => {
            yaml_scalars(file).map(|scalars| {
                out.python_version = python_version(&scalars, origin);
                yaml_commands(&scalars, origin)
            })
        }
        _ => Ok(Vec::new()),
    };
    match result {
        Ok(commands) => out.commands = commands,
        Err(error) => out.error = Some(error),
    }
    out
}

fn command(origin: CommandOrigin, process: &str, text: String, span: Span) -> DeclaredCommand {
    DeclaredCommand {
        origin,
        process: process.to_string(),
        text,
        span,
        argv: None,
        root_dir: None,
        root_dir_span: None,
    }
}

fn railway_json(file: &SourceFile) -> Result<Vec<DeclaredCommand>, (Span, String)> {
    let value: serde_json::Value = serde_json::from_str(&file.text).map_err(|e| {
        let offset = offset_of_line_col(file, e.line(), e.column());
        (Span::new(offset, offset), e.to_string())
    })?;
    let Some(start) = value.pointer("/deploy/startCommand") else {
        return Ok(Vec::new());
    };
    let Some(text) = start.as_str() else {
        return Err((
            Span::default(),
            "deploy.startCommand must be a string".to_string(),
        ));
    };
    // serde_json keeps no positions: find the encoded string after its key.
    let encoded = serde_json::to_string(text).unwrap_or_default();
    let key = file.text.find("\"startCommand\"").unwrap_or(0);
    let span = file.text[key..]
        .find(&encoded)
        .map(|i| Span::new(key + i + 1, key + i + encoded.len() - 1))
        .unwrap_or_default();
    Ok(vec![command(
        CommandOrigin::RailwayJson,
        "web",
        text.to_string(),
        span,
    )])
}

fn offset_of_line_col(file: &SourceFile, line: usize, column: usize) -> usize {
    let start = file.line_span(line).start;
    (start + column.saturating_sub(1)).min(file.text.len())
}

fn toml_file(
    file: &SourceFile,
    origin: CommandOrigin,
) -> Result<Vec<DeclaredCommand>, (Span, String)> {
    let table = DeTable::parse(&file.text)
        .map(|t| t.into_inner())
        .map_err(|err| {
            let span = err
                .span()
                .map(|r| Span::new(r.start, r.end))
                .unwrap_or_default();
            (span, err.message().to_string())
        })?;
    let get = |section: &str, key: &str| {
        table
            .get(section)
            .and_then(|v| v.get_ref().as_table())
            .and_then(|t| t.get(key))
    };
    let mut out = Vec::new();
    let mut push_value = |process: &str, value: &toml::Spanned<DeValue>| {
        let r = value.span();
        let span = Span::new(r.start + 1, r.end.saturating_sub(1).max(r.start + 1));
        match value.get_ref() {
            DeValue::String(s) => out.push(command(origin, process, s.to_string(), span)),
            DeValue::Array(items) => {
                let argv: Vec<String> = items
                    .iter()
                    .filter_map(|i| match i.get_ref() {
                        DeValue::String(s) => Some(s.to_string()),
                        _ => None,
                    })
                    .collect();
                let mut c = command(origin, process, argv.join(" "), Span::new(r.start, r.end));
                c.argv = Some(argv);
                out.push(c);
            }
            _ => {}
        }
    };
    match origin {
        CommandOrigin::RailwayToml => {
            if let Some(v) = get("deploy", "startCommand") {
                push_value("web", v);
            }
        }
        CommandOrigin::NixpacksToml => {
            if let Some(v) = get("start", "cmd") {
                push_value("web", v);
            }
        }
        CommandOrigin::FlyToml => {
            if let Some(processes) = table.get("processes").and_then(|v| v.get_ref().as_table()) {
                for (name, value) in processes.iter() {
                    // Fly routes `[http_service]` to the `app` process by default.
                    let process = if name.get_ref() == "app" {
                        "web"
                    } else {
                        name.get_ref()
                    };
                    push_value(process, value);
                }
            } else if let Some(v) = get("experimental", "cmd") {
                push_value("web", v);
            }
        }
        _ => {}
    }
    Ok(out)
}

/// Scalars of a YAML document with their key path and position.
#[derive(Debug, Default)]
struct YamlScalars {
    stack: Vec<Frame>,
    scalars: Vec<(Vec<String>, String, Marker)>,
}

#[derive(Debug)]
enum Frame {
    Map {
        path: Vec<String>,
        key: Option<String>,
    },
    Seq {
        path: Vec<String>,
        index: usize,
    },
}

impl YamlScalars {
    /// The path a value at the current position gets, and the parent advanced.
    fn next_path(&mut self) -> Option<Vec<String>> {
        match self.stack.last_mut() {
            None => Some(Vec::new()),
            Some(Frame::Map { path, key }) => key.take().map(|k| {
                let mut p = path.clone();
                p.push(k);
                p
            }),
            Some(Frame::Seq { path, index }) => {
                let mut p = path.clone();
                p.push(index.to_string());
                *index += 1;
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for YamlScalars {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    if key.is_none() {
                        *key = Some(value);
                        return;
                    }
                }
                if let Some(path) = self.next_path() {
                    self.scalars.push((path, value, mark));
                }
            }
            Event::MappingStart(..) => {
                let path = self.next_path().unwrap_or_default();
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.next_path().unwrap_or_default();
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// A YAML scalar: its key path (`services`, `0`, `startCommand`), value and span.
pub type YamlScalar = (Vec<String>, String, Span);

/// Every scalar of a YAML file, or the parse error.
pub fn yaml_scalars(file: &SourceFile) -> Result<Vec<YamlScalar>, (Span, String)> {
    let mut receiver = YamlScalars::default();
    let mut parser = Parser::new_from_str(&file.text);
    parser.load(&mut receiver, false).map_err(|err| {
        let offset = char_to_byte(&file.text, err.marker().index());
        (Span::new(offset, offset), err.info().to_string())
    })?;
    Ok(receiver
        .scalars
        .into_iter()
        .map(|(path, value, mark)| (path, value, scalar_span(file, &mark)))
        .collect())
}

/// The scalar's text on its line: quotes and a trailing comment excluded.
fn scalar_span(file: &SourceFile, marker: &Marker) -> Span {
    let start = char_to_byte(&file.text, marker.index());
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    let raw = file.text[start..line_end].trim_end();
    let raw = raw.find(" #").map_or(raw, |i| &raw[..i]).trim_end();
    let (start, len) = match raw.chars().next() {
        Some(q @ ('"' | '\'')) => (start + 1, raw[1..].find(q).unwrap_or(raw.len() - 1)),
        _ => (start, raw.len()),
    };
    Span::new(start, start + len)
}

/// The Python version a YAML platform file names.
fn python_version(scalars: &[YamlScalar], origin: CommandOrigin) -> Option<(String, Span)> {
    match origin {
        CommandOrigin::AppYaml => scalars
            .iter()
            .find(|(p, v, _)| p.len() == 1 && p[0] == "runtime" && v.starts_with("python"))
            .map(|(_, v, s)| (v.clone(), *s)),
        CommandOrigin::RenderYaml => scalars
            .iter()
            .find(|(p, v, _)| p.last().is_some_and(|k| k == "key") && v == "PYTHON_VERSION")
            .and_then(|(p, _, _)| {
                let mut value_path = p.clone();
                *value_path.last_mut()? = "value".to_string();
                scalars.iter().find(|(q, _, _)| *q == value_path)
            })
            .map(|(_, v, s)| (v.clone(), *s)),
        _ => None,
    }
}

fn yaml_commands(scalars: &[YamlScalar], origin: CommandOrigin) -> Vec<DeclaredCommand> {
    let span_at = |span: &Span| *span;
    let find = |path: &[&str]| {
        scalars
            .iter()
            .find(|(p, _, _)| p.iter().map(String::as_str).eq(path.iter().copied()))
    };
    let mut out = Vec::new();
    match origin {
        CommandOrigin::AppYaml => {
            if let Some((_, value, mark)) = find(&["entrypoint"]) {
                out.push(command(origin, "web", value.clone(), span_at(mark)));
            }
        }
        CommandOrigin::RenderYaml | CommandOrigin::DoAppYaml => {
            let (list, cmd_key, root_key) = match origin {
                CommandOrigin::RenderYaml => ("services", "startCommand", "rootDir"),
                _ => ("services", "run_command", "source_dir"),
            };
            for i in 0.. {
                let index = i.to_string();
                let has_service = scalars.iter().any(|(p, _, _)| {
                    p.first().map(String::as_str) == Some(list) && p.get(1) == Some(&index)
                });
                if !has_service {
                    break;
                }
                if let Some((_, value, mark)) = find(&[list, &index, cmd_key]) {
                    let kind = find(&[list, &index, "type"]).map(|(_, v, _)| v.as_str());
                    let process = match kind {
                        Some("worker" | "cron" | "bwkr") => "worker",
                        _ => "web",
                    };
                    let mut c = command(origin, process, value.clone(), span_at(mark));
                    if let Some((_, v, span)) = find(&[list, &index, root_key]) {
                        c.root_dir = Some(v.trim_matches('/').to_string());
                        c.root_dir_span = Some(span_at(span));
                    }
                    out.push(c);
                }
            }
        }
        _ => {}
    }
    out
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(name, text.as_bytes(), 0, false)
    }

    #[test]
    fn railway_json_start_command_with_span() {
        let f = file("railway.json", "{\n  \"deploy\": {\n    \"startCommand\": \"hypercorn main:app --bind \\\"[::]:$PORT\\\"\"\n  }\n}\n");
        let p = parse(&f, CommandOrigin::RailwayJson);
        assert_eq!(
            p.commands[0].text,
            "hypercorn main:app --bind \"[::]:$PORT\""
        );
        assert!(f.slice(p.commands[0].span).starts_with("hypercorn"));
        let bad = parse(
            &file("railway.json", "{ \"deploy\": "),
            CommandOrigin::RailwayJson,
        );
        assert!(bad.error.is_some());
    }

    #[test]
    fn render_yaml_services_and_root_dir() {
        let text = "services:\n  - type: web\n    name: api\n    rootDir: backend\n    startCommand: \"gunicorn app:app\"  # serve\n  - type: worker\n    startCommand: celery -A tasks worker\n";
        let f = file("render.yaml", text);
        let p = parse(&f, CommandOrigin::RenderYaml);
        assert_eq!(p.commands.len(), 2);
        assert_eq!(p.commands[0].text, "gunicorn app:app");
        assert_eq!(f.slice(p.commands[0].span), "gunicorn app:app");
        assert_eq!(p.commands[0].root_dir.as_deref(), Some("backend"));
        assert_eq!(p.commands[1].process, "worker");
        assert_eq!(f.slice(p.commands[1].span), "celery -A tasks worker");
    }

    #[test]
    fn app_yaml_entrypoint_and_errors() {
        let f = file(
            "app.yaml",
            "runtime: python312\nentrypoint: gunicorn -b :$PORT main:app\n",
        );
        let p = parse(&f, CommandOrigin::AppYaml);
        assert_eq!(f.slice(p.commands[0].span), "gunicorn -b :$PORT main:app");
        assert_eq!(
            p.python_version.map(|(v, _)| v).as_deref(),
            Some("python312")
        );
        let f = file("render.yaml", "services:\n  - type: web\n    envVars:\n      - key: PYTHON_VERSION\n        value: 3.12.7\n");
        let p = parse(&f, CommandOrigin::RenderYaml);
        let (v, span) = p.python_version.unwrap();
        assert_eq!((v.as_str(), f.slice(span)), ("3.12.7", "3.12.7"));
        let bad = parse(&file("app.yaml", "a: [1\n"), CommandOrigin::AppYaml);
        assert!(bad.error.is_some());
    }

    #[test]
    fn fly_and_nixpacks_toml() {
        let f = file(
            "fly.toml",
            "app = 'x'\n[processes]\napp = \"gunicorn app:app\"\nworker = \"celery -A t worker\"\n",
        );
        let p = parse(&f, CommandOrigin::FlyToml);
        assert_eq!(p.commands[0].process, "web");
        assert_eq!(f.slice(p.commands[0].span), "gunicorn app:app");
        let f = file(
            "fly.toml",
            "[experimental]\ncmd = [\"uvicorn\", \"main:app\", \"--port\", \"$PORT\"]\n",
        );
        let p = parse(&f, CommandOrigin::FlyToml);
        assert_eq!(p.commands[0].argv.as_ref().map(Vec::len), Some(4));
        let f = file("nixpacks.toml", "[start]\ncmd = 'gunicorn app:app'\n");
        assert_eq!(
            parse(&f, CommandOrigin::NixpacksToml).commands[0].text,
            "gunicorn app:app"
        );
        let bad = parse(&file("fly.toml", "[processes\n"), CommandOrigin::FlyToml);
        assert!(bad.error.is_some());
    }
}
