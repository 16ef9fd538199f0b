//! Layer `base`: what a finding is (code, severity, location), as checks return it.
//!
//! The finding model every check returns and every report serializes.

use serde::Serialize;

use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Where a finding points. `span` is `None` for a finding about a folder or a
/// missing file; line and column are then 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Relative to the linted folder, `/`-separated; a folder ends with `/`.
    pub path: String,
    pub span: Option<Span>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub fn in_file(file: &SourceFile, span: Span) -> Self {
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end);
        Self {
            path: file.path.clone(),
            span: Some(span),
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// Line 1 of a file, for findings about the file as a whole.
    pub fn file_start(file: &SourceFile) -> Self {
        Self::in_file(file, file.first_line_span())
    }

    /// A folder or a path with no source to show.
    pub fn path_only(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            span: None,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        }
    }
}

/// A secondary place shown with a finding (e.g. the first of two duplicates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The fix, as an instruction.
    pub help: Option<String>,
    /// Text under the primary span in human output.
    pub label: Option<String>,
    pub location: Location,
    pub related: Vec<Related>,
    /// App root this finding belongs to, relative, `.` for the linted folder.
    pub app_root: String,
    /// A stable subject (package name, process type…) so CI can follow a
    /// finding across line moves.
    pub subject: Option<String>,
    /// Platforms where this problem breaks or matters.
    pub platforms: Vec<crate::platform::Platform>,
    /// Platforms where the severity differs from `severity` (their profile says so).
    pub severity_on: Vec<(crate::platform::Platform, Severity)>,
    /// Check-specific data for machine formats.
    pub data: serde_json::Map<String, serde_json::Value>,
}

impl Finding {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(crate::escape::clip(help.into()));
        self
    }
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }
    pub fn with_related(mut self, location: Location, label: impl Into<String>) -> Self {
        self.related.push(Related {
            location,
            label: label.into(),
        });
        self
    }
    pub fn with_data(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.data.insert(key.to_string(), value.into());
        self
    }
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
    pub fn with_platforms(mut self, platforms: &[crate::platform::Platform]) -> Self {
        self.platforms = platforms.to_vec();
        self
    }
    /// The severity on one platform: its profile's exception, else `severity`.
    pub fn severity_for(&self, platform: crate::platform::Platform) -> Severity {
        self.severity_on
            .iter()
            .find(|(p, _)| *p == platform)
            .map_or(self.severity, |(_, s)| *s)
    }
    /// Keeps only what matters on `platforms`: the severity becomes the
    /// highest among them.
    pub fn narrow_to(&mut self, platforms: &[crate::platform::Platform]) {
        if let Some(highest) = self
            .platforms
            .iter()
            .filter(|p| platforms.contains(p))
            .map(|p| self.severity_for(*p))
            .max()
        {
            self.severity = highest;
        }
    }
    /// A stable identity for CI (SARIF `partialFingerprints`, GitLab
    /// `fingerprint`, the baseline key): SHA-256 of code, path and subject
    /// (the message when there is none), never the line, so it survives
    /// edits elsewhere in the file. 16 bytes in hex.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let subject = self.subject.as_deref().unwrap_or(&self.message);
        for part in [self.code, &self.location.path, subject] {
            hasher.update(part.as_bytes());
            // Separator so ("ab", "c") and ("a", "bc") differ.
            hasher.update([0u8]);
        }
        hasher
            .finalize()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect()
    }
    /// Sort key that makes output deterministic.
    pub fn sort_key(&self) -> (&str, &str, usize, usize, &str) {
        (
            &self.app_root,
            &self.location.path,
            self.location.line,
            self.location.column,
            self.code,
        )
    }
}

/// A severity as a config file or team rule writes it.
#[derive(Debug, Clone, Copy, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ConfigSeverity {
    Error,
    Warning,
    Info,
}

impl From<ConfigSeverity> for Severity {
    fn from(s: ConfigSeverity) -> Self {
        match s {
            ConfigSeverity::Error => Severity::Error,
            ConfigSeverity::Warning => Severity::Warning,
            ConfigSeverity::Info => Severity::Info,
        }
    }
}
