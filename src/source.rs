//! Layer `base`: a file's text, decoded once, with byte spans and line/column lookup.
//!
//! Files as read from disk: decoded once, with a line index so any byte span
//! can be turned into a 1-based line and column.

use std::path::Path;

/// A byte range into [`SourceFile::text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How the bytes on disk were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark, which pip and several builders mis-read.
    Utf8Bom,
    /// What PowerShell's `>` writes on Windows.
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8; decoded lossily.
    InvalidUtf8,
    /// Contains NUL bytes and is not UTF-16: treated as binary, text left empty.
    Binary,
}

impl Encoding {
    /// True when tools that expect plain UTF-8 (pip, the builders) would choke.
    pub fn is_problem(self) -> bool {
        !matches!(self, Encoding::Utf8)
    }
    pub fn describe(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with a byte-order mark",
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::InvalidUtf8 => "not valid UTF-8",
            Encoding::Binary => "binary data",
        }
    }
}

/// Files larger than this are read only up to this size; the model records it.
pub const MAX_READ_BYTES: u64 = 2 * 1024 * 1024;

/// Opens `abs` for reading without blocking (a FIFO or device named like a
/// file, or swapped in after the walk, never stalls the open) and checks on
/// the opened file, not the path, that it is a regular file. With
/// `follow_links` false, a symbolic link is refused too. Returns its size.
pub fn open_regular(abs: &Path, follow_links: bool) -> std::io::Result<(std::fs::File, u64)> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK;
        if !follow_links {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    if !follow_links && std::fs::symlink_metadata(abs)?.file_type().is_symlink() {
        return Err(std::io::Error::other("a symbolic link"));
    }
    let file = options.open(abs).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return std::io::Error::other("a symbolic link");
        }
        e
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok((file, meta.len()))
}

/// Reads a whole regular file as UTF-8 for paaslint's own inputs (config,
/// baseline, rule files): refused past `limit` bytes instead of truncated.
pub fn read_small_text(abs: &Path, follow_links: bool, limit: u64) -> Result<String, String> {
    use std::io::Read;
    let (file, size) = open_regular(abs, follow_links).map_err(|e| e.to_string())?;
    if size > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(format!("larger than {} KiB", limit / 1024));
    }
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// One file of the linted tree, read and decoded once.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the linted folder, with `/` separators.
    pub path: String,
    pub text: String,
    pub encoding: Encoding,
    /// The file was larger than [`MAX_READ_BYTES`] and only its start was read.
    pub truncated: bool,
    /// Size on disk in bytes.
    pub size: u64,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Builds a file from bytes already read. Never fails: undecodable input is
    /// recorded in [`SourceFile::encoding`].
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8], size: u64, truncated: bool) -> Self {
        let (text, encoding) = decode(bytes);
        Self::from_text(path, text, encoding, size, truncated)
    }

    pub fn from_text(
        path: impl Into<String>,
        text: String,
        encoding: Encoding,
        size: u64,
        truncated: bool,
    ) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            encoding,
            truncated,
            size,
            line_starts,
        }
    }

    /// Reads `abs` with the size cap. IO errors are returned for the caller to report.
    pub fn read(rel: &str, abs: &Path) -> std::io::Result<Self> {
        Self::read_unless_larger(rel, abs, u64::MAX).map(|(file, _)| file)
    }

    /// Like [`SourceFile::read`], but a file larger than `limit` bytes is not
    /// read at all: it comes back empty with `false`. The size comes from the
    /// open file, so callers need no separate stat.
    pub fn read_unless_larger(rel: &str, abs: &Path, limit: u64) -> std::io::Result<(Self, bool)> {
        use std::io::Read;
        let (file, size) = open_regular(abs, true)?;
        if size > limit {
            return Ok((Self::from_bytes(rel, &[], size, true), false));
        }
        let mut bytes = Vec::with_capacity(size.min(MAX_READ_BYTES) as usize);
        file.take(MAX_READ_BYTES).read_to_end(&mut bytes)?;
        Ok((
            Self::from_bytes(rel, &bytes, size, size > MAX_READ_BYTES),
            true,
        ))
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        // Inside a multi-byte character: count from its first byte, so columns never go backwards.
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line + 1, column + 1)
    }

    pub fn line_count(&self) -> usize {
        if self.text.is_empty() {
            0
        } else if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// Iterates over lines as (span without the line ending, text).
    pub fn lines(&self) -> impl Iterator<Item = (Span, &str)> {
        let text = self.text.as_str();
        (0..self.line_count()).map(move |i| {
            let start = self.line_starts[i];
            let mut end = self.line_starts.get(i + 1).map_or(text.len(), |n| n - 1);
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
            (Span::new(start, end), &text[start..end])
        })
    }

    /// The span of a whole line (1-based), without its line ending.
    pub fn line_span(&self, line: usize) -> Span {
        self.lines()
            .nth(line.saturating_sub(1))
            .map(|(span, _)| span)
            .unwrap_or_default()
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The span of the first line with content, used to anchor whole-file findings.
    pub fn first_line_span(&self) -> Span {
        self.lines()
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(s, _)| s)
            .unwrap_or_default()
    }
}

/// Decodes bytes the way a careful reader would: honour BOMs, recognise
/// BOM-less UTF-16 by its NUL pattern, and never fail.
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        );
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return (decode_utf16(rest, u16::from_le_bytes), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return (decode_utf16(rest, u16::from_be_bytes), Encoding::Utf16Be);
    }
    if bytes.contains(&0) {
        // BOM-less UTF-16 of ASCII text: every other byte is NUL.
        let even_nuls = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let half = bytes.len() / 2;
        if half > 0 && odd_nuls * 10 >= half * 9 && even_nuls == 0 {
            return (decode_utf16(bytes, u16::from_le_bytes), Encoding::Utf16Le);
        }
        if half > 0 && even_nuls * 10 >= half * 9 && odd_nuls == 0 {
            return (decode_utf16(bytes, u16::from_be_bytes), Encoding::Utf16Be);
        }
        return (String::new(), Encoding::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), Encoding::Utf8),
        Err(_) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Encoding::InvalidUtf8,
        ),
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14, item 18: a FIFO where a file was listed fails at once
    /// instead of blocking the open; so do devices, and links when refused.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_opened_and_never_block() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("requirements.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        assert!(open_regular(&fifo, true).is_err());
        assert!(open_regular(Path::new("/dev/zero"), true).is_err());
        let link = dir.path().join("link");
        std::fs::write(dir.path().join("real"), "x").unwrap();
        std::os::unix::fs::symlink(dir.path().join("real"), &link).unwrap();
        assert!(open_regular(&link, false).is_err());
        assert_eq!(open_regular(&link, true).unwrap().1, 1);
        assert!(read_small_text(&dir.path().join("real"), false, 0).is_err());
    }

    #[test]
    fn line_and_column_are_one_based_and_count_chars() {
        let f = SourceFile::from_bytes("x", "ab\né:c\n".as_bytes(), 0, false);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        let colon = f.text.find(':').unwrap();
        assert_eq!(f.line_col(colon), (2, 2));
        // The second byte of `é` is inside the character: same column as its first.
        assert_eq!(f.line_col(4), (2, 1));
        assert!(f.line_col(4) <= f.line_col(5));
        assert_eq!(f.line_count(), 2);
    }

    #[test]
    fn lines_strip_crlf() {
        let f = SourceFile::from_bytes("x", b"a\r\nb", 0, false);
        let lines: Vec<_> = f.lines().map(|(_, l)| l).collect();
        assert_eq!(lines, ["a", "b"]);
    }

    #[test]
    fn decodes_powershell_utf16() {
        let mut bytes = vec![0xFF, 0xFE];
        for c in "flask==3.0\r\n".encode_utf16() {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        let (text, enc) = decode(&bytes);
        assert_eq!(enc, Encoding::Utf16Le);
        assert_eq!(text, "flask==3.0\r\n");
    }

    #[test]
    fn bomless_utf16_and_binary() {
        let bytes: Vec<u8> = "web: x"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&bytes), ("web: x".to_string(), Encoding::Utf16Le));
        assert_eq!(decode(&[0, 0, 0, 1, 2, 0, 0]).1, Encoding::Binary);
        assert_eq!(decode(b"\xEF\xBB\xBFdjango").1, Encoding::Utf8Bom);
        assert_eq!(decode(b"django\xc3\x28").1, Encoding::InvalidUtf8);
    }
}
