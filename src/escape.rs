//! Layer `base`: text from the linted repository (paths, file lines, values) is shown with
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

/// Findings' messages and help quote the repository (a requirement line, a
/// Procfile line); past this many characters they are cut, so one 2 MiB
/// token cannot become megabytes of output.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, with `…` when cut.
pub fn clip(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// [`escape_text`] for a whole file shown in a snippet (newlines kept), and
/// a map from byte offsets in `text` to offsets in the result, so that spans
/// still point at the same characters. `None` when nothing needs escaping.
pub fn escape_source(text: &str) -> Option<(String, OffsetMap)> {
    let escapes = |c: char| c != '\n' && c != '\r' && needs_escape(c);
    if !text.chars().any(escapes) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut points = Vec::new();
    for (at, c) in text.char_indices() {
        if escapes(c) {
            let shown = escape_text(c.encode_utf8(&mut [0; 4])).into_owned();
            out.push_str(&shown);
            points.push((at, out.len() - (at + c.len_utf8())));
        } else {
            out.push(c);
        }
    }
    Some((out, OffsetMap { points }))
}

/// Offsets in a text before and after [`escape_source`].
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// Each escaped character's offset, and how far everything after it moved.
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn map(&self, offset: usize) -> usize {
        let before = self.points.partition_point(|(at, _)| *at < offset);
        match before.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some((_, moved)) => offset + moved,
            None => offset,
        }
    }
}

/// Serialized JSON with the control characters serde_json leaves raw (DEL,
/// C1, U+2028/9) written as `\uXXXX`: the same JSON value, but no byte of
/// it can drive a terminal that shows it.
pub fn json_controls(json: String) -> String {
    if !json.chars().any(needs_escape) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if needs_escape(c) && c != '\n' && c != '\r' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_clipped_on_a_character_boundary() {
        assert_eq!(clip("short".into()), "short");
        let long = "é".repeat(MAX_MESSAGE_CHARS + 5);
        let clipped = clip(long);
        assert_eq!(clipped.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(clipped.ends_with('…'));
    }

    #[test]
    fn source_offsets_follow_the_escapes() {
        let text = "a\u{1b}b\nc\u{7}d";
        let (shown, map) = escape_source(text).unwrap();
        assert_eq!(shown, "a\\x1bb\nc\\x07d");
        for (old, c) in text.char_indices() {
            assert_eq!(
                shown[map.map(old)..]
                    .chars()
                    .next()
                    .map(|s| s == c || s == '\\'),
                Some(true)
            );
        }
        assert_eq!(map.map(text.len()), shown.len());
        assert!(escape_source("plain\ntext").is_none());
    }

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
