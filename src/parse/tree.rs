//! JSON and YAML documents as a flat list of nodes, each with its key path
//! (`services`, `0`, `startCommand`), kind, scalar text and byte span, so
//! platform files can be validated and pointed at precisely.
//! JSON goes through jsonc-parser (strict JSON options; it keeps ranges and
//! caps nesting), YAML through yaml-rust2's event parser (it keeps markers).

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::source::{SourceFile, Span};

/// Every node keeps its key path, so a tree costs the sum of its nodes'
/// depths: past this many path elements in one file (real platform files
/// have a few hundred) the file is refused instead of read (a 1.8 MB
/// render.yaml nested 100 deep took more than 13 GB).
pub const MAX_PATH_ELEMENTS: usize = 1 << 20;

fn too_large(span: Span) -> (Span, String) {
    (
        span,
        format!("too large or too deeply nested to check (more than {MAX_PATH_ELEMENTS} key-path elements over its nodes)"),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Number,
    Bool,
    Null,
    Map,
    Seq,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
            Kind::Map => "a mapping",
            Kind::Seq => "a list",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub path: Vec<String>,
    pub kind: Kind,
    /// The scalar's text (empty for mappings and lists).
    pub value: String,
    /// The scalar's text without quotes; for containers, where they start.
    pub span: Span,
    /// The span of the key naming this node in its mapping, if it has one.
    pub key_span: Option<Span>,
}

impl Node {
    pub fn is_scalar(&self) -> bool {
        !matches!(self.kind, Kind::Map | Kind::Seq)
    }
}

/// Nodes in document order.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    pub fn get(&self, path: &[&str]) -> Option<&Node> {
        self.nodes.iter().find(|n| same_path(&n.path, path))
    }

    /// The string at `path`, if it is one.
    pub fn str(&self, path: &[&str]) -> Option<&Node> {
        self.get(path).filter(|n| n.kind == Kind::Str)
    }

    /// The direct children of the node at `path`: their last path element is
    /// the key (or the list index).
    pub fn children<'a>(&'a self, path: &'a [&'a str]) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |n| {
            n.path.len() == path.len() + 1 && same_path(&n.path[..path.len()], path)
        })
    }
}

fn same_path(a: &[String], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Parses strict JSON (no comments or trailing commas: platforms reject them).
pub fn json(file: &SourceFile) -> Result<Tree, (Span, String)> {
    use jsonc_parser::ast::{ObjectPropName, Value};
    use jsonc_parser::common::Ranged;
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        ..Default::default()
    };
    let parsed =
        jsonc_parser::parse_to_ast(&file.text, &Default::default(), &options).map_err(|e| {
            let range = e.range();
            (Span::new(range.start, range.end), e.kind().to_string())
        })?;
    let mut tree = Tree::default();
    // An explicit stack: nesting is capped by the parser, but no recursion is simpler to trust.
    let mut stack: Vec<(Vec<String>, Option<Span>, &Value)> = Vec::new();
    if let Some(value) = &parsed.value {
        stack.push((Vec::new(), None, value));
    }
    let mut elements = 0usize;
    while let Some((path, key_span, value)) = stack.pop() {
        elements += path.len() + 1;
        if elements > MAX_PATH_ELEMENTS {
            let range = value.range();
            return Err(too_large(Span::new(range.start, range.start)));
        }
        let (kind, text, range) = match value {
            Value::StringLit(s) => (Kind::Str, s.value.to_string(), s.range),
            Value::NumberLit(n) => (Kind::Number, n.value.to_string(), n.range),
            Value::BooleanLit(b) => (Kind::Bool, b.value.to_string(), b.range),
            Value::NullKeyword(n) => (Kind::Null, String::new(), n.range),
            Value::Object(o) => {
                for prop in o.properties.iter().rev() {
                    let (name, range) = match &prop.name {
                        ObjectPropName::String(s) => (s.value.to_string(), s.range),
                        ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                    };
                    // Inside the quotes.
                    let key = Span::new(
                        range.start + 1,
                        range.end.saturating_sub(1).max(range.start + 1),
                    );
                    let mut child = path.clone();
                    child.push(name);
                    stack.push((child, Some(key), &prop.value));
                }
                (Kind::Map, String::new(), o.range)
            }
            Value::Array(a) => {
                for (i, element) in a.elements.iter().enumerate().rev() {
                    let mut child = path.clone();
                    child.push(i.to_string());
                    stack.push((child, None, element));
                }
                (Kind::Seq, String::new(), a.range)
            }
        };
        // Strings point inside their quotes.
        let span = if kind == Kind::Str && range.end > range.start + 1 {
            Span::new(range.start + 1, range.end - 1)
        } else {
            Span::new(range.start, range.end)
        };
        tree.nodes.push(Node {
            path,
            kind,
            value: text,
            span,
            key_span,
        });
    }
    Ok(tree)
}

/// Parses a YAML document.
pub fn yaml(file: &SourceFile) -> Result<Tree, (Span, String)> {
    let mut receiver = YamlReceiver::default();
    let mut parser = Parser::new_from_str(&file.text);
    parser.load(&mut receiver, false).map_err(|err| {
        let offset = char_to_byte(&file.text, err.marker().index());
        (Span::new(offset, offset), err.info().to_string())
    })?;
    if let Some(mark) = receiver.overflow {
        let offset = char_to_byte(&file.text, mark.index());
        return Err(too_large(Span::new(offset, offset)));
    }
    Ok(Tree {
        nodes: receiver
            .nodes
            .into_iter()
            .map(|(path, kind, value, mark, key_mark)| {
                let span = if matches!(kind, Kind::Map | Kind::Seq) {
                    let start = char_to_byte(&file.text, mark.index());
                    Span::new(start, start)
                } else {
                    scalar_span(file, &mark)
                };
                Node {
                    kind,
                    value,
                    span,
                    key_span: key_mark.and_then(|m| key_span(file, &m, path.last()?)),
                    path,
                }
            })
            .collect(),
    })
}

/// Path, kind, scalar text, position, and the position of the key naming it.
type RawNode = (Vec<String>, Kind, String, Marker, Option<Marker>);

#[derive(Debug, Default)]
struct YamlReceiver {
    stack: Vec<Frame>,
    nodes: Vec<RawNode>,
    /// Path elements kept so far, and where [`MAX_PATH_ELEMENTS`] was passed.
    elements: usize,
    overflow: Option<Marker>,
}

#[derive(Debug)]
enum Frame {
    Map {
        path: Vec<String>,
        key: Option<(String, Marker)>,
    },
    Seq {
        path: Vec<String>,
        index: usize,
    },
}

impl YamlReceiver {
    /// The path a value at the current position gets (with its key's
    /// position), and the parent advanced.
    fn next_path(&mut self) -> Option<(Vec<String>, Option<Marker>)> {
        match self.stack.last_mut() {
            None => Some((Vec::new(), None)),
            Some(Frame::Map { path, key }) => key.take().map(|(k, mark)| {
                let mut p = path.clone();
                p.push(k);
                (p, Some(mark))
            }),
            Some(Frame::Seq { path, index }) => {
                let mut p = path.clone();
                p.push(index.to_string());
                *index += 1;
                Some((p, None))
            }
        }
    }
}

/// YAML 1.2 core schema types of a plain scalar.
fn plain_kind(value: &str) -> Kind {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => Kind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Kind::Bool,
        v if v.parse::<f64>().is_ok() && !v.eq_ignore_ascii_case("nan") && !v.contains("inf") => {
            Kind::Number
        }
        _ => Kind::Str,
    }
}

impl MarkedEventReceiver for YamlReceiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.overflow.is_some() {
            return;
        }
        self.elements += self.stack.len() + 1;
        if self.elements > MAX_PATH_ELEMENTS {
            self.overflow = Some(mark);
            self.nodes.clear();
            self.stack.clear();
            return;
        }
        match ev {
            Event::Scalar(value, style, ..) => {
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    if key.is_none() {
                        *key = Some((value, mark));
                        return;
                    }
                }
                let kind = if style == TScalarStyle::Plain {
                    plain_kind(&value)
                } else {
                    Kind::Str
                };
                if let Some((path, key_mark)) = self.next_path() {
                    self.nodes.push((path, kind, value, mark, key_mark));
                }
            }
            Event::MappingStart(..) => {
                let (path, key_mark) = self.next_path().unwrap_or_default();
                self.nodes
                    .push((path.clone(), Kind::Map, String::new(), mark, key_mark));
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let (path, key_mark) = self.next_path().unwrap_or_default();
                self.nodes
                    .push((path.clone(), Kind::Seq, String::new(), mark, key_mark));
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// The scalar's text on its line: quotes and a trailing comment excluded.
fn scalar_span(file: &SourceFile, marker: &Marker) -> Span {
    let start = char_to_byte(&file.text, marker.index());
    let line_end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |i| start + i);
    let raw = file.text[start..line_end].trim_end();
    let raw = raw.find(" #").map_or(raw, |i| &raw[..i]).trim_end();
    let (start, len) = match raw.chars().next() {
        Some(q @ ('"' | '\'')) => (start + 1, raw[1..].find(q).unwrap_or(raw.len() - 1)),
        _ => (start, raw.len()),
    };
    Span::new(start, start + len)
}

/// A mapping key's text: quotes excluded; `None` when the written key is not its value (escapes).
fn key_span(file: &SourceFile, marker: &Marker, key: &str) -> Option<Span> {
    let mut start = char_to_byte(&file.text, marker.index());
    if matches!(file.text.as_bytes().get(start), Some(b'"' | b'\'')) {
        start += 1;
    }
    let end = start + key.len();
    (file.text.get(start..end) == Some(key)).then(|| Span::new(start, end))
}

/// yaml-rust2 markers count characters; spans are bytes.
fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(name, text.as_bytes(), 0, false)
    }

    #[test]
    fn json_nodes_keep_paths_kinds_and_spans() {
        let f = file(
            "app.json",
            "{\n  \"env\": {\"SECRET\": {\"required\": true}},\n  \"buildpacks\": [{\"url\": \"heroku/python\"}],\n  \"n\": 3\n}\n",
        );
        let tree = json(&f).unwrap();
        let url = tree.str(&["buildpacks", "0", "url"]).unwrap();
        assert_eq!(f.slice(url.span), "heroku/python");
        assert_eq!(
            tree.get(&["env", "SECRET", "required"]).unwrap().kind,
            Kind::Bool
        );
        assert_eq!(tree.get(&["n"]).unwrap().kind, Kind::Number);
        assert_eq!(tree.get(&["buildpacks"]).unwrap().kind, Kind::Seq);
        let keys: Vec<_> = tree.children(&["env"]).map(|n| n.path[1].clone()).collect();
        assert_eq!(keys, ["SECRET"]);
        let secret = tree.get(&["env", "SECRET"]).unwrap();
        assert_eq!(f.slice(secret.key_span.unwrap()), "SECRET");
    }

    #[test]
    fn json_errors_are_strict_and_located() {
        for bad in ["{\"a\": 1,}", "{// c\n}", "{'a': 1}", "{\"a\": "] {
            assert!(json(&file("app.json", bad)).is_err(), "{bad}");
        }
        let deep = "[".repeat(100_000);
        assert!(json(&file("app.json", &deep)).is_err());
        let (span, _) = json(&file("app.json", "{\n  \"a\": tru\n}")).unwrap_err();
        assert!(span.start >= 9, "{span:?}");
    }

    #[test]
    fn yaml_nodes_have_kinds_and_byte_spans() {
        let f = file(
            "heroku.yml",
            "# é\nbuild:\n  docker:\n    web: Dockerfile\nrun:\n  web: \"gunicorn app:app\"  # serve\n  n: 8080\n",
        );
        let tree = yaml(&f).unwrap();
        let web = tree.str(&["run", "web"]).unwrap();
        assert_eq!(f.slice(web.span), "gunicorn app:app");
        assert_eq!(tree.get(&["run", "n"]).unwrap().kind, Kind::Number);
        let docker = tree.get(&["build", "docker"]).unwrap();
        assert_eq!(docker.kind, Kind::Map);
        assert_eq!(f.slice(docker.key_span.unwrap()), "docker");
        assert!(yaml(&file("x.yml", "a: [1\n")).is_err());
    }
}
