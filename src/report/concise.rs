//! `--format concise`: one line per finding, `path:line:col: CODE message`,
//! the shape editors and `grep` understand (ruff's `concise`).

use crate::escape::escape_text;
use crate::finding::Finding;

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        // A message is one line; a stray newline would break the one-line contract.
        let message = f.message.replace(['\r', '\n'], " ");
        out.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            escape_text(&f.location.path),
            f.location.line,
            f.location.column,
            f.code,
            escape_text(&message)
        ));
    }
    out
}
