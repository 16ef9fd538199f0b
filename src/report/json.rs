//! `--format json`: a versioned envelope. Fields are added, never removed;
//! `schema_version` changes only when a field changes meaning or goes away.

use serde::Serialize;

use super::Summary;
use crate::finding::Finding;
use crate::model::Project;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    tool: Tool,
    apps: Vec<&'a str>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    /// What paaslint understood of each start command.
    entry_points: Vec<EntryPointJson>,
    /// Readiness per platform: `{"heroku": {"ready": false, "blocking": ["PAAS201"]}}`.
    platforms: serde_json::Map<String, serde_json::Value>,
    /// Platforms the repository targets through its own files (Procfile, render.yaml, …).
    targets: Vec<&'static str>,
    /// The Django settings module read for each Django app, and why it was chosen.
    django_settings: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct EntryPointJson {
    app_root: String,
    process: String,
    path: String,
    line: usize,
    command: String,
    server: Option<&'static str>,
    target: Option<String>,
    /// `resolved`, `module-missing`, `outside-path`, `callable-missing`, `file`, `external`, `none`.
    outcome: &'static str,
    resolved_path: Option<String>,
    resolved_line: Option<usize>,
    app_kind: Option<String>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    app_root: &'a str,
    subject: Option<&'a str>,
    platforms: Vec<&'static str>,
    /// Present when the severity differs between the platforms affected.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    severity_by_platform: serde_json::Map<String, serde_json::Value>,
    data: &'a serde_json::Map<String, serde_json::Value>,
}

impl<'a> JsonFinding<'a> {
    pub fn new(f: &'a Finding) -> Self {
        Self {
            code: f.code,
            name: f.name,
            severity: f.severity.as_str(),
            message: &f.message,
            help: f.help.as_deref(),
            path: &f.location.path,
            line: f.location.line,
            column: f.location.column,
            end_line: f.location.end_line,
            end_column: f.location.end_column,
            app_root: &f.app_root,
            subject: f.subject.as_deref(),
            platforms: f.platforms.iter().map(|p| p.id()).collect(),
            severity_by_platform: if f.severity_on.is_empty() {
                serde_json::Map::new()
            } else {
                f.platforms
                    .iter()
                    .map(|p| (p.id().to_string(), f.severity_for(*p).as_str().into()))
                    .collect()
            },
            data: &f.data,
        }
    }
}

pub fn render(
    project: &Project,
    findings: &[Finding],
    verdicts: &[crate::verdict::Verdict],
    targets: &[crate::platform::Platform],
) -> String {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "paaslint",
            version: env!("CARGO_PKG_VERSION"),
        },
        apps: project.apps.iter().map(|a| a.display_root()).collect(),
        findings: findings.iter().map(JsonFinding::new).collect(),
        summary: Summary::of(findings),
        entry_points: entry_points(project),
        platforms: verdicts
            .iter()
            .map(|v| {
                (
                    v.platform.id().to_string(),
                    {
                        let mut o = serde_json::json!({
                            "ready": v.ready,
                            "blocking": v.blocking,
                            "warnings": v.warnings,
                            "python": v.python.first().map(|(root, t)| t.to_json(root)),
                            "python_by_app": v.python.iter().map(|(root, t)| t.to_json(root)).collect::<Vec<_>>(),
                        });
                        // Present only when the platform needs config vars.
                        if !v.needs_env_boot.is_empty() || !v.needs_env_build.is_empty() {
                            o["needs_env"] = serde_json::json!({"build": v.needs_env_build, "boot": v.needs_env_boot});
                        }
                        o
                    },
                )
            })
            .collect(),
        targets: targets.iter().map(|p| p.id()).collect(),
        django_settings: project
            .apps
            .iter()
            .filter_map(|app| {
                let s = app.django.as_ref()?;
                Some(serde_json::json!({
                    "app_root": app.display_root(),
                    "module": s.module,
                    "path": s.path,
                    "chosen_because": s.reason,
                    "files_read": s.files,
                }))
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&envelope).unwrap_or_else(|e| {
        // Serializing plain strings and numbers cannot fail; keep output valid JSON regardless.
        format!("{{\"error\": \"{e}\"}}")
    });
    out.push('\n');
    out
}

/// The envelope when no Python project was found: no apps, one error finding (PAAS101, the
/// refusal every builder makes: Heroku's detect step fails with "couldn't find any supported
/// Python project files"), and every platform not ready because of it.
pub fn render_no_project(reason: &str) -> String {
    let check = crate::checks::REGISTRY
        .iter()
        .find(|c| c.code == "PAAS101")
        .copied();
    let findings: Vec<Finding> = check
        .map(|check| Finding {
            code: check.code,
            name: check.name,
            severity: crate::finding::Severity::Error,
            message: format!("{reason}: no builder detects a Python app here"),
            help: Some("lint the folder that holds the app, or add its dependency manifest (requirements.txt, pyproject.toml with a lock, Pipfile with Pipfile.lock)".to_string()),
            label: None,
            location: crate::finding::Location::path_only("./"),
            related: Vec::new(),
            app_root: ".".to_string(),
            subject: None,
            platforms: check.platforms.to_vec(),
            severity_on: Vec::new(),
            data: serde_json::Map::new(),
        })
        .into_iter()
        .collect();
    let verdicts = crate::verdict::verdicts(&findings, &crate::platform::Platform::ALL, &[]);
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "paaslint",
            version: env!("CARGO_PKG_VERSION"),
        },
        apps: Vec::new(),
        findings: findings.iter().map(JsonFinding::new).collect(),
        summary: Summary::of(&findings),
        entry_points: Vec::new(),
        platforms: verdicts
            .iter()
            .map(|v| {
                (
                    v.platform.id().to_string(),
                    serde_json::json!({"ready": v.ready, "blocking": v.blocking, "warnings": v.warnings}),
                )
            })
            .collect(),
        targets: Vec::new(),
        django_settings: Vec::new(),
    };
    let mut out = serde_json::to_string_pretty(&envelope)
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    out
}

fn entry_points(project: &Project) -> Vec<EntryPointJson> {
    use crate::entry::{AppKind, Outcome};
    let mut out = Vec::new();
    for app in &project.apps {
        for (i, command) in app.commands.iter().enumerate() {
            let parsed = app.entry.commands.get(i);
            let resolution = app.entry.resolution(i);
            let line = project
                .file(&command.path)
                .map(|f| f.line_col(command.span.start).0)
                .unwrap_or(1);
            let (outcome, resolved_path, resolved_line, app_kind) =
                match resolution.map(|r| &r.outcome) {
                    Some(Outcome::Resolved {
                        file,
                        binding,
                        kind,
                        ..
                    }) => (
                        "resolved",
                        Some(file.clone()),
                        project.file(file).map(|f| f.line_col(binding.span.start).0),
                        Some(match kind {
                            AppKind::Wsgi(c) => format!("wsgi ({c})"),
                            AppKind::Asgi(c) => format!("asgi ({c})"),
                            AppKind::Factory => "factory".to_string(),
                            AppKind::Unknown => "unknown".to_string(),
                        }),
                    ),
                    Some(Outcome::FileFound { file }) => ("file", Some(file.clone()), None, None),
                    Some(Outcome::ModuleMissing { .. }) => ("module-missing", None, None, None),
                    Some(Outcome::OutsidePath { found, .. }) => {
                        ("outside-path", Some(found.clone()), None, None)
                    }
                    Some(Outcome::CallableMissing { file, .. }) => {
                        ("callable-missing", Some(file.clone()), None, None)
                    }
                    Some(Outcome::External) => ("external", None, None, None),
                    None => ("none", None, None, None),
                };
            out.push(EntryPointJson {
                app_root: app.display_root().to_string(),
                process: command.process.clone(),
                path: command.path.clone(),
                line,
                command: command.text.clone(),
                server: parsed.and_then(|p| p.server).map(|s| s.name()),
                target: resolution.map(|r| match &r.target.callable {
                    Some(c) => format!("{}:{c}", r.target.module),
                    None => r.target.module.clone(),
                }),
                outcome,
                resolved_path,
                resolved_line,
                app_kind,
            });
        }
    }
    out
}
