//! Values of settings as the evaluator sees them: concrete literals, project
//! paths, and symbolic values that depend on an environment variable or a
//! branch. Nothing here executes code.

use crate::source::Span;

/// A place in a Python file of the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    pub path: String,
    pub span: Span,
}

/// A list element or dict value, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Elem {
    pub value: Value,
    pub loc: Loc,
}

/// How a reader converts the variable's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    Str,
    Bool,
    Int,
    List,
}

/// One read of an environment variable.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRead {
    pub var: String,
    /// The value used when the variable is absent; `None` with `required`
    /// false means Python's `None`.
    pub default: Option<Value>,
    pub cast: Cast,
    /// Raises when the variable is absent (`os.environ["X"]`, `env("X")`).
    pub required: bool,
    pub loc: Loc,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
    List(Vec<Elem>),
    /// Keys are kept as values; values carry their location.
    Dict(Vec<(Value, Elem)>),
    /// A path inside the linted folder, relative and `/`-separated (`""` is the root).
    Path(String),
    Env(Box<EnvRead>),
    /// Computed from environment variables: what it is when they are all absent.
    Derived {
        vars: Vec<String>,
        unset: Box<Value>,
    },
    /// Chosen by an `if`: `cond` is its source text.
    Branch {
        cond: String,
        cond_vars: Vec<String>,
        /// Which side runs when no environment variable is set, if known.
        taken_when_unset: Option<bool>,
        then: Box<Value>,
        orelse: Box<Value>,
    },
    /// A database configuration read from a URL variable
    /// (`dj_database_url.config()`, `env.db()`).
    Database {
        url_var: Option<String>,
        default_url: Option<Box<Value>>,
    },
    /// Name not bound on this path.
    Undefined,
    /// Imported module or callable, by qualified name (`os.environ`, `decouple.config`).
    Module(String),
    /// A django-environ `Env(...)` object with its scheme defaults.
    EnvReader(Vec<(String, Cast, Value)>),
    /// Something the evaluator does not follow; the text says what.
    Unknown(String),
}

/// Bounds on the values the evaluator keeps. Settings values that checks read
/// are a few dozen nodes; past these a value is unknown, so that neither the
/// evaluator nor any function over values depends on input-controlled size or
/// depth (the recursive ones below stay within [`MAX_VALUE_DEPTH`] frames).
pub const MAX_VALUE_NODES: usize = 512;
pub const MAX_VALUE_DEPTH: usize = 32;
pub const MAX_VALUE_TEXT: usize = 8 * 1024;
/// Length of [`Value::describe`], in characters.
const MAX_DESCRIBE_CHARS: usize = 200;

impl Value {
    /// Whether the value is larger or deeper than the bounds above. Iterative,
    /// and stops at the first bound it passes.
    pub fn exceeds_bounds(&self) -> bool {
        let mut stack = vec![(self, 1usize)];
        let mut nodes = 0usize;
        let text = |s: &str| s.len() > MAX_VALUE_TEXT;
        while let Some((value, depth)) = stack.pop() {
            nodes += 1;
            if nodes > MAX_VALUE_NODES || depth > MAX_VALUE_DEPTH {
                return true;
            }
            let below = depth + 1;
            match value {
                Value::Str(s) | Value::Path(s) | Value::Module(s) | Value::Unknown(s) => {
                    if text(s) {
                        return true;
                    }
                }
                Value::List(items) => stack.extend(items.iter().map(|e| (&e.value, below))),
                Value::Dict(items) => {
                    for (k, e) in items {
                        stack.push((k, below));
                        stack.push((&e.value, below));
                    }
                }
                Value::Env(read) => {
                    nodes += 1;
                    if let Some(d) = &read.default {
                        stack.push((d, below));
                    }
                }
                Value::Derived { vars, unset } => {
                    nodes += vars.len();
                    stack.push((unset, below));
                }
                Value::Branch {
                    cond,
                    cond_vars,
                    then,
                    orelse,
                    ..
                } => {
                    if text(cond) {
                        return true;
                    }
                    nodes += cond_vars.len();
                    stack.push((then, below));
                    stack.push((orelse, below));
                }
                Value::Database { default_url, .. } => {
                    if let Some(d) = default_url {
                        stack.push((d, below));
                    }
                }
                Value::EnvReader(scheme) => {
                    for (_, _, d) in scheme {
                        stack.push((d, below));
                    }
                }
                Value::Int(_)
                | Value::Float(_)
                | Value::Bool(_)
                | Value::None
                | Value::Undefined => {}
            }
        }
        false
    }

    /// Whether the value depends on an environment variable or a branch.
    pub fn is_symbolic(&self) -> bool {
        match self {
            Value::Env(_) | Value::Derived { .. } | Value::Branch { .. } => true,
            Value::Database { url_var, .. } => url_var.is_some(),
            Value::List(items) => items.iter().any(|e| e.value.is_symbolic()),
            Value::Dict(items) => items.iter().any(|(_, e)| e.value.is_symbolic()),
            _ => false,
        }
    }

    /// The value when no environment variable is set: defaults applied,
    /// branches resolved where their condition is known.
    pub fn when_unset(&self) -> Value {
        match self {
            Value::Env(read) => match (&read.default, read.required) {
                (Some(d), _) => cast(&d.when_unset(), read.cast),
                (None, true) => Value::Unknown(format!("{} is required", read.var)),
                (None, false) => Value::None,
            },
            Value::Derived { unset, .. } => unset.when_unset(),
            Value::Branch {
                taken_when_unset: Some(taken),
                then,
                orelse,
                ..
            } => {
                if *taken {
                    then.when_unset()
                } else {
                    orelse.when_unset()
                }
            }
            Value::Branch { .. } => Value::Unknown("depends on a branch".into()),
            Value::List(items) => Value::List(
                items
                    .iter()
                    .map(|e| Elem {
                        value: e.value.when_unset(),
                        loc: e.loc.clone(),
                    })
                    .collect(),
            ),
            Value::Dict(items) => Value::Dict(
                items
                    .iter()
                    .map(|(k, e)| {
                        (
                            k.when_unset(),
                            Elem {
                                value: e.value.when_unset(),
                                loc: e.loc.clone(),
                            },
                        )
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Environment variables this value depends on, in order of appearance.
    pub fn vars(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_vars(&mut out);
        out
    }

    fn collect_vars(&self, out: &mut Vec<String>) {
        let mut push = |v: &String| {
            if !out.contains(v) {
                out.push(v.clone());
            }
        };
        match self {
            Value::Env(read) => push(&read.var),
            Value::Derived { vars, .. } => vars.iter().for_each(push),
            Value::Database {
                url_var: Some(v), ..
            } => push(v),
            Value::Branch {
                cond_vars,
                then,
                orelse,
                ..
            } => {
                cond_vars.iter().for_each(push);
                then.collect_vars(out);
                orelse.collect_vars(out);
            }
            Value::List(items) => items.iter().for_each(|e| e.value.collect_vars(out)),
            Value::Dict(items) => items.iter().for_each(|(_, e)| e.value.collect_vars(out)),
            _ => {}
        }
    }

    /// Every concrete outcome with the conditions that lead to it, for
    /// "depends on X" reports. Env values beyond their default are opaque.
    pub fn outcomes(&self) -> Vec<(Vec<String>, Value)> {
        match self {
            Value::Branch {
                cond, then, orelse, ..
            } => {
                let mut out = Vec::new();
                for (mut when, v) in then.outcomes() {
                    when.insert(0, format!("if {cond}"));
                    out.push((when, v));
                }
                for (mut when, v) in orelse.outcomes() {
                    when.insert(0, format!("if not ({cond})"));
                    out.push((when, v));
                }
                out
            }
            Value::Env(_) | Value::Derived { .. } => {
                let vars = self.vars().join(", ");
                vec![
                    (vec![format!("{vars} unset")], self.when_unset()),
                    (
                        vec![format!("{vars} set")],
                        Value::Unknown(format!("the value of {vars}")),
                    ),
                ]
            }
            other => vec![(Vec::new(), other.clone())],
        }
    }

    /// Python truthiness, when known.
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::Str(s) => Some(!s.is_empty()),
            Value::Int(i) => Some(*i != 0),
            Value::Float(f) => Some(*f != 0.0),
            Value::Bool(b) => Some(*b),
            Value::None | Value::Undefined => Some(false),
            Value::List(l) => Some(!l.is_empty()),
            Value::Dict(d) => Some(!d.is_empty()),
            Value::Path(_) | Value::Module(_) | Value::EnvReader(_) => Some(true),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Elem]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// `d[key]` for a dict with string keys.
    pub fn get(&self, key: &str) -> Option<&Elem> {
        match self {
            Value::Dict(items) => items
                .iter()
                .rev()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, e)| e),
            _ => None,
        }
    }

    /// Short human rendering for messages, at most [`MAX_DESCRIBE_CHARS`].
    pub fn describe(&self) -> String {
        let mut text = self.describe_whole();
        if let Some((cut, _)) = text.char_indices().nth(MAX_DESCRIBE_CHARS) {
            text.truncate(cut);
            text.push('…');
        }
        text
    }

    fn describe_whole(&self) -> String {
        match self {
            Value::Str(s) => format!("{s:?}"),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::None => "None".into(),
            Value::List(l) => format!(
                "[{}]",
                l.iter()
                    .map(|e| e.value.describe())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Dict(_) => "{…}".into(),
            Value::Path(p) if p.is_empty() => "<project>".into(),
            Value::Path(p) => format!("<project>/{p}"),
            Value::Env(r) => format!("${}", r.var),
            Value::Derived { vars, .. } => format!("<from {}>", vars.join(", ")),
            Value::Branch { cond, .. } => format!("<depends on `{cond}`>"),
            Value::Database { url_var, .. } => format!(
                "<database from {}>",
                url_var.as_deref().unwrap_or("a literal URL")
            ),
            Value::Undefined => "<not set>".into(),
            Value::Module(m) => m.clone(),
            Value::EnvReader(_) => "environ.Env()".into(),
            Value::Unknown(why) => format!("<{why}>"),
        }
    }
}

/// Text to bool the way django-environ and python-decouple read it.
pub fn parse_bool(text: &str) -> bool {
    matches!(
        text.trim().to_ascii_lowercase().as_str(),
        "true" | "on" | "ok" | "y" | "yes" | "1" | "t"
    )
}

/// Applies a reader's cast to a default. Non-string defaults are used as
/// given (django-environ and decouple only parse strings).
pub fn cast(value: &Value, cast: Cast) -> Value {
    match (cast, value) {
        (Cast::Bool, Value::Str(s)) => Value::Bool(parse_bool(s)),
        (Cast::Int, Value::Str(s)) => s
            .trim()
            .parse()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Unknown(format!("int({s:?})"))),
        (Cast::List, Value::Str(s)) => Value::List(
            s.split(',')
                .filter(|p| !p.trim().is_empty())
                .map(|p| Elem {
                    value: Value::Str(p.trim().to_string()),
                    loc: Loc {
                        path: String::new(),
                        span: Span::default(),
                    },
                })
                .collect(),
        ),
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(default: Option<Value>, cast: Cast, required: bool) -> Value {
        Value::Env(Box::new(EnvRead {
            var: "X".into(),
            default,
            cast,
            required,
            loc: Loc {
                path: "s.py".into(),
                span: Span::default(),
            },
        }))
    }

    #[test]
    fn env_defaults_are_cast() {
        assert_eq!(
            read(Some(Value::Str("True".into())), Cast::Bool, false).when_unset(),
            Value::Bool(true)
        );
        assert_eq!(read(None, Cast::Str, false).when_unset(), Value::None);
        assert!(matches!(
            read(None, Cast::Str, true).when_unset(),
            Value::Unknown(_)
        ));
    }

    #[test]
    fn branch_outcomes_name_the_condition() {
        let v = Value::Branch {
            cond: "DEBUG".into(),
            cond_vars: vec!["X".into()],
            taken_when_unset: Some(false),
            then: Box::new(Value::Bool(true)),
            orelse: Box::new(Value::Bool(false)),
        };
        assert_eq!(v.when_unset(), Value::Bool(false));
        let outcomes = v.outcomes();
        assert_eq!(outcomes.len(), 2);
        assert_eq!(outcomes[0].0, vec!["if DEBUG".to_string()]);
        assert_eq!(v.vars(), vec!["X".to_string()]);
    }
}
