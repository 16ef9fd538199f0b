//! The settings facts of one app: the Django settings module chosen and its
//! values as evaluated without importing it, and Flask/FastAPI config facts.

use std::collections::BTreeMap;

use super::value::{EnvRead, Loc, Value};
use crate::source::Span;

/// Where a settings module name was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Dotted module name as written.
    pub module: String,
    /// The file it resolves to, if it is in the project.
    pub path: Option<String>,
    /// What named it: `Procfile (web)`, `mysite/wsgi.py`, ….
    pub origin: String,
}

/// The settings module chosen for an app, evaluated.
#[derive(Debug)]
pub struct DjangoSettings {
    pub module: String,
    pub path: String,
    /// Why this module was read, for messages and finding data.
    pub reason: String,
    pub candidates: Vec<Candidate>,
    pub values: Namespace,
    pub reads: Vec<TrackedRead>,
    /// Every module evaluated (the chosen one and what it star-imports).
    pub files: Vec<String>,
    /// Calls of helpers that rewrite settings (`django_heroku.settings`).
    pub helpers: Vec<(String, Loc)>,
    /// `DISABLE_COLLECTSTATIC` set in a platform file: (file, span, value).
    pub collectstatic_disabled: Option<(String, Span, String)>,
}

impl DjangoSettings {
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.values.get(name)
    }

    /// The value of a setting when no environment variable is set
    /// (`Undefined` when it is not set at all).
    pub fn when_unset(&self, name: &str) -> Value {
        self.get(name)
            .map_or(Value::Undefined, |b| b.value.when_unset())
    }

    /// "`mysite.settings.production` (mysite/settings/production.py)".
    pub fn describe(&self) -> String {
        format!("`{}` ({})", self.module, self.path)
    }

    /// The first unguarded read of each variable whose absence raises at
    /// import, in reading order.
    pub fn required_reads(&self) -> Vec<&TrackedRead> {
        let mut first: Vec<&TrackedRead> = Vec::new();
        for r in self.reads.iter().filter(|r| r.read.required && !r.guarded) {
            if !first.iter().any(|f| f.read.var == r.read.var) {
                first.push(r);
            }
        }
        first
    }

    /// Whether any evaluated settings read this variable.
    pub fn reads_var(&self, var: &str) -> bool {
        self.reads.iter().any(|r| r.read.var == var)
    }
}

/// A module-level name and the statement that last bound it.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub value: Value,
    pub loc: Loc,
}

pub type Namespace = BTreeMap<String, Binding>;

/// An environment read met while evaluating module-level code.
#[derive(Debug, Clone, PartialEq)]
pub struct TrackedRead {
    pub read: EnvRead,
    /// Inside an `if` or `try` at module level: may not run, or is caught.
    pub guarded: bool,
}

#[derive(Debug, Default)]
pub struct FlaskFacts {
    /// `SECRET_KEY` written as a literal: where, and the variable it falls back from.
    pub secret_keys: Vec<(Loc, Option<String>)>,
    /// `DEBUG = True` set in the app's config.
    pub debug: Vec<Loc>,
    /// Static files served by the app process: where, framework, folder.
    pub static_served: Vec<(Loc, &'static str, String)>,
}
