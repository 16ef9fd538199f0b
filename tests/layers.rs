//! The layers of src/, bottom first, as the README's Architecture section
//! states them. Library code (not `#[cfg(test)]` items) may name only modules
//! of its own layer or a lower one, and the top-level modules import each
//! other without a cycle. Every `crate::` path (in `use`, code and macro
//! arguments) and every `super::` path that reaches the crate root counts;
//! comments and string literals do not. A small Rust lexer below reads them
//! (no parser crate: it would rebuild every derive macro's dependencies).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &["source", "platform", "parallel", "finding", "escape"],
    ),
    ("walk", &["discover"]),
    ("parsers", &["parse", "command"]),
    ("reader", &["reader", "wheel_index"]),
    ("model", &["model"]),
    (
        "profiles",
        &["facts", "profile", "programs", "platform_hosts"],
    ),
    (
        "analyzers",
        &[
            "apps",
            "deps",
            "entry",
            "imports",
            "python_version",
            "settings",
        ],
    ),
    ("build", &["build"]),
    ("checks", &["checks"]),
    (
        "run",
        &["user_rules", "config", "suppress", "baseline", "verdict"],
    ),
    ("report", &["report"]),
    ("cli", &["cli"]),
];

/// One `crate::` reference: which file, which top-level module it names.
#[derive(Debug, Clone)]
struct Import {
    file: String,
    from: String,
    to: String,
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Punct(char),
    /// A string, char or number literal (its content never matters here).
    Literal,
}

/// Rust source to tokens: comments (nested block comments too), strings
/// (raw, byte, C), chars and lifetimes are told apart so that no path is
/// read from a comment or a string.
fn lex(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(&chars, i + 1);
            out.push(Tok::Literal);
        } else if c == 'r' && (at(i + 1) == '#' || at(i + 1) == '"') && raw_start(&chars, i + 1) {
            i = skip_raw(&chars, i + 1);
            out.push(Tok::Literal);
        } else if (c == 'b' || c == 'c') && at(i + 1) == '"' {
            i = skip_string(&chars, i + 2);
            out.push(Tok::Literal);
        } else if (c == 'b' || c == 'c') && at(i + 1) == 'r' && raw_start(&chars, i + 2) {
            i = skip_raw(&chars, i + 2);
            out.push(Tok::Literal);
        } else if c == 'b' && at(i + 1) == '\'' {
            i = skip_char(&chars, i + 2);
            out.push(Tok::Literal);
        } else if c == '\'' {
            // A char literal closes within a few characters; a lifetime does not.
            if at(i + 1) == '\\' || at(i + 2) == '\'' {
                i = skip_char(&chars, i + 1);
                out.push(Tok::Literal);
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            out.push(Tok::Ident(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            while at(i).is_alphanumeric()
                || at(i) == '_'
                || (at(i) == '.' && at(i + 1).is_ascii_digit())
            {
                i += 1;
            }
            out.push(Tok::Literal);
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
    }
    out
}

fn raw_start(chars: &[char], mut i: usize) -> bool {
    while chars.get(i) == Some(&'#') {
        i += 1;
    }
    chars.get(i) == Some(&'"')
}

/// Past the closing quote of a string whose content starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Past the end of `#…#"…"#…#` starting at the first `#` or quote.
fn skip_raw(chars: &[char], mut i: usize) -> usize {
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    i += 1;
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return i + 1 + hashes;
        }
        i += 1;
    }
    i
}

/// Past the closing quote of a char literal whose content starts at `i`.
fn skip_char(chars: &[char], mut i: usize) -> usize {
    if chars.get(i) == Some(&'\\') {
        i += 2;
    }
    while i < chars.len() && chars[i] != '\'' {
        i += 1;
    }
    i + 1
}

fn is_open(t: &Tok) -> bool {
    matches!(t, Tok::Punct('{' | '(' | '['))
}

fn is_close(t: &Tok) -> bool {
    matches!(t, Tok::Punct('}' | ')' | ']'))
}

/// The index just past the bracket group opening at `i`.
fn group_end(toks: &[Tok], i: usize) -> usize {
    let mut depth = 0;
    for (k, t) in toks.iter().enumerate().skip(i) {
        if is_open(t) {
            depth += 1;
        } else if is_close(t) {
            depth -= 1;
            if depth == 0 {
                return k + 1;
            }
        }
    }
    toks.len()
}

/// `#[cfg(test)]` at `i`: the index past it.
fn cfg_test_at(toks: &[Tok], i: usize) -> Option<usize> {
    let ident = |s: &str| Tok::Ident(s.to_string());
    let want = [
        Tok::Punct('#'),
        Tok::Punct('['),
        ident("cfg"),
        Tok::Punct('('),
        ident("test"),
        Tok::Punct(')'),
        Tok::Punct(']'),
    ];
    (toks.get(i..i + want.len()) == Some(&want[..])).then_some(i + want.len())
}

/// The index past the item starting at `i`: its first `;` or `{…}` at this level.
fn item_end(toks: &[Tok], mut i: usize) -> usize {
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct(';') => return i + 1,
            Tok::Punct('{') => return group_end(toks, i),
            t if is_open(t) => i = group_end(toks, i),
            _ => i += 1,
        }
    }
    i
}

struct Collector<'a> {
    file: &'a str,
    top: &'a str,
    found: Vec<Import>,
}

impl Collector<'_> {
    fn record(&mut self, to: &str) {
        if to != self.top {
            self.found.push(Import {
                file: self.file.to_string(),
                from: self.top.to_string(),
                to: to.to_string(),
            });
        }
    }

    /// The top-level module a path names, if it leaves this one; `depth` is
    /// how many modules deep the code is below the crate root.
    fn target<'s>(&self, segments: &[&'s str], depth: usize) -> Option<&'s str> {
        match segments {
            ["crate", next, ..] => Some(next),
            ["super", ..] => {
                let supers = segments.iter().take_while(|s| **s == "super").count();
                let next = segments.get(supers)?;
                (supers == depth).then_some(*next)
            }
            _ => None,
        }
    }

    /// Reads `toks[i..end]` at module depth `depth`.
    fn block(&mut self, toks: &[Tok], mut i: usize, end: usize, depth: usize) {
        while i < end {
            if let Some(after) = cfg_test_at(toks, i) {
                let mut next = after;
                // Further attributes, then the item they all apply to.
                while toks.get(next) == Some(&Tok::Punct('#')) {
                    next = group_end(toks, next + 1);
                }
                i = item_end(toks, next).min(end);
                continue;
            }
            if let (Tok::Ident(kw), Some(Tok::Ident(_)), Some(Tok::Punct('{'))) =
                (&toks[i], toks.get(i + 1), toks.get(i + 2))
            {
                if kw == "mod" {
                    let close = group_end(toks, i + 2);
                    self.block(toks, i + 3, close - 1, depth + 1);
                    i = close;
                    continue;
                }
            }
            i = self.path(toks, i, depth);
        }
    }

    /// A path starting at `i`, if one does: records what it names and
    /// returns the index past it (or `i + 1`).
    fn path(&mut self, toks: &[Tok], i: usize, depth: usize) -> usize {
        let mut segments: Vec<&str> = Vec::new();
        let mut j = i;
        while let Some(Tok::Ident(name)) = toks.get(j) {
            segments.push(name);
            if segments[0] != "crate" && segments[0] != "super" {
                break;
            }
            if toks.get(j + 1) != Some(&Tok::Punct(':'))
                || toks.get(j + 2) != Some(&Tok::Punct(':'))
            {
                break;
            }
            j += 3;
            if toks.get(j) == Some(&Tok::Punct('{')) {
                // `crate::{a, b::c}`: the first name of each element.
                let close = group_end(toks, j);
                let mut level = 0;
                let mut first = true;
                for t in &toks[j + 1..close - 1] {
                    match t {
                        Tok::Ident(name) if first && level == 0 => {
                            let mut path = segments.clone();
                            path.push(name);
                            if let Some(to) = self.target(&path, depth) {
                                self.record(to);
                            }
                            first = false;
                        }
                        Tok::Punct(',') if level == 0 => first = true,
                        t if is_open(t) => level += 1,
                        t if is_close(t) => level -= 1,
                        _ => first = false,
                    }
                }
                return close;
            }
        }
        if segments.len() > 1 {
            if let Some(to) = self.target(&segments, depth) {
                self.record(to);
            }
        }
        j.max(i + 1)
    }
}

/// Every cross-module reference of library code in `src`.
fn imports(src: &Path) -> Vec<Import> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut out = Vec::new();
    for path in files {
        let rel = path.strip_prefix(src).unwrap();
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if parts.len() == 1 && (parts[0] == "lib.rs" || parts[0] == "main.rs") {
            continue;
        }
        let top = parts[0].trim_end_matches(".rs").to_string();
        // src/x.rs and src/x/mod.rs are one module down; src/x/y.rs two.
        let depth = parts.len() - usize::from(parts.last().is_some_and(|p| p == "mod.rs"));
        let toks = lex(&std::fs::read_to_string(&path).unwrap());
        let file = format!("src/{}", rel.display());
        let mut collector = Collector {
            file: &file,
            top: &top,
            found: Vec::new(),
        };
        collector.block(&toks, 0, toks.len(), depth);
        out.extend(collector.found);
    }
    out
}

/// Imports that go up a layer, or name a module no layer lists.
fn violations(imports: &[Import]) -> Vec<String> {
    let mut out = Vec::new();
    for import in imports {
        let (Some(from), Some(to)) = (layer_of(&import.from), layer_of(&import.to)) else {
            out.push(format!(
                "{}: `{}` -> `{}`: a module in no layer (add it to LAYERS and the README)",
                import.file, import.from, import.to
            ));
            continue;
        };
        if to > from {
            out.push(format!(
                "{}: `{}` ({}) imports `{}` ({}), a higher layer",
                import.file, import.from, LAYERS[from].0, import.to, LAYERS[to].0
            ));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A cycle among the top-level modules, if there is one.
fn cycle(imports: &[Import]) -> Option<Vec<String>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for import in imports {
        edges
            .entry(import.from.as_str())
            .or_default()
            .insert(import.to.as_str());
    }
    fn visit<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        done: &mut BTreeSet<&'a str>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, &edges, &mut done, &mut Vec::new()))
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let found = imports(&src_dir());
    assert!(
        found.len() > 100,
        "too few imports found ({}): is the reader broken?",
        found.len()
    );
    let bad = violations(&found);
    assert!(bad.is_empty(), "layer violations:\n{}", bad.join("\n"));
}

#[test]
fn top_level_modules_have_no_cycle() {
    let found = imports(&src_dir());
    if let Some(cycle) = cycle(&found) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn every_module_has_a_layer() {
    let text = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap();
    let toks = lex(&text);
    let declared: BTreeSet<String> = toks
        .windows(3)
        .filter_map(|w| match w {
            [Tok::Ident(kw), Tok::Ident(name), Tok::Punct(';')] if kw == "mod" => {
                Some(name.clone())
            }
            _ => None,
        })
        .collect();
    let layered: BTreeSet<String> = LAYERS
        .iter()
        .flat_map(|(_, mods)| mods.iter().map(|m| m.to_string()))
        .collect();
    assert_eq!(declared, layered, "lib.rs modules and LAYERS differ");
}

/// The checker itself: an upward import, a `super::` reaching the crate root,
/// one inside a macro, and a cycle are all caught; test code is not.
#[test]
fn the_checker_catches_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("model")).unwrap();
    std::fs::write(
        src.join("model/deps.rs"),
        "use super::super::checks::Check;\n#[cfg(test)]\nmod tests { use crate::cli::main; }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("source.rs"),
        concat!(
            "// crate::cli::main is only named in a comment\n",
            "/* so is /* nested */ crate::cli */\n",
            "fn f<'a>(x: &'a str) -> char { let _ = (\"crate::cli\", r#\"crate::\"cli\"#, '\"');\n",
            "  let _ = format!(\"{:?}\", crate::report::Summary::default()); '\\'' }\n",
        ),
    )
    .unwrap();
    std::fs::write(
        src.join("discover.rs"),
        "use crate::{parallel, source::{Span}};\n",
    )
    .unwrap();
    std::fs::write(src.join("parallel.rs"), "use crate::source::Span;\n").unwrap();
    std::fs::write(
        src.join("finding.rs"),
        "pub fn f() -> crate::unknown::X { todo!() }\n",
    )
    .unwrap();
    let found = imports(src);
    let bad = violations(&found);
    assert_eq!(
        bad,
        vec![
            "src/finding.rs: `finding` -> `unknown`: a module in no layer (add it to LAYERS and the README)",
            "src/model/deps.rs: `model` (model) imports `checks` (checks), a higher layer",
            "src/source.rs: `source` (base) imports `report` (report), a higher layer",
        ]
    );
    assert!(cycle(&found).is_none());
    std::fs::write(src.join("source.rs"), "use crate::parallel::map;\n").unwrap();
    let found = imports(src);
    assert_eq!(
        cycle(&found).unwrap(),
        vec!["parallel", "source", "parallel"]
    );
}
