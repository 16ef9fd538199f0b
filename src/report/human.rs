//! The default report: miette diagnostics with the source snippet, a label
//! under the exact span, the fix, and the code.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::escape::escape_text;
use crate::finding::{Finding, Severity};
use crate::model::Project;
use crate::platform::describe;

/// How the human report looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Unicode frames and colour; otherwise plain ASCII.
    pub graphical: bool,
    pub width: usize,
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<String>>,
    help: String,
    /// The finding's message with the repository's control characters escaped.
    message: String,
    /// Spans into the shown source, when escaping moved them.
    offsets: Option<crate::escape::OffsetMap>,
}

impl FindingDiagnostic<'_> {
    fn shown_span(&self, span: crate::source::Span) -> (usize, usize) {
        match &self.offsets {
            Some(map) => {
                let start = map.map(span.start);
                (start, map.map(span.end).saturating_sub(start))
            }
            None => (span.start, span.len()),
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages name their path, so findings without a snippet stay clear.
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.finding.code, self.finding.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.location.span?;
        self.source.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(
            self.finding
                .label
                .as_deref()
                .map(|l| escape_text(l).into_owned()),
            self.shown_span(span),
        );
        let related = self
            .finding
            .related
            .iter()
            .filter(|r| r.location.path == self.finding.location.path)
            .filter_map(|r| {
                let s = r.location.span?;
                Some(LabeledSpan::new_with_span(
                    Some(escape_text(&r.label).into_owned()),
                    self.shown_span(s),
                ))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

pub fn render(
    project: &Project,
    findings: &[Finding],
    style: Style,
    verdicts: &[crate::verdict::Verdict],
    targets: &[crate::platform::Platform],
) -> String {
    let theme = if style.graphical {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::none()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    let sectioned = project.apps.len() > 1;
    for app in &project.apps {
        let root = app.display_root();
        let app_findings: Vec<&Finding> = findings.iter().filter(|f| f.app_root == root).collect();
        if sectioned {
            out.push_str(&format!(
                "== app `{}`: {} ==\n\n",
                escape_text(root),
                super::summary_line(
                    &app_findings
                        .iter()
                        .map(|f| (*f).clone())
                        .collect::<Vec<_>>(),
                    1
                )
            ));
        }
        for finding in app_findings {
            // Every byte from the repository is shown escaped: file names,
            // the snippet, messages and help that quote it.
            let mut offsets = None;
            let source = finding.location.span.and_then(|_| {
                project.file(&finding.location.path).map(|f| {
                    let text = match crate::escape::escape_source(&f.text) {
                        Some((text, map)) => {
                            offsets = Some(map);
                            text
                        }
                        None => f.text.clone(),
                    };
                    NamedSource::new(escape_text(&f.path), text).with_language("text")
                })
            });
            let mut help = escape_text(finding.help.as_deref().unwrap_or_default()).into_owned();
            if !finding.platforms.is_empty() {
                if !help.is_empty() {
                    help.push('\n');
                }
                help.push_str(&format!("affects: {}", affected(finding)));
            }
            help.push_str(&format!("\nmore: paaslint explain {}", finding.code));
            let diagnostic = FindingDiagnostic {
                finding,
                source,
                help,
                message: escape_text(&finding.message).into_owned(),
                offsets,
            };
            if handler.render_report(&mut out, &diagnostic).is_err() {
                out.push_str(&format!(
                    "{}: {}\n",
                    finding.code,
                    escape_text(&finding.message)
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&crate::verdict::table(verdicts, targets));
    out.push('\n');
    out.push_str(&super::summary_line(findings, project.apps.len()));
    out.push('\n');
    out
}

/// "Heroku and Dokku" or, when severities differ, "Heroku and Dokku (error); Render (warning)".
fn affected(finding: &Finding) -> String {
    if finding.severity_on.is_empty() {
        return describe(&finding.platforms);
    }
    let mut groups: Vec<(crate::finding::Severity, Vec<crate::platform::Platform>)> = Vec::new();
    for p in &finding.platforms {
        let severity = finding.severity_for(*p);
        match groups.iter_mut().find(|(s, _)| *s == severity) {
            Some((_, list)) => list.push(*p),
            None => groups.push((severity, vec![*p])),
        }
    }
    groups.sort_by_key(|g| std::cmp::Reverse(g.0));
    groups
        .iter()
        .map(|(s, list)| format!("{} ({})", describe(list), s.as_str()))
        .collect::<Vec<_>>()
        .join("; ")
}
