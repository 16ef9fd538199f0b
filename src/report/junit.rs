//! `--format junit`: JUnit XML, one test suite per file and one failed test
//! case per finding, for CI systems that only show test reports.

use std::collections::BTreeMap;

use crate::finding::Finding;
use crate::verdict::Verdict;

/// Findings as failed cases per file, then a `platform readiness` suite with
/// one case per platform, failed when the platform is not ready.
pub fn render(findings: &[Finding], verdicts: &[Verdict]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_file.entry(&f.location.path).or_default().push(f);
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let not_ready = verdicts.iter().filter(|v| !v.ready).count();
    let total = (findings.len() + verdicts.len()).max(1);
    out.push_str(&format!(
        "<testsuites name=\"paaslint\" tests=\"{total}\" failures=\"{}\" errors=\"0\">\n",
        findings.len() + not_ready
    ));
    if findings.is_empty() && verdicts.is_empty() {
        // An empty report reads as "no tests ran" in some CI systems; one passing case is clearer.
        out.push_str("  <testsuite name=\"paaslint\" tests=\"1\" failures=\"0\" errors=\"0\">\n");
        out.push_str("    <testcase name=\"paaslint\" classname=\"paaslint\"/>\n");
        out.push_str("  </testsuite>\n");
    }
    for (path, file_findings) in by_file {
        let path = escape(path);
        out.push_str(&format!(
            "  <testsuite name=\"{path}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">\n",
            n = file_findings.len()
        ));
        for f in file_findings {
            let l = &f.location;
            out.push_str(&format!(
                "    <testcase name=\"paaslint.{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\" column=\"{}\">\n",
                f.code, l.line, l.column
            ));
            let mut body = format!("{}:{}:{}: {}", l.path, l.line, l.column, f.message);
            if let Some(help) = &f.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                escape(&f.message),
                f.severity.as_str(),
                escape(&body)
            ));
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    if !verdicts.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"platform readiness\" tests=\"{}\" failures=\"{not_ready}\" errors=\"0\">\n",
            verdicts.len()
        ));
        for v in verdicts {
            let id = v.platform.id();
            if v.ready {
                out.push_str(&format!(
                    "    <testcase name=\"ready on {id}\" classname=\"paaslint.platforms\"/>\n"
                ));
            } else {
                let message = format!("not ready on {id}: blocked by {}", v.blocking.join(", "));
                out.push_str(&format!(
                    "    <testcase name=\"ready on {id}\" classname=\"paaslint.platforms\">\n      <failure message=\"{0}\" type=\"error\">{0}</failure>\n    </testcase>\n",
                    escape(&message)
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for an XML attribute or element, dropping the control
/// characters XML 1.0 cannot carry at all (they may come from user files).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(' '),
            // C0, DEL and C1 (a terminal reads U+009B as CSI), and non-characters.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
    }
}
