//! Platform configuration files, read for the start commands they give, the
//! folder they build, the environment they set and the ports they route to:
//! railway.json/railway.toml, nixpacks.toml, render.yaml, .do/app.yaml,
//! app.yaml (Google App Engine), fly.toml, app.json and heroku.yml.
//! Values keep their spans; parse and type errors are kept for PAAS701.

use toml::de::{DeTable, DeValue};

use super::tree::{self, Kind, Tree};
use crate::source::{SourceFile, Span};

/// The kind of file a start command comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommandOrigin {
    Procfile,
    AppYaml,
    RenderYaml,
    FlyToml,
    RailwayJson,
    RailwayToml,
    NixpacksToml,
    DoAppYaml,
    AppJson,
    HerokuYml,
    /// The final stage's CMD/ENTRYPOINT of a Dockerfile or Containerfile.
    Dockerfile,
}

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

/// An environment variable a platform file sets for build or run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvVar {
    pub name: String,
    /// `None` when the file only declares it (app.json `required`, Render `sync: false`).
    pub value: Option<String>,
    /// The name's span.
    pub span: Span,
    pub value_span: Option<Span>,
}

#[derive(Debug, Clone)]
pub struct PlatformFile {
    pub path: String,
    pub origin: CommandOrigin,
    pub commands: Vec<DeclaredCommand>,
    /// app.yaml `runtime: python312`, or render.yaml's `PYTHON_VERSION` env var: text and span.
    pub python_version: Option<(String, Span)>,
    pub env: Vec<EnvVar>,
    /// app.json `buildpacks[].url`.
    pub buildpacks: Vec<(String, Span)>,
    /// Root folders (relative to the file's folder, `""` when the service names
    /// none) of services built from a Dockerfile: render.yaml `runtime: docker`,
    /// .do/app.yaml `dockerfile_path`.
    pub docker_roots: Vec<String>,
    /// Dockerfiles the file names, relative to the linted folder's root as the
    /// platform resolves them (heroku.yml `build.docker.*`, .do/app.yaml
    /// `dockerfile_path`: repository root; fly.toml `[build] dockerfile`,
    /// railway.json/toml `build.dockerfilePath`: the file's folder).
    pub dockerfiles: Vec<(String, Span)>,
    /// fly.toml `[http_service]` / `[[services]]` `internal_port`.
    pub internal_ports: Vec<(u16, Span)>,
    /// app.yaml `handlers[].static_dir` / `static_files`: folders or patterns
    /// App Engine serves itself, with their spans.
    pub static_handlers: Vec<(String, Span)>,
    /// The file does not parse: span and the parser's message.
    pub error: Option<(Span, String)>,
    /// It parses, but a value has the wrong type or form.
    pub problems: Vec<(Span, String)>,
}

impl PlatformFile {
    /// The folder this file's relative paths start from: its own folder, or
    /// for `.do/app.yaml` the folder that holds `.do`.
    pub fn base_folder(&self) -> &str {
        let folder = crate::discover::parent(&self.path);
        match self.origin {
            CommandOrigin::DoAppYaml => folder
                .strip_suffix(".do")
                .unwrap_or(folder)
                .trim_end_matches('/'),
            _ => folder,
        }
    }
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
    ("app.json", CommandOrigin::AppJson),
    ("heroku.yml", CommandOrigin::HerokuYml),
];

pub fn parse(file: &SourceFile, origin: CommandOrigin) -> PlatformFile {
    let mut out = PlatformFile {
        path: file.path.clone(),
        origin,
        commands: Vec::new(),
        python_version: None,
        env: Vec::new(),
        buildpacks: Vec::new(),
        docker_roots: Vec::new(),
        dockerfiles: Vec::new(),
        internal_ports: Vec::new(),
        static_handlers: Vec::new(),
        error: None,
        problems: Vec::new(),
    };
    let parsed = match origin {
        CommandOrigin::RailwayToml | CommandOrigin::NixpacksToml | CommandOrigin::FlyToml => {
            toml_file(file, origin, &mut out)
        }
        CommandOrigin::RailwayJson | CommandOrigin::AppJson => tree::json(file),
        CommandOrigin::RenderYaml
        | CommandOrigin::DoAppYaml
        | CommandOrigin::AppYaml
        | CommandOrigin::HerokuYml => tree::yaml(file),
        CommandOrigin::Procfile | CommandOrigin::Dockerfile => Ok(Tree::default()),
    };
    match parsed {
        Ok(tree) => match origin {
            CommandOrigin::RailwayJson => railway_json(&tree, &mut out),
            CommandOrigin::AppJson => app_json(&tree, &mut out),
            CommandOrigin::HerokuYml => heroku_yml(&tree, &mut out),
            CommandOrigin::RenderYaml | CommandOrigin::DoAppYaml | CommandOrigin::AppYaml => {
                out.python_version = python_version(&tree, origin);
                if origin == CommandOrigin::AppYaml {
                    out.static_handlers = static_handlers(&tree);
                }
                out.commands = yaml_commands(&tree, origin, &mut out.problems);
                out.env = yaml_env(&tree, origin);
                out.docker_roots = docker_roots(&tree, origin);
                if origin == CommandOrigin::DoAppYaml {
                    for list in ["services", "workers", "jobs"] {
                        for service in tree.children(&[list]) {
                            let Some(index) = service.path.get(1).map(String::as_str) else {
                                continue;
                            };
                            if let Some(node) = tree.str(&[list, index, "dockerfile_path"]) {
                                out.dockerfiles.push((node.value.clone(), node.span));
                            }
                        }
                    }
                }
            }
            _ => {}
        },
        Err(error) => out.error = Some(error),
    }
    out
}

/// Records a type problem when the node at `path` exists with another kind.
fn expect(tree: &Tree, path: &[&str], kinds: &[Kind], problems: &mut Vec<(Span, String)>) {
    if let Some(node) = tree.get(path) {
        if !kinds.contains(&node.kind) {
            let wanted: Vec<&str> = kinds.iter().map(|k| k.describe()).collect();
            problems.push((
                node.span,
                format!(
                    "`{}` must be {}, not {}",
                    path.join("."),
                    wanted.join(" or "),
                    node.kind.describe()
                ),
            ));
        }
    }
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

fn railway_json(tree: &Tree, out: &mut PlatformFile) {
    expect(
        tree,
        &["deploy", "startCommand"],
        &[Kind::Str],
        &mut out.problems,
    );
    if let Some(node) = tree.str(&["deploy", "startCommand"]) {
        out.commands.push(command(
            CommandOrigin::RailwayJson,
            "web",
            node.value.clone(),
            node.span,
        ));
    }
}

/// app.json (Heroku, Dokku): environment, buildpacks and the fields whose type Heroku checks.
fn app_json(tree: &Tree, out: &mut PlatformFile) {
    expect(tree, &[], &[Kind::Map], &mut out.problems);
    expect(tree, &["env"], &[Kind::Map], &mut out.problems);
    expect(tree, &["buildpacks"], &[Kind::Seq], &mut out.problems);
    expect(tree, &["scripts"], &[Kind::Map], &mut out.problems);
    expect(tree, &["formation"], &[Kind::Map], &mut out.problems);
    for var in tree.children(&["env"]) {
        let Some(name) = var.path.get(1).map(String::as_str) else {
            continue;
        };
        let value = match var.kind {
            Kind::Str | Kind::Number | Kind::Bool => Some(var),
            Kind::Map => tree.get(&["env", name, "value"]).filter(|n| n.is_scalar()),
            _ => None,
        };
        out.env.push(EnvVar {
            name: name.to_string(),
            value: value.map(|n| n.value.clone()),
            span: var.key_span.unwrap_or(var.span),
            value_span: value.map(|n| n.span),
        });
    }
    for pack in tree.children(&["buildpacks"]) {
        let Some(index) = pack.path.get(1) else {
            continue;
        };
        match tree.str(&["buildpacks", index, "url"]) {
            Some(url) => out.buildpacks.push((url.value.clone(), url.span)),
            None => out.problems.push((
                pack.span,
                format!("`buildpacks.{index}` must be an object with a `url` string"),
            )),
        }
    }
}

/// heroku.yml (container stack): `run.web` is a command string, or
/// `{command: [..], image: web}`; without it the Dockerfile's CMD runs.
fn heroku_yml(tree: &Tree, out: &mut PlatformFile) {
    expect(tree, &[], &[Kind::Map], &mut out.problems);
    expect(tree, &["run"], &[Kind::Map], &mut out.problems);
    expect(tree, &["build"], &[Kind::Map], &mut out.problems);
    for process in tree.children(&["run"]) {
        let Some(name) = process.path.get(1) else {
            continue;
        };
        let found = match process.kind {
            Kind::Str => Some(process),
            Kind::Map => {
                expect(
                    tree,
                    &["run", name, "command"],
                    &[Kind::Seq, Kind::Str],
                    &mut out.problems,
                );
                tree.str(&["run", name, "command", "0"])
                    .or_else(|| tree.str(&["run", name, "command"]))
            }
            _ => {
                out.problems.push((
                    process.span,
                    format!("`run.{name}` must be a command string or a mapping with `command`"),
                ));
                None
            }
        };
        if let Some(node) = found {
            out.commands.push(command(
                CommandOrigin::HerokuYml,
                name,
                node.value.clone(),
                node.span,
            ));
        }
    }
    for node in tree.children(&["build", "docker"]) {
        if node.kind == Kind::Str {
            out.dockerfiles.push((node.value.clone(), node.span));
        } else if let Some(process) = node.path.get(2) {
            // `web: {dockerfile: Dockerfile.web, target: ...}`
            if let Some(path) = tree.str(&["build", "docker", process, "dockerfile"]) {
                out.dockerfiles.push((path.value.clone(), path.span));
            }
        }
    }
    for (key, value) in tree
        .children(&["build", "config"])
        .filter_map(|n| Some((n.path.get(2)?, n)))
    {
        out.env.push(EnvVar {
            name: key.clone(),
            value: value.is_scalar().then(|| value.value.clone()),
            span: value.key_span.unwrap_or(value.span),
            value_span: value.is_scalar().then_some(value.span),
        });
    }
}

/// TOML platform files: commands go straight into `file_out`; the tree is empty.
fn toml_file(
    file: &SourceFile,
    origin: CommandOrigin,
    file_out: &mut PlatformFile,
) -> Result<Tree, (Span, String)> {
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
    if origin == CommandOrigin::FlyToml {
        fly_ports_and_env(&table, file_out);
    }
    let dockerfile = match origin {
        CommandOrigin::FlyToml => get("build", "dockerfile"),
        CommandOrigin::RailwayToml => get("build", "dockerfilePath"),
        _ => None,
    };
    if let Some(value) = dockerfile {
        if let DeValue::String(path) = value.get_ref() {
            let r = value.span();
            let span = Span::new(r.start + 1, r.end.saturating_sub(1).max(r.start + 1));
            file_out.dockerfiles.push((path.to_string(), span));
        }
    }
    file_out.commands = out;
    Ok(Tree::default())
}

/// fly.toml `[http_service] internal_port`, `[[services]] internal_port` and `[env]`.
fn fly_ports_and_env(table: &toml::de::DeTable, out: &mut PlatformFile) {
    let port = |value: &toml::Spanned<DeValue>| -> Option<(u16, Span)> {
        let r = value.span();
        match value.get_ref() {
            DeValue::Integer(i) => Some((i.as_str().parse().ok()?, Span::new(r.start, r.end))),
            _ => None,
        }
    };
    let mut services = Vec::new();
    if let Some(http) = table
        .get("http_service")
        .and_then(|v| v.get_ref().as_table())
    {
        services.push(http);
    }
    if let Some(DeValue::Array(list)) = table.get("services").map(|v| v.get_ref()) {
        services.extend(list.iter().filter_map(|v| v.get_ref().as_table()));
    }
    for service in &services {
        let Some(value) = service.get("internal_port") else {
            continue;
        };
        match port(value) {
            Some(p) => out.internal_ports.push(p),
            None => {
                let r = value.span();
                out.problems.push((
                    Span::new(r.start, r.end),
                    "`internal_port` must be a port number (an integer from 1 to 65535)"
                        .to_string(),
                ));
            }
        }
    }
    if let Some(env) = table.get("env").and_then(|v| v.get_ref().as_table()) {
        for (name, value) in env.iter() {
            let r = name.span();
            let v = value.span();
            let text = match value.get_ref() {
                DeValue::String(s) => Some(s.to_string()),
                DeValue::Integer(i) => Some(i.as_str().to_string()),
                _ => None,
            };
            out.env.push(EnvVar {
                name: name.get_ref().to_string(),
                value_span: text.as_ref().map(|_| Span::new(v.start, v.end)),
                value: text,
                span: Span::new(r.start, r.end),
            });
        }
    }
}

/// app.yaml `handlers[].static_dir` and `handlers[].static_files` values.
fn static_handlers(tree: &Tree) -> Vec<(String, Span)> {
    tree.nodes
        .iter()
        .filter(|n| {
            n.is_scalar()
                && n.path.len() == 3
                && n.path[0] == "handlers"
                && matches!(n.path[2].as_str(), "static_dir" | "static_files")
        })
        .map(|n| (n.value.clone(), n.span))
        .collect()
}

/// The Python version a YAML platform file names.
fn python_version(tree: &Tree, origin: CommandOrigin) -> Option<(String, Span)> {
    match origin {
        CommandOrigin::AppYaml => tree
            .str(&["runtime"])
            .filter(|n| n.value.starts_with("python"))
            .map(|n| (n.value.clone(), n.span)),
        CommandOrigin::RenderYaml => yaml_env(tree, origin)
            .into_iter()
            .find(|v| v.name == "PYTHON_VERSION")
            .and_then(|v| Some((v.value?, v.value_span?))),
        _ => None,
    }
}

/// Environment variables of render.yaml (`services[].envVars[]` and
/// `envVarGroups[].envVars[]`), .do/app.yaml (`envs[]`, `services[].envs[]`)
/// and app.yaml (`env_variables`).
fn yaml_env(tree: &Tree, origin: CommandOrigin) -> Vec<EnvVar> {
    let (list_key, name_key) = match origin {
        CommandOrigin::RenderYaml => ("envVars", "key"),
        CommandOrigin::DoAppYaml => ("envs", "key"),
        CommandOrigin::AppYaml => {
            return tree
                .children(&["env_variables"])
                .filter_map(|n| {
                    Some(EnvVar {
                        name: n.path.get(1)?.clone(),
                        value: n.is_scalar().then(|| n.value.clone()),
                        span: n.key_span.unwrap_or(n.span),
                        value_span: n.is_scalar().then_some(n.span),
                    })
                })
                .collect()
        }
        _ => return Vec::new(),
    };
    tree.nodes
        .iter()
        .filter(|n| {
            n.kind == Kind::Str
                && n.path.len() >= 3
                && n.path.last().is_some_and(|k| k == name_key)
                && n.path.get(n.path.len() - 3).is_some_and(|k| k == list_key)
        })
        .map(|n| {
            let mut value_path: Vec<&str> = n.path.iter().map(String::as_str).collect();
            value_path.pop();
            value_path.push("value");
            let value = tree.get(&value_path).filter(|v| v.is_scalar());
            EnvVar {
                name: n.value.clone(),
                value: value.map(|v| v.value.clone()),
                span: n.span,
                value_span: value.map(|v| v.span),
            }
        })
        .collect()
}

fn docker_roots(tree: &Tree, origin: CommandOrigin) -> Vec<String> {
    let root_key = match origin {
        CommandOrigin::RenderYaml => "rootDir",
        CommandOrigin::DoAppYaml => "source_dir",
        _ => return Vec::new(),
    };
    tree.children(&["services"])
        .filter_map(|service| {
            let index = service.path.get(1)?.as_str();
            let docker = match origin {
                CommandOrigin::RenderYaml => ["runtime", "env"].iter().any(|k| {
                    tree.str(&["services", index, k])
                        .is_some_and(|n| matches!(n.value.as_str(), "docker" | "image"))
                }),
                _ => tree.get(&["services", index, "dockerfile_path"]).is_some(),
            };
            docker.then(|| {
                tree.str(&["services", index, root_key])
                    .map(|n| n.value.trim_matches('/').to_string())
                    .unwrap_or_default()
            })
        })
        .collect()
}

fn yaml_commands(
    tree: &Tree,
    origin: CommandOrigin,
    problems: &mut Vec<(Span, String)>,
) -> Vec<DeclaredCommand> {
    let mut out = Vec::new();
    match origin {
        CommandOrigin::AppYaml => {
            expect(tree, &["entrypoint"], &[Kind::Str], problems);
            if let Some(node) = tree.str(&["entrypoint"]) {
                out.push(command(origin, "web", node.value.clone(), node.span));
            }
        }
        CommandOrigin::RenderYaml | CommandOrigin::DoAppYaml => {
            let (cmd_key, root_key) = match origin {
                CommandOrigin::RenderYaml => ("startCommand", "rootDir"),
                _ => ("run_command", "source_dir"),
            };
            expect(tree, &["services"], &[Kind::Seq], problems);
            if origin == CommandOrigin::RenderYaml {
                // Render's Blueprint spec: the service types it accepts.
                const TYPES: &[&str] = &["web", "pserv", "worker", "cron", "keyvalue", "redis"];
                for service in tree.children(&["services"]) {
                    let Some(index) = service.path.get(1).map(String::as_str) else {
                        continue;
                    };
                    if let Some(kind) = tree.str(&["services", index, "type"]) {
                        if !TYPES.contains(&kind.value.as_str()) {
                            problems.push((
                                kind.span,
                                format!(
                                    "service type `{}` is not one Render knows ({})",
                                    kind.value,
                                    TYPES.join(", ")
                                ),
                            ));
                        }
                    }
                }
            }
            // DigitalOcean keeps workers and jobs in their own lists.
            let lists: &[(&str, &str)] = match origin {
                CommandOrigin::DoAppYaml => &[
                    ("services", "web"),
                    ("workers", "worker"),
                    ("jobs", "worker"),
                ],
                _ => &[("services", "web")],
            };
            for (list, default_process) in lists {
                for service in tree.children(&[list]) {
                    let Some(index) = service.path.get(1).map(String::as_str) else {
                        continue;
                    };
                    expect(tree, &[list, index, cmd_key], &[Kind::Str], problems);
                    let Some(node) = tree.str(&[list, index, cmd_key]) else {
                        continue;
                    };
                    let kind = tree.str(&[list, index, "type"]).map(|n| n.value.as_str());
                    let process = match kind {
                        Some("worker" | "cron" | "bwkr" | "pserv") => "worker",
                        _ => default_process,
                    };
                    let mut c = command(origin, process, node.value.clone(), node.span);
                    if let Some(root) = tree.str(&[list, index, root_key]) {
                        c.root_dir = Some(root.value.trim_matches('/').to_string());
                        c.root_dir_span = Some(root.span);
                    }
                    out.push(c);
                }
            }
        }
        _ => {}
    }
    out
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
        let f = file(
            "app.yaml",
            "runtime: python312\nhandlers:\n  - url: /static\n    static_dir: staticfiles\n  - url: /.*\n    script: auto\n",
        );
        let p = parse(&f, CommandOrigin::AppYaml);
        let handlers: Vec<&str> = p
            .static_handlers
            .iter()
            .map(|(v, s)| {
                assert_eq!(f.slice(*s), v);
                v.as_str()
            })
            .collect();
        assert_eq!(handlers, ["staticfiles"]);
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

    #[test]
    fn app_json_env_buildpacks_and_type_problems() {
        let text = "{\n  \"env\": {\"WEB_CONCURRENCY\": \"3\", \"SECRET_KEY\": {\"generator\": \"secret\"}, \"PIP_USER\": {\"value\": \"1\"}},\n  \"buildpacks\": [{\"url\": \"heroku/python\"}, \"heroku/nodejs\"]\n}\n";
        let f = file("app.json", text);
        let p = parse(&f, CommandOrigin::AppJson);
        assert!(p.error.is_none());
        let names: Vec<_> = p
            .env
            .iter()
            .map(|v| (v.name.as_str(), v.value.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("WEB_CONCURRENCY", Some("3")),
                ("SECRET_KEY", None),
                ("PIP_USER", Some("1"))
            ]
        );
        assert_eq!(f.slice(p.env[2].span), "PIP_USER");
        assert_eq!(p.buildpacks.len(), 1);
        assert_eq!(f.slice(p.buildpacks[0].1), "heroku/python");
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
        let p = parse(&file("app.json", "{\"env\": []}"), CommandOrigin::AppJson);
        assert!(p.problems[0].1.contains("`env` must be a mapping"));
    }

    #[test]
    fn heroku_yml_run_commands() {
        let f = file(
            "heroku.yml",
            "build:\n  docker:\n    web: Dockerfile\n  config:\n    PYTHONHOME: /x\nrun:\n  web: gunicorn app:app --bind 0.0.0.0:$PORT\n  worker:\n    command:\n      - celery -A tasks worker\n    image: web\n",
        );
        let p = parse(&f, CommandOrigin::HerokuYml);
        assert_eq!(p.commands.len(), 2);
        assert_eq!(
            f.slice(p.commands[0].span),
            "gunicorn app:app --bind 0.0.0.0:$PORT"
        );
        assert_eq!(
            (p.commands[1].process.as_str(), p.commands[1].text.as_str()),
            ("worker", "celery -A tasks worker")
        );
        assert_eq!(p.env[0].name, "PYTHONHOME");
        let bad = parse(
            &file("heroku.yml", "run:\n  web:\n    - gunicorn app:app\n"),
            CommandOrigin::HerokuYml,
        );
        assert!(bad.commands.is_empty() && bad.problems.len() == 1);
    }

    #[test]
    fn base_folders() {
        let base = |path: &str, origin| parse(&file(path, ""), origin).base_folder().to_string();
        assert_eq!(base(".do/app.yaml", CommandOrigin::DoAppYaml), "");
        assert_eq!(base("web/.do/app.yaml", CommandOrigin::DoAppYaml), "web");
        assert_eq!(base("api/fly.toml", CommandOrigin::FlyToml), "api");
        assert_eq!(base("render.yaml", CommandOrigin::RenderYaml), "");
    }

    #[test]
    fn docker_services() {
        let f = file(
            "render.yaml",
            "services:\n  - type: web\n    runtime: docker\n    rootDir: api\n  - type: web\n    runtime: python\n",
        );
        assert_eq!(parse(&f, CommandOrigin::RenderYaml).docker_roots, ["api"]);
        let f = file(
            ".do/app.yaml",
            "services:\n  - name: web\n    dockerfile_path: Dockerfile\n",
        );
        let p = parse(&f, CommandOrigin::DoAppYaml);
        assert_eq!(p.docker_roots, [""]);
        assert_eq!(f.slice(p.dockerfiles[0].1), "Dockerfile");
        let f = file("heroku.yml", "build:\n  docker:\n    web: Dockerfile.web\n    worker:\n      dockerfile: worker/Dockerfile\n");
        let names: Vec<_> = parse(&f, CommandOrigin::HerokuYml)
            .dockerfiles
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["Dockerfile.web", "worker/Dockerfile"]);
        let f = file("fly.toml", "[build]\ndockerfile = \"Dockerfile.fly\"\n");
        let p = parse(&f, CommandOrigin::FlyToml);
        assert_eq!(f.slice(p.dockerfiles[0].1), "Dockerfile.fly");
    }

    #[test]
    fn fly_internal_ports_and_env() {
        let f = file(
            "fly.toml",
            "[env]\nPORT = \"8080\"\n[http_service]\ninternal_port = 8000\n[[services]]\ninternal_port = 9000\n",
        );
        let p = parse(&f, CommandOrigin::FlyToml);
        let ports: Vec<_> = p
            .internal_ports
            .iter()
            .map(|(n, s)| (*n, f.slice(*s)))
            .collect();
        assert_eq!(ports, [(8000, "8000"), (9000, "9000")]);
        assert_eq!(
            (p.env[0].name.as_str(), p.env[0].value.as_deref()),
            ("PORT", Some("8080"))
        );
    }
}
