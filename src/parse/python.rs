//! Python source, read with Astral's parser (the one ruff uses). Comments,
//! strings and docstrings can never be mistaken for code.

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ModModule, Stmt};
use ruff_text_size::Ranged;

use crate::source::{SourceFile, Span};

/// A parsed module. Parsing is error-resilient: a file with syntax errors
/// still yields the statements the parser recovered, plus the errors.
pub struct PythonModule {
    pub path: String,
    pub ast: ModModule,
    pub syntax_errors: Vec<(Span, String)>,
    /// Every `#` comment, from the tokenizer (so never one inside a string).
    pub comments: Vec<Span>,
}

impl std::fmt::Debug for PythonModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PythonModule")
            .field("path", &self.path)
            .field("statements", &self.ast.body.len())
            .field("syntax_errors", &self.syntax_errors)
            .finish()
    }
}

/// How a top-level name is bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    Assignment,
    Function,
    Class,
    /// `import x` or `from m import x`.
    Import,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub name: String,
    pub kind: BindingKind,
    /// The whole statement.
    pub span: Span,
    /// Bound only inside an `if`/`try` at module level.
    pub conditional: bool,
}

/// CPython 3.11.7 (the interpreter on the development machine, checked
/// 2026-12-02 with `compile("x=" + "-" * n + "1", "f", "exec")`, the same for
/// `not` and attribute chains) compiles 2,500 nested expressions and raises
/// RecursionError at 3,000. A module nested deeper cannot be imported, so
/// paaslint keeps no tree deeper than this, and every recursive walk over a
/// kept tree stays within it.
pub const MAX_PYTHON_NESTING: usize = 3000;

/// CPython's tokenizer refuses more than 200 nested brackets ("too many
/// nested parentheses"; CPython 3.11.7 on the development machine,
/// 2026-12-02: 200 compile, 201 do not).
const MAX_BRACKET_NESTING: usize = 200;

/// Nesting CPython would refuse, found with the lexer alone: brackets past
/// its tokenizer's limit, a run of prefix operators (`- - - x`, `not not
/// x`) or of right-nesting operators in one statement deeper than it
/// compiles. (A statement with 3,000 `**` that do not nest would be refused
/// too; none is known in practice.)
fn nesting_cpython_refuses(text: &str) -> Option<String> {
    use ruff_python_ast::token::TokenKind as T;
    let mut lexer = ruff_python_parser::lexer::lex(text, ruff_python_parser::Mode::Module);
    let (mut depth, mut run, mut right_nested) = (0usize, 0usize, 0usize);
    loop {
        match lexer.next_token() {
            T::EndOfFile => return None,
            T::Newline => {
                right_nested = 0;
                run = 0;
            }
            // Each nests the rest of the statement one level (`2**2**2`,
            // `lambda: lambda: 1`, `a if b else a if b else c`).
            T::DoubleStar | T::Lambda | T::If => {
                right_nested += 1;
                run = 0;
                if right_nested > MAX_PYTHON_NESTING {
                    return Some(format!(
                        "more than {MAX_PYTHON_NESTING} `**`, `lambda` or `if` in one statement: CPython stops compiling it with RecursionError"
                    ));
                }
            }
            T::Lpar | T::Lsqb | T::Lbrace => {
                depth += 1;
                run = 0;
                if depth > MAX_BRACKET_NESTING {
                    return Some(format!(
                        "more than {MAX_BRACKET_NESTING} nested brackets: CPython stops with \"too many nested parentheses\""
                    ));
                }
            }
            T::Rpar | T::Rsqb | T::Rbrace => {
                depth = depth.saturating_sub(1);
                run = 0;
            }
            T::Minus | T::Plus | T::Tilde | T::Not | T::Await => {
                run += 1;
                if run > MAX_PYTHON_NESTING {
                    return Some(format!(
                        "more than {MAX_PYTHON_NESTING} prefix operators in a row: CPython stops compiling it with RecursionError"
                    ));
                }
            }
            _ => run = 0,
        }
    }
}

enum Node<'a> {
    Stmt(&'a Stmt),
    Expr(&'a Expr),
    Pattern(&'a ast::Pattern),
}

/// Collects the direct children one `walk_*` call visits, without descending.
#[derive(Default)]
struct DirectChildren<'a> {
    found: Vec<Node<'a>>,
}

impl<'a> Visitor<'a> for DirectChildren<'a> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.found.push(Node::Stmt(stmt));
    }
    fn visit_expr(&mut self, expr: &'a Expr) {
        self.found.push(Node::Expr(expr));
    }
    fn visit_pattern(&mut self, pattern: &'a ast::Pattern) {
        self.found.push(Node::Pattern(pattern));
    }
}

/// Where the tree first goes deeper than `bound` statements, expressions and
/// patterns, if it does. Iterative: an explicit stack, not the thread's.
fn nested_deeper_than(body: &[Stmt], bound: usize) -> Option<Span> {
    let mut stack: Vec<(Node, usize)> = body.iter().map(|s| (Node::Stmt(s), 1)).collect();
    let mut children = DirectChildren::default();
    while let Some((node, depth)) = stack.pop() {
        if depth > bound {
            return Some(match node {
                Node::Stmt(s) => span_of(s),
                Node::Expr(e) => span_of(e),
                Node::Pattern(p) => span_of(p),
            });
        }
        match node {
            Node::Stmt(s) => visitor::walk_stmt(&mut children, s),
            Node::Expr(e) => visitor::walk_expr(&mut children, e),
            Node::Pattern(p) => visitor::walk_pattern(&mut children, p),
        }
        stack.extend(children.found.drain(..).map(|n| (n, depth + 1)));
    }
    None
}

/// Takes each expression and pattern out of its parent as the walk meets it.
#[derive(Default)]
struct TakeChildren {
    exprs: std::cell::RefCell<Vec<Expr>>,
    patterns: std::cell::RefCell<Vec<ast::Pattern>>,
}

impl Transformer for TakeChildren {
    fn visit_expr(&self, expr: &mut Expr) {
        let taken = std::mem::replace(expr, Expr::NoneLiteral(ast::ExprNoneLiteral::default()));
        self.exprs.borrow_mut().push(taken);
    }
    fn visit_pattern(&self, pattern: &mut ast::Pattern) {
        let empty = ast::Pattern::MatchStar(ast::PatternMatchStar {
            node_index: ast::AtomicNodeIndex::default(),
            range: ruff_text_size::TextRange::default(),
            name: None,
        });
        self.patterns
            .borrow_mut()
            .push(std::mem::replace(pattern, empty));
    }
}

/// Drops a tree of any depth with a bounded stack: each expression and
/// pattern is detached from its parent before it is dropped. (Statements nest
/// only by indentation, which costs the file quadratic bytes, so the 2 MiB
/// read cap keeps their nesting shallow.)
fn drop_without_recursion<B: IntoIterator<Item = Stmt>>(body: B) {
    let take = TakeChildren::default();
    for mut stmt in body {
        transformer::walk_stmt(&take, &mut stmt);
    }
    loop {
        let next_expr = take.exprs.borrow_mut().pop();
        if let Some(mut expr) = next_expr {
            transformer::walk_expr(&take, &mut expr);
            continue;
        }
        let next_pattern = take.patterns.borrow_mut().pop();
        match next_pattern {
            Some(mut pattern) => transformer::walk_pattern(&take, &mut pattern),
            None => break,
        }
    }
}

pub fn span_of(node: &impl Ranged) -> Span {
    let r = node.range();
    Span::new(r.start().to_usize(), r.end().to_usize())
}

impl PythonModule {
    pub fn parse(file: &SourceFile) -> Self {
        // Nesting CPython refuses is not handed to the parser, whose
        // recursion would cost memory in proportion to it.
        if let Some(why) = nesting_cpython_refuses(&file.text) {
            return Self {
                path: file.path.clone(),
                ast: ruff_python_parser::parse_unchecked_source(
                    "",
                    ruff_python_ast::PySourceType::Python,
                )
                .into_syntax(),
                syntax_errors: vec![(Span::new(0, 0), why)],
                comments: Vec::new(),
            };
        }
        let parsed = ruff_python_parser::parse_unchecked_source(
            &file.text,
            ruff_python_ast::PySourceType::Python,
        );
        let syntax_errors = parsed
            .errors()
            .iter()
            .map(|e| (span_of(e), e.error.to_string()))
            .collect();
        let comments = parsed
            .tokens()
            .iter()
            .filter(|t| t.kind() == ruff_python_ast::token::TokenKind::Comment)
            .map(span_of)
            .collect();
        let mut ast = parsed.into_syntax();
        let mut syntax_errors: Vec<(Span, String)> = syntax_errors;
        if let Some(at) = nested_deeper_than(&ast.body, MAX_PYTHON_NESTING) {
            syntax_errors.push((
                at,
                format!(
                    "expressions nested more than {MAX_PYTHON_NESTING} levels deep: \
                     CPython stops compiling it with RecursionError"
                ),
            ));
            // Nothing later walks a tree this deep, and dropping it is done
            // without recursion.
            drop_without_recursion(std::mem::take(&mut ast.body));
        }
        Self {
            path: file.path.clone(),
            ast,
            syntax_errors,
            comments,
        }
    }

    /// Names bound at module level, in source order, including those bound
    /// inside module-level `if` and `try` blocks.
    pub fn top_level_bindings(&self) -> Vec<Binding> {
        let mut out = Vec::new();
        collect_bindings(&self.ast.body, false, &mut out);
        out
    }

    /// The expression last assigned to `name` at module level (also inside
    /// module-level `if`/`try`), e.g. the `FastAPI()` of `app = FastAPI()`.
    pub fn assigned_value(&self, name: &str) -> Option<&Expr> {
        let mut found = None;
        find_assignment(&self.ast.body, name, &mut found);
        found
    }

    /// Every call in the module, with its callee's dotted name.
    pub fn calls(&self) -> Vec<(String, &ast::ExprCall)> {
        let mut collector = CallCollector { calls: Vec::new() };
        for stmt in &self.ast.body {
            collector.visit_stmt(stmt);
        }
        collector.calls
    }

    /// The value of `os.environ.setdefault("VAR", "value")` anywhere in the module.
    pub fn environ_setdefault(&self, var: &str) -> Option<(String, Span)> {
        self.calls().into_iter().find_map(|(name, call)| {
            if !name.ends_with("environ.setdefault") {
                return None;
            }
            let key = call.arguments.find_positional(0).and_then(string_value)?;
            let value = call.arguments.find_positional(1)?;
            (key == var).then(|| Some((string_value(value)?, span_of(value))))?
        })
    }

    /// Module-level string assignments (`bind = "0.0.0.0:8000"` in gunicorn.conf.py).
    pub fn string_assignment(&self, name: &str) -> Option<(String, Span)> {
        let value = self.assigned_value(name)?;
        Some((string_value(value)?, span_of(value)))
    }

    /// The last module-level binding of `name`, as Python would see it.
    pub fn binding(&self, name: &str) -> Option<Binding> {
        self.top_level_bindings()
            .into_iter()
            .rev()
            .find(|b| b.name == name)
    }
}

struct CallCollector<'a> {
    calls: Vec<(String, &'a ast::ExprCall)>,
}

impl<'a> Visitor<'a> for CallCollector<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            if let Some(name) = dotted_name(&call.func) {
                self.calls.push((name, call));
            }
        }
        visitor::walk_expr(self, expr);
    }
}

fn find_assignment<'a>(body: &'a [Stmt], name: &str, found: &mut Option<&'a Expr>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(a) if a.targets.iter().any(|t| target_names(t).contains(&name)) => {
                *found = Some(&a.value);
            }
            Stmt::AnnAssign(a) if target_names(&a.target).contains(&name) => {
                if let Some(value) = &a.value {
                    *found = Some(value);
                }
            }
            Stmt::If(s) => {
                find_assignment(&s.body, name, found);
                for clause in &s.elif_else_clauses {
                    find_assignment(&clause.body, name, found);
                }
            }
            Stmt::Try(t) => {
                find_assignment(&t.body, name, found);
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    find_assignment(&h.body, name, found);
                }
                find_assignment(&t.orelse, name, found);
            }
            _ => {}
        }
    }
}

/// `a.b.c` for names and attribute chains; the callee for calls (`f()` → `f`).
pub fn dotted_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Name(n) => Some(n.id.to_string()),
        Expr::Attribute(a) => Some(format!("{}.{}", dotted_name(&a.value)?, a.attr.as_str())),
        Expr::Call(c) => dotted_name(&c.func),
        _ => None,
    }
}

/// The value of a plain (non-f) string literal.
pub fn string_value(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

fn collect_bindings(body: &[Stmt], conditional: bool, out: &mut Vec<Binding>) {
    for stmt in body {
        let span = span_of(stmt);
        let mut push = |name: &str, kind| {
            out.push(Binding {
                name: name.to_string(),
                kind,
                span,
                conditional,
            })
        };
        match stmt {
            Stmt::Assign(a) => {
                for target in &a.targets {
                    for name in target_names(target) {
                        push(name, BindingKind::Assignment);
                    }
                }
            }
            Stmt::AnnAssign(a) if a.value.is_some() => {
                for name in target_names(&a.target) {
                    push(name, BindingKind::Assignment);
                }
            }
            Stmt::FunctionDef(f) => push(f.name.as_str(), BindingKind::Function),
            Stmt::ClassDef(c) => push(c.name.as_str(), BindingKind::Class),
            Stmt::Import(i) => {
                for alias in &i.names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.as_str(),
                        // `import a.b` binds `a`.
                        None => alias.name.as_str().split('.').next().unwrap_or(""),
                    };
                    push(bound, BindingKind::Import);
                }
            }
            Stmt::ImportFrom(i) => {
                for alias in &i.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    push(bound.as_str(), BindingKind::Import);
                }
            }
            Stmt::If(s) => {
                collect_bindings(&s.body, true, out);
                for clause in &s.elif_else_clauses {
                    collect_bindings(&clause.body, true, out);
                }
            }
            Stmt::Try(t) => {
                collect_bindings(&t.body, true, out);
                for handler in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = handler;
                    collect_bindings(&h.body, true, out);
                }
                collect_bindings(&t.orelse, true, out);
                collect_bindings(&t.finalbody, true, out);
            }
            Stmt::With(w) => collect_bindings(&w.body, conditional, out),
            _ => {}
        }
    }
}

fn target_names(target: &Expr) -> Vec<&str> {
    match target {
        Expr::Name(n) => vec![n.id.as_str()],
        Expr::Tuple(t) => t.elts.iter().flat_map(target_names).collect(),
        Expr::List(l) => l.elts.iter().flat_map(target_names).collect(),
        Expr::Starred(s) => target_names(&s.value),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(src: &str) -> PythonModule {
        PythonModule::parse(&SourceFile::from_bytes("m.py", src.as_bytes(), 0, false))
    }

    #[test]
    fn finds_assignments_defs_and_imports() {
        let m = module(
            "from flask import Flask as F\nimport os.path\napp = F(__name__)\n\ndef create_app():\n    inner = 1\nclass C: pass\n",
        );
        let names: Vec<_> = m.top_level_bindings().into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["F", "os", "app", "create_app", "C"]);
        assert_eq!(
            m.binding("app").map(|b| b.kind),
            Some(BindingKind::Assignment)
        );
        assert!(m.binding("inner").is_none());
    }

    #[test]
    fn comments_and_strings_are_not_bindings() {
        let m = module("# app = Flask(__name__)\n\"\"\"app = 1\"\"\"\nx = 'app = 2'\n");
        assert!(m.binding("app").is_none());
    }

    #[test]
    fn conditional_and_tuple_bindings() {
        let m = module("try:\n    from a import app\nexcept ImportError:\n    app = None\nx, (y, *z) = 1, (2, 3)\n");
        let app = m.binding("app").unwrap();
        assert!(app.conditional);
        assert!(m.binding("z").is_some());
    }

    #[test]
    fn values_calls_and_setdefault() {
        let m = module("import os\nfrom fastapi import FastAPI\napp = FastAPI(title='x')\nbind = '0.0.0.0:8000'\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n");
        let value = m.assigned_value("app").unwrap();
        assert_eq!(dotted_name(value).as_deref(), Some("FastAPI"));
        assert_eq!(
            m.string_assignment("bind").map(|b| b.0).as_deref(),
            Some("0.0.0.0:8000")
        );
        assert_eq!(
            m.environ_setdefault("DJANGO_SETTINGS_MODULE")
                .map(|v| v.0)
                .as_deref(),
            Some("mysite.settings")
        );
        assert!(m.environ_setdefault("OTHER").is_none());
    }

    #[test]
    fn syntax_errors_are_reported_not_fatal() {
        let m = module("app = Flask(\n\ndef f(:\n");
        assert!(!m.syntax_errors.is_empty());
    }
}
