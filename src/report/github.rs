//! `--format github`: GitHub Actions workflow commands, which the runner turns
//! into annotations on the pull request's diff.

use crate::escape::escape_text;
use crate::finding::{Finding, Severity};
use crate::verdict::Verdict;

/// GitHub shows at most this many annotations of one kind per step.
const SHOWN_PER_KIND: usize = 10;

pub fn render(findings: &[Finding], verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    let (mut error, mut warning, mut info) = (0, 0, 0);
    for f in findings {
        let command = match f.severity {
            Severity::Error => {
                error += 1;
                "error"
            }
            Severity::Warning => {
                warning += 1;
                "warning"
            }
            Severity::Info => {
                info += 1;
                "notice"
            }
        };
        // The repository's text with its control characters escaped; the one
        // newline left is ours, and escape_data encodes it.
        let mut message = escape_text(&f.message).into_owned();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape_text(help));
        }
        let l = &f.location;
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&escape_text(&l.path)),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            escape_property(&format!("paaslint ({})", f.code)),
            escape_data(&message),
        ));
    }
    if error > SHOWN_PER_KIND || warning > SHOWN_PER_KIND || info > SHOWN_PER_KIND {
        out.push_str(&format!(
            "::notice title=paaslint::{}\n",
            escape_data(&format!(
                "paaslint found {error} error(s), {warning} warning(s) and {info} info finding(s); GitHub shows only the first {SHOWN_PER_KIND} annotations of each kind. The job log lists them all; --format sarif feeds code scanning."
            ))
        ));
    }
    if !verdicts.is_empty() {
        out.push_str(&format!(
            "::notice title=paaslint platform readiness::{}\n",
            escape_data(&crate::verdict::one_line(verdicts))
        ));
    }
    out
}

/// The message part, as `@actions/core`'s `escapeData`.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property, as `@actions/core`'s `escapeProperty`: `:` and `,`
/// would otherwise end the value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("100%\r\nnext"), "100%25%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
