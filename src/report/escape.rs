//! Text from the linted repository (paths, file lines, values) is shown with
//! its control characters escaped, in every format, the way ripgrep and ruff
//! do: an ESC, BEL or newline in a file name or a Procfile line must not drive
//! the terminal or start a line that a CI runner reads as a workflow command.

use std::borrow::Cow;

/// `text` with every control character (C0 but tab, DEL, C1) and the Unicode
/// line and paragraph separators written as a visible escape (`\n`, `\x1b`,
/// `\u{2028}`). Text without any comes back borrowed.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs_escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_others_kept() {
        assert_eq!(escape_text("web: gunicorn"), "web: gunicorn");
        assert!(matches!(escape_text("plain/é/ü"), Cow::Borrowed(_)));
        assert_eq!(
            escape_text("a\u{1b}[31mred\u{7}\nb\r\u{9b}c\u{2028}\td"),
            "a\\x1b[31mred\\x07\\nb\\r\\x9bc\\u{2028}\td"
        );
    }
}
