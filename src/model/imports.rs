//! The import facts of one app: the modules the platform imports at start,
//! what each imports at module level, and the names it uses that nothing binds.

use std::collections::BTreeSet;

use crate::source::Span;

/// One module-level `import` of another top-level package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleImport {
    /// Dotted name as written (`django.contrib`, `decouple`).
    pub module: String,
    /// Its first part, the name Python looks up on `sys.path`.
    pub top: String,
    pub span: Span,
    /// Inside `if`, `try` or a loop at module level: may not run, or is caught.
    pub guarded: bool,
}

/// A name used at import time that no statement of the module binds first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndefinedName {
    pub name: String,
    pub span: Span,
    /// Bound later in the module (used before its binding), not never.
    pub bound_later: bool,
}

/// A module the platform imports, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedModule {
    pub path: String,
    /// `the settings module`, `imported by mysite/settings.py`, ….
    pub why: String,
    pub imports: Vec<ModuleImport>,
    pub undefined: Vec<UndefinedName>,
}

#[derive(Debug, Clone, Default)]
pub struct ImportFacts {
    pub modules: Vec<ImportedModule>,
    /// Top-level names the app's own code provides (modules, packages,
    /// namespace packages, also under `src/`).
    pub local_tops: BTreeSet<String>,
    /// The modules the platform imports when the app starts (start modules,
    /// settings modules and the project modules they import directly),
    /// whether or not they parse: `entry::imported_modules`, computed once
    /// by the build.
    pub startup_modules: Vec<String>,
}

impl ImportFacts {
    pub fn is_local(&self, top: &str) -> bool {
        self.local_tops.contains(top)
    }
}
