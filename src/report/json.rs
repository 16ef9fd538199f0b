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
            data: &f.data,
        }
    }
}

pub fn render(project: &Project, findings: &[Finding]) -> String {
    let envelope = Envelope {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "paaslint",
            version: env!("CARGO_PKG_VERSION"),
        },
        apps: project.apps.iter().map(|a| a.display_root()).collect(),
        findings: findings.iter().map(JsonFinding::new).collect(),
        summary: Summary::of(findings),
    };
    let mut out = serde_json::to_string_pretty(&envelope).unwrap_or_else(|e| {
        // Serializing plain strings and numbers cannot fail; keep output valid JSON regardless.
        format!("{{\"error\": \"{e}\"}}")
    });
    out.push('\n');
    out
}
