//! Layer `analyzers`: what importing a module does, read without running it.
//!
//! What importing a module does at import time, read without running it:
//! the modules it imports at module level and the names it uses that nothing
//! binds (NameError). Parse phase: the modules the platform imports (the
//! entry module, the Django settings and what they import from the project)
//! are collected per app; checks read only [`ImportFacts`].

use std::collections::BTreeSet;

use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};

use crate::discover::{file_name, join, parent, EntryKind};
use crate::parse::python::span_of;
use crate::reader::Reader;

pub use crate::model::imports::*;

/// Modules in the standard library of CPython 3.10 to 3.13 (the union of
/// `sys.stdlib_module_names`, see the data file).
pub fn is_stdlib(top: &str) -> bool {
    static LIST: &str = include_str!("../data/python-stdlib-modules.txt");
    LIST.lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.trim() == top)
}

/// Names every module has before its first line (CPython's module attributes).
const MODULE_DUNDERS: &[&str] = &[
    "__name__",
    "__file__",
    "__doc__",
    "__package__",
    "__spec__",
    "__loader__",
    "__builtins__",
    "__path__",
    "__cached__",
    "__annotations__",
    "__dict__",
    "__debug__",
];

/// `dir(builtins)` of CPython 3.13.0 (run on 2026-12-02), without the
/// dunders above; names added by earlier versions are all still present.
const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "_IncompleteInputError",
    "__build_class__",
    "__import__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// Module-level imports and names that would raise NameError. `star_names`
/// gives the names a `from m import *` brings (`None`: not known, which
/// turns the name check off for the module).
pub fn scan_module(
    body: &[Stmt],
    star_names: &mut dyn FnMut(&ast::StmtImportFrom) -> Option<BTreeSet<String>>,
) -> (Vec<ModuleImport>, Vec<UndefinedName>) {
    let mut imports = Vec::new();
    collect_imports(body, false, &mut imports);

    let mut bound = Bound::default();
    bound.stmts(body);
    for stmt_star in &bound.stars {
        match star_names(stmt_star) {
            Some(names) => {
                for n in names {
                    bound.first.entry(n).or_insert(0);
                }
            }
            None => bound.dynamic = true,
        }
    }
    if bound.dynamic {
        return (imports, Vec::new());
    }
    let mut uses = Uses {
        bound: &bound,
        scopes: Vec::new(),
        out: Vec::new(),
    };
    uses.stmts(body, true, false);
    let mut seen = BTreeSet::new();
    let undefined = uses
        .out
        .into_iter()
        .filter(|u| seen.insert(u.name.clone()))
        .collect();
    (imports, undefined)
}

fn collect_imports(body: &[Stmt], guarded: bool, out: &mut Vec<ModuleImport>) {
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let module = alias.name.to_string();
                    out.push(ModuleImport {
                        top: module.split('.').next().unwrap_or("").to_string(),
                        module,
                        span: span_of(alias),
                        guarded,
                    });
                }
            }
            Stmt::ImportFrom(i) if i.level == 0 => {
                if let Some(m) = &i.module {
                    let module = m.to_string();
                    out.push(ModuleImport {
                        top: module.split('.').next().unwrap_or("").to_string(),
                        module,
                        span: span_of(m),
                        guarded,
                    });
                }
            }
            Stmt::If(s) => {
                collect_imports(&s.body, true, out);
                for c in &s.elif_else_clauses {
                    collect_imports(&c.body, true, out);
                }
            }
            Stmt::Try(t) => {
                let caught = !t.handlers.is_empty();
                collect_imports(&t.body, guarded || caught, out);
                collect_imports(&t.orelse, true, out);
                collect_imports(&t.finalbody, guarded, out);
            }
            Stmt::With(w) => collect_imports(&w.body, guarded, out),
            Stmt::For(f) => collect_imports(&f.body, true, out),
            Stmt::While(w) => collect_imports(&w.body, true, out),
            _ => {}
        }
    }
}

/// Every name bound at module level, with the offset of its first binding.
#[derive(Default)]
struct Bound<'a> {
    first: std::collections::BTreeMap<String, usize>,
    stars: Vec<&'a ast::StmtImportFrom>,
    /// The module binds names in ways that cannot be read (`globals()`, `exec`, `match`).
    dynamic: bool,
}

impl<'a> Bound<'a> {
    fn bind(&mut self, name: &str, at: usize) {
        let e = self.first.entry(name.to_string()).or_insert(at);
        *e = (*e).min(at);
    }

    fn target(&mut self, t: &Expr) {
        match t {
            Expr::Name(n) => self.bind(n.id.as_str(), span_of(n).start),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts.iter().for_each(|e| self.target(e))
            }
            Expr::Starred(s) => self.target(&s.value),
            _ => {}
        }
    }

    fn stmts(&mut self, body: &'a [Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn stmt(&mut self, stmt: &'a Stmt) {
        let at = span_of(stmt).start;
        match stmt {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    self.target(t);
                    self.expr_walrus(t);
                }
                self.expr_walrus(&a.value);
            }
            Stmt::AnnAssign(a) => self.target(&a.target),
            Stmt::AugAssign(a) => self.target(&a.target),
            Stmt::Expr(e) => self.expr_walrus(&e.value),
            Stmt::For(f) => {
                self.target(&f.target);
                self.stmts(&f.body);
                self.stmts(&f.orelse);
            }
            Stmt::While(w) => {
                self.stmts(&w.body);
                self.stmts(&w.orelse);
            }
            Stmt::If(s) => {
                self.expr_walrus(&s.test);
                self.stmts(&s.body);
                for c in &s.elif_else_clauses {
                    self.stmts(&c.body);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(v) = &item.optional_vars {
                        self.target(v);
                    }
                }
                self.stmts(&w.body);
            }
            Stmt::Try(t) => {
                self.stmts(&t.body);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        self.bind(n.as_str(), at);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(&t.orelse);
                self.stmts(&t.finalbody);
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = match &alias.asname {
                        Some(a) => a.as_str(),
                        None => alias.name.as_str().split('.').next().unwrap_or(""),
                    };
                    self.bind(name, at);
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        self.stars.push(i);
                    } else {
                        let name = alias.asname.as_ref().unwrap_or(&alias.name);
                        self.bind(name.as_str(), at);
                    }
                }
            }
            Stmt::FunctionDef(f) => {
                self.bind(f.name.as_str(), at);
                // `global X` inside a function may bind X when it is called.
                let mut globals = Vec::new();
                global_names(&f.body, &mut globals);
                for g in globals {
                    self.bind(&g, 0);
                }
            }
            Stmt::ClassDef(c) => self.bind(c.name.as_str(), at),
            Stmt::TypeAlias(t) => self.target(&t.name),
            Stmt::Global(g) => g.names.iter().for_each(|n| self.bind(n.as_str(), 0)),
            Stmt::Match(_) => self.dynamic = true,
            _ => {}
        }
    }

    /// Walrus targets bind in the module scope; `globals()`, `locals()`,
    /// `vars()`, `exec` and `setattr` make the namespace unreadable.
    fn expr_walrus(&mut self, e: &Expr) {
        use ruff_python_ast::visitor::{self, Visitor};
        struct V<'b, 'a>(&'b mut Bound<'a>);
        impl<'x> Visitor<'x> for V<'_, '_> {
            fn visit_expr(&mut self, e: &'x Expr) {
                match e {
                    Expr::Named(n) => self.0.target(&n.target),
                    Expr::Name(n)
                        if matches!(
                            n.id.as_str(),
                            "globals" | "locals" | "vars" | "exec" | "eval" | "setattr"
                        ) =>
                    {
                        self.0.dynamic = true
                    }
                    Expr::Lambda(_) => return,
                    _ => {}
                }
                visitor::walk_expr(self, e);
            }
        }
        V(self).visit_expr(e);
    }
}

fn global_names(body: &[Stmt], out: &mut Vec<String>) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct V<'o>(&'o mut Vec<String>);
    impl<'x> Visitor<'x> for V<'_> {
        fn visit_stmt(&mut self, s: &'x Stmt) {
            if let Stmt::Global(g) = s {
                self.0.extend(g.names.iter().map(|n| n.to_string()));
            }
            visitor::walk_stmt(self, s);
        }
    }
    let mut v = V(out);
    for s in body {
        v.visit_stmt(s);
    }
}

/// Walks what runs at import time and records loads of unbound names.
struct Uses<'b, 'a> {
    bound: &'b Bound<'a>,
    /// Names local to enclosing class bodies, comprehensions and lambdas.
    scopes: Vec<BTreeSet<String>>,
    out: Vec<UndefinedName>,
}

impl Uses<'_, '_> {
    /// `straight`: every statement before this one ran (no `if`/loop/`try` above).
    /// `caught`: inside a `try` with handlers (a NameError may be caught).
    fn stmts(&mut self, body: &[Stmt], straight: bool, caught: bool) {
        for stmt in body {
            self.stmt(stmt, straight, caught);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, straight: bool, caught: bool) {
        let ex = |this: &mut Self, e: &Expr| this.expr(e, straight, caught);
        match stmt {
            Stmt::Assign(a) => {
                ex(self, &a.value);
                for t in &a.targets {
                    self.store_target(t, straight, caught);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    ex(self, v);
                }
            }
            Stmt::AugAssign(a) => {
                ex(self, &a.target_as_load());
                ex(self, &a.value);
            }
            Stmt::Expr(e) => ex(self, &e.value),
            Stmt::Assert(a) => ex(self, &a.test),
            Stmt::Raise(r) => {
                if let Some(e) = &r.exc {
                    ex(self, e);
                }
            }
            Stmt::Delete(_) | Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::If(s) => {
                ex(self, &s.test);
                // `if __name__ == "__main__":` never runs when a server imports the module.
                if is_main_guard(&s.test) {
                    return;
                }
                self.stmts(&s.body, false, caught);
                for c in &s.elif_else_clauses {
                    if let Some(t) = &c.test {
                        self.expr(t, false, caught);
                    }
                    self.stmts(&c.body, false, caught);
                }
            }
            Stmt::For(f) => {
                ex(self, &f.iter);
                self.stmts(&f.body, false, caught);
                self.stmts(&f.orelse, false, caught);
            }
            Stmt::While(w) => {
                ex(self, &w.test);
                self.stmts(&w.body, false, caught);
                self.stmts(&w.orelse, false, caught);
            }
            Stmt::With(w) => {
                for item in &w.items {
                    ex(self, &item.context_expr);
                }
                self.stmts(&w.body, straight, caught);
            }
            Stmt::Try(t) => {
                let has_handlers = !t.handlers.is_empty();
                self.stmts(&t.body, straight, caught || has_handlers);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    self.stmts(&h.body, false, caught);
                }
                self.stmts(&t.orelse, false, caught);
                self.stmts(&t.finalbody, false, caught);
            }
            Stmt::FunctionDef(f) => {
                for d in &f.decorator_list {
                    ex(self, &d.expression);
                }
                for p in f.parameters.iter_non_variadic_params() {
                    if let Some(d) = &p.default {
                        ex(self, d);
                    }
                }
            }
            Stmt::ClassDef(c) => {
                for d in &c.decorator_list {
                    ex(self, &d.expression);
                }
                if let Some(args) = &c.arguments {
                    for a in &args.args {
                        ex(self, a);
                    }
                    for k in &args.keywords {
                        ex(self, &k.value);
                    }
                }
                // The class body runs now, with its own names visible to it.
                let mut local = Bound::default();
                local.stmts(&c.body);
                self.scopes.push(local.first.into_keys().collect());
                self.stmts(&c.body, false, caught);
                self.scopes.pop();
            }
            _ => {}
        }
    }

    fn store_target(&mut self, t: &Expr, straight: bool, caught: bool) {
        // `X[k] = v` and `X.a = v` load X.
        match t {
            Expr::Subscript(s) => {
                self.expr(&s.value, straight, caught);
                self.expr(&s.slice, straight, caught);
            }
            Expr::Attribute(a) => self.expr(&a.value, straight, caught),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                elts.iter()
                    .for_each(|e| self.store_target(e, straight, caught))
            }
            _ => {}
        }
    }

    fn load(&mut self, n: &ast::ExprName, straight: bool, caught: bool) {
        let name = n.id.as_str();
        if caught
            || BUILTINS.contains(&name)
            || MODULE_DUNDERS.contains(&name)
            || self.scopes.iter().any(|s| s.contains(name))
        {
            return;
        }
        let at = span_of(n).start;
        match self.bound.first.get(name) {
            None => self.out.push(UndefinedName {
                name: name.to_string(),
                span: span_of(n),
                bound_later: false,
            }),
            // Used before the first binding, in code that runs top to bottom.
            Some(first) if straight && *first > at && self.scopes.is_empty() => {
                self.out.push(UndefinedName {
                    name: name.to_string(),
                    span: span_of(n),
                    bound_later: true,
                })
            }
            Some(_) => {}
        }
    }

    fn expr(&mut self, e: &Expr, straight: bool, caught: bool) {
        use ruff_python_ast::visitor::{self, Visitor};
        struct V<'u, 'b, 'a> {
            u: &'u mut Uses<'b, 'a>,
            straight: bool,
            caught: bool,
        }
        impl<'x> Visitor<'x> for V<'_, '_, '_> {
            fn visit_expr(&mut self, e: &'x Expr) {
                match e {
                    Expr::Name(n) if n.ctx == ExprContext::Load => {
                        self.u.load(n, self.straight, self.caught)
                    }
                    // The body runs when called; only the defaults run now.
                    Expr::Lambda(l) => {
                        if let Some(p) = &l.parameters {
                            for p in p.iter_non_variadic_params() {
                                if let Some(d) = &p.default {
                                    self.visit_expr(d);
                                }
                            }
                        }
                    }
                    Expr::ListComp(ast::ExprListComp {
                        elt, generators, ..
                    })
                    | Expr::SetComp(ast::ExprSetComp {
                        elt, generators, ..
                    }) => self.comprehension(generators, &[elt]),
                    Expr::DictComp(d) => {
                        let mut elts: Vec<&Expr> = vec![&d.value];
                        elts.extend(d.key.as_deref());
                        self.comprehension(&d.generators, &elts)
                    }
                    // A generator runs its first iterable now, the rest when consumed.
                    Expr::Generator(g) => {
                        if let Some(first) = g.generators.first() {
                            self.visit_expr(&first.iter);
                        }
                    }
                    _ => visitor::walk_expr(self, e),
                }
            }
        }
        impl V<'_, '_, '_> {
            fn comprehension(&mut self, gens: &[ast::Comprehension], elts: &[&Expr]) {
                let mut local = BTreeSet::new();
                let mut targets = Bound::default();
                for g in gens {
                    targets.target(&g.target);
                    if let Expr::Named(_) = &g.iter {
                        // Walrus in a comprehension binds in the module: already counted.
                    }
                }
                local.extend(targets.first.into_keys());
                for (i, g) in gens.iter().enumerate() {
                    if i == 0 {
                        self.visit_expr(&g.iter);
                    }
                }
                self.u.scopes.push(local);
                for (i, g) in gens.iter().enumerate() {
                    if i > 0 {
                        self.visit_expr(&g.iter);
                    }
                    for cond in &g.ifs {
                        self.visit_expr(cond);
                    }
                }
                for e in elts {
                    self.visit_expr(e);
                }
                self.u.scopes.pop();
            }
        }
        V {
            u: self,
            straight,
            caught,
        }
        .visit_expr(e);
    }
}

/// `__name__ == "__main__"` (either way round).
fn is_main_guard(test: &Expr) -> bool {
    let Expr::Compare(c) = test else {
        return false;
    };
    let (Some(right), [ast::CmpOp::Eq]) = (c.comparators.first(), &*c.ops) else {
        return false;
    };
    let is_name = |e: &Expr| matches!(e, Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = |e: &Expr| matches!(e, Expr::StringLiteral(l) if l.value.to_str() == "__main__");
    (is_name(&c.left) && is_main(right)) || (is_main(&c.left) && is_name(right))
}

trait AugLoad {
    fn target_as_load(&self) -> Expr;
}

impl AugLoad for ast::StmtAugAssign {
    /// `X += 1` loads X first.
    fn target_as_load(&self) -> Expr {
        match self.target.as_ref() {
            Expr::Name(n) => Expr::Name(ast::ExprName {
                ctx: ExprContext::Load,
                ..n.clone()
            }),
            other => other.clone(),
        }
    }
}

/// The top-level names the app's own code provides: modules and packages
/// (with or without `__init__.py`) in `roots`, which are the app root, its
/// `src/` and the folders its entry modules and `manage.py` are imported from.
fn local_tops(project: &Reader, roots: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for root in roots {
        for (path, entry) in project.inventory.children(root) {
            let name = file_name(path);
            if entry.kind == EntryKind::Dir {
                out.insert(name.to_string());
            } else if let Some(stem) = name.strip_suffix(".py") {
                out.insert(stem.to_string());
            } else if name.ends_with(".so") || name.ends_with(".pyd") {
                out.insert(name.split('.').next().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// Modules evaluated at most, and followed at most this deep.
const MAX_MODULES: usize = 64;

/// Collects what the platform imports for one app (parse phase): `starts`
/// are (file, why) pairs: the served module, the settings module.
pub fn collect(
    project: &mut Reader,
    app_root: &str,
    starts: Vec<(String, String)>,
    extra_roots: &[String],
) -> ImportFacts {
    let mut roots = vec![app_root.to_string(), join(app_root, "src")];
    for r in extra_roots {
        if !roots.contains(r) {
            roots.push(r.clone());
        }
    }
    // The folder each start module is imported from is on the path too.
    for (path, _) in &starts {
        let dir = parent(path).to_string();
        if !roots.contains(&dir) && !project.inventory.is_file(&join(&dir, "__init__.py")) {
            roots.push(dir);
        }
    }
    let mut facts = ImportFacts {
        modules: Vec::new(),
        local_tops: local_tops(project, &roots),
        startup_modules: Vec::new(),
    };
    let mut queue: std::collections::VecDeque<(String, String)> = starts.into();
    let mut seen: Vec<String> = Vec::new();
    while let Some((path, why)) = queue.pop_front() {
        if seen.contains(&path) || seen.len() >= MAX_MODULES {
            continue;
        }
        seen.push(path.clone());
        if project.load_python(&path).is_none() {
            continue;
        }
        // Preload what it imports from the project, and their star imports.
        let mut targets = Vec::new();
        if let Some(m) = project.python_module(&path) {
            let exists = |q: &str| project.inventory.is_file(q);
            project_imports_unguarded(&m.ast.body, &path, &roots, &exists, &mut targets);
        }
        for t in &targets {
            project.load_python(t);
        }
        let project_ref: &Reader = project;
        let Some(module) = project_ref.python_module(&path) else {
            continue;
        };
        if !module.syntax_errors.is_empty() {
            continue;
        }
        let mut star = |i: &ast::StmtImportFrom| star_names(project_ref, &path, i, &roots, 0);
        let (imports, undefined) = scan_module(&module.ast.body, &mut star);
        facts.modules.push(ImportedModule {
            path: path.clone(),
            why,
            imports,
            undefined,
        });
        for t in targets {
            queue.push_back((t, format!("imported by {path}")));
        }
    }
    facts
}

/// The names `from m import *` brings from a project module; `None` when the
/// module is not in the project or binds names dynamically.
fn star_names(
    project: &Reader,
    importer: &str,
    i: &ast::StmtImportFrom,
    roots: &[String],
    depth: usize,
) -> Option<BTreeSet<String>> {
    if depth > 8 {
        return None;
    }
    let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
    let exists = |q: &str| project.inventory.is_file(q);
    let path = crate::settings::eval::resolve_import(&exists, importer, module, i.level, roots)?;
    let m = project.python_module(&path)?;
    let mut bound = Bound::default();
    bound.stmts(&m.ast.body);
    if bound.dynamic {
        return None;
    }
    let mut names: BTreeSet<String> = bound.first.into_keys().collect();
    for s in bound.stars {
        names.extend(star_names(project, &path, s, roots, depth + 1)?);
    }
    Some(names)
}

/// Project modules imported at module level outside `try`/`if` (those run
/// for sure), plus the targets of every star import.
fn project_imports_unguarded(
    body: &[Stmt],
    importer: &str,
    roots: &[String],
    exists: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) {
    let resolve = |module: &str, level: u32| {
        crate::settings::eval::resolve_import(exists, importer, module, level, roots)
    };
    for stmt in body {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    if let Some(p) = resolve(alias.name.as_str(), 0) {
                        out.push(p);
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                if let Some(p) = resolve(module, i.level) {
                    out.push(p.clone());
                    // `from pkg import mod` imports pkg/mod.py.
                    if file_name(&p) == "__init__.py" {
                        for alias in &i.names {
                            let sub = join(parent(&p), &format!("{}.py", alias.name));
                            if exists(&sub) {
                                out.push(sub);
                            }
                        }
                    }
                }
            }
            Stmt::With(w) => project_imports_unguarded(&w.body, importer, roots, exists, out),
            _ => {}
        }
    }
}

/// The import-name data (see data/import-names.toml).
#[derive(Debug, serde::Deserialize)]
struct NameData {
    import: Vec<ImportEntry>,
    requires: Vec<RequiresEntry>,
}

#[derive(Debug, serde::Deserialize)]
struct ImportEntry {
    name: String,
    dists: Vec<String>,
    #[serde(default)]
    prefix: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct RequiresEntry {
    dist: String,
    requires: Vec<String>,
}

fn name_data() -> &'static NameData {
    static DATA: std::sync::OnceLock<NameData> = std::sync::OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str(include_str!("../data/import-names.toml")).unwrap_or(NameData {
            import: Vec::new(),
            requires: Vec::new(),
        })
    })
}

/// The distributions (normalised) that install the top-level module `top`,
/// and a name prefix for namespace packages (`google-`).
pub fn distributions_for(top: &str) -> (Vec<String>, Option<String>) {
    let normalize = crate::parse::lockfile::normalize;
    match name_data().import.iter().find(|e| e.name == top) {
        Some(e) => (
            e.dists.iter().map(|d| normalize(d)).collect(),
            e.prefix.clone(),
        ),
        None => (vec![normalize(top)], None),
    }
}

/// What each distribution the data read requires (normalised names).
fn requires_map() -> &'static std::collections::HashMap<String, Vec<String>> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<String, Vec<String>>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let normalize = crate::parse::lockfile::normalize;
        let mut map: std::collections::HashMap<String, Vec<String>> = Default::default();
        for r in &name_data().requires {
            map.entry(normalize(&r.dist))
                .or_default()
                .extend(r.requires.iter().map(|d| normalize(d)));
        }
        map
    })
}

/// What a dependency installs besides itself (normalised), as far as the data knows.
pub fn requirements_of(dist: &str) -> &'static [String] {
    requires_map().get(dist).map_or(&[], Vec::as_slice)
}

/// Whether the data read this distribution's metadata.
pub fn is_known_distribution(dist: &str) -> bool {
    let normalize = crate::parse::lockfile::normalize;
    name_data()
        .requires
        .iter()
        .any(|r| normalize(&r.dist) == dist)
}

/// Whether three or more known packages depend on `dist`, so that a dependency
/// may install it without it being declared.
pub fn is_common_dependency(dist: &str) -> bool {
    // Three dependents at least: what only a helper or two pull in
    // (dj-database-url and whitenoise: django-heroku, django-on-heroku) is
    // declared directly; requests, Django, pydantic, click are shared.
    requires_map()
        .values()
        .filter(|r| r.iter().any(|d| d == dist))
        .count()
        >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn undefined(src: &str) -> Vec<(String, bool)> {
        let parsed = ruff_python_parser::parse_module(src).expect("valid python");
        let (_, names) = scan_module(&parsed.syntax().body, &mut |_| None);
        names.into_iter().map(|u| (u.name, u.bound_later)).collect()
    }

    #[test]
    fn import_data_parses_and_maps_names() {
        assert!(!name_data().import.is_empty() && !name_data().requires.is_empty());
        assert_eq!(distributions_for("decouple").0, ["python-decouple"]);
        assert_eq!(distributions_for("flask_cors").0, ["flask-cors"]);
        assert!(requirements_of("flask").contains(&"jinja2".to_string()));
        assert!(is_common_dependency("requests") && is_common_dependency("django"));
        assert!(!is_common_dependency("dj-database-url"));
        assert!(!is_common_dependency("python-decouple"));
        assert!(is_known_distribution("whitenoise") && !is_known_distribution("modelcluster"));
        assert!(is_stdlib("os") && is_stdlib("distutils") && !is_stdlib("decouple"));
    }

    #[test]
    fn names_never_bound_are_reported() {
        assert_eq!(
            undefined("SECRET = os.environ['X']\n"),
            [("os".to_string(), false)]
        );
        assert!(undefined("import os\nSECRET = os.environ['X']\n").is_empty());
    }

    #[test]
    fn use_before_binding_only_in_straight_code() {
        assert_eq!(
            undefined("DEBUG = env('D')\nenv = 1\n"),
            [("env".to_string(), true)]
        );
        assert!(undefined("if x := 1:\n    y = 1\nprint(x, y)\n").is_empty());
        assert!(undefined("for i in range(2):\n    if i: print(a)\n    a = i\n").is_empty());
    }

    #[test]
    fn scopes_builtins_and_guards_are_respected() {
        let src = "\
import os
def f(a=os.sep):
    return undefined_in_body
class C:
    X = 1
    Y = X + 1
L = [i for i in range(3) if i]
D = {k: v for k, v in {}.items()}
g = lambda z: z + nope
try:
    import fancy
except ImportError:
    fancy = None
try:
    maybe_missing
except NameError:
    pass
print(__file__, len(L))
";
        assert!(undefined(src).is_empty(), "{:?}", undefined(src));
    }

    #[test]
    fn star_imports_of_unknown_modules_turn_the_check_off() {
        assert!(undefined("from somewhere import *\nX = Y\n").is_empty());
        let parsed = ruff_python_parser::parse_module("from base import *\nX = Y\nZ = W\n")
            .expect("valid python");
        let (_, names) = scan_module(&parsed.syntax().body, &mut |_| {
            Some(["Y".to_string()].into_iter().collect())
        });
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].name, "W");
    }

    #[test]
    fn main_guard_bodies_do_not_run_on_import() {
        assert!(undefined("if __name__ == '__main__':\n    run(debug=FLAG)\n").is_empty());
        assert_eq!(undefined("if X:\n    pass\n").len(), 1);
    }

    #[test]
    fn dynamic_namespaces_turn_the_check_off() {
        assert!(undefined("globals()['A'] = 1\nB = A\n").is_empty());
    }

    #[test]
    fn imports_are_guarded_inside_try_and_if() {
        let parsed = ruff_python_parser::parse_module(
            "import os, a.b\nfrom c import d\ntry:\n    import e\nexcept ImportError:\n    pass\nif X:\n    import f\nfrom . import g\n",
        )
        .expect("valid python");
        let (imports, _) = scan_module(&parsed.syntax().body, &mut |_| None);
        let got: Vec<(&str, bool)> = imports
            .iter()
            .map(|i| (i.top.as_str(), i.guarded))
            .collect();
        assert_eq!(
            got,
            [
                ("os", false),
                ("a", false),
                ("c", false),
                ("e", true),
                ("f", true)
            ]
        );
    }
}
