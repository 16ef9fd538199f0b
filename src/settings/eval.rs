//! A safe evaluator for settings modules: walks the module-level statements
//! of already-parsed Python and computes what each name is bound to, keeping
//! environment reads and branches symbolic. Function bodies never run, no
//! code is imported or executed.

use ruff_python_ast::{
    self as ast, BoolOp, CmpOp, Expr, FStringPart, InterpolatedStringElement, Number, Operator,
    Stmt, UnaryOp,
};

use super::value::{
    Cast, Elem, EnvRead, Loc, Value, MAX_VALUE_DEPTH, MAX_VALUE_NODES, MAX_VALUE_TEXT,
};
use crate::discover::{join, parent};
use crate::reader::Reader;

pub use crate::model::settings::{Binding, Namespace, TrackedRead};
use crate::parse::python::span_of;

/// Evaluates modules of one project. `roots` are the folders absolute
/// imports are resolved from.
pub struct Evaluator<'a> {
    reader: &'a Reader,
    roots: Vec<String>,
    stack: Vec<String>,
    pub reads: Vec<TrackedRead>,
    /// Modules evaluated, in the order they were entered.
    pub files: Vec<String>,
    /// Calls of known settings helpers that rewrite settings (`django_heroku.settings`).
    pub helpers: Vec<(String, Loc)>,
    /// Expressions being evaluated, one inside the other: bounded by
    /// [`MAX_EXPR_DEPTH`] so that recursion never depends on the input.
    depth: usize,
}

#[derive(Clone, Copy)]
struct Ctx<'m> {
    path: &'m str,
    text: &'m str,
    guarded: bool,
}

const MAX_DEPTH: usize = 16;
/// Deeper expressions evaluate to unknown. Settings nest a few levels; the
/// bound keeps the evaluator's recursion small on any thread's stack.
const MAX_EXPR_DEPTH: usize = 64;

impl<'a> Evaluator<'a> {
    pub fn new(reader: &'a Reader, roots: Vec<String>) -> Self {
        Self {
            reader,
            roots,
            stack: Vec::new(),
            reads: Vec::new(),
            files: Vec::new(),
            helpers: Vec::new(),
            depth: 0,
        }
    }

    /// Evaluates the module at `path` (must have been loaded) into a namespace.
    pub fn module(&mut self, path: &str) -> Namespace {
        let mut ns = Namespace::new();
        let reader = self.reader;
        let (Some(module), Some(file)) = (reader.python_module(path), reader.file(path)) else {
            return ns;
        };
        if self.stack.iter().any(|p| p == path) || self.stack.len() > MAX_DEPTH {
            return ns;
        }
        self.stack.push(path.to_string());
        if !self.files.iter().any(|p| p == path) {
            self.files.push(path.to_string());
        }
        let cx = Ctx {
            path,
            text: &file.text,
            guarded: false,
        };
        self.exec(&module.ast.body, &mut ns, cx);
        self.stack.pop();
        ns
    }

    fn loc(&self, cx: Ctx, node: &impl ruff_text_size::Ranged) -> Loc {
        Loc {
            path: cx.path.to_string(),
            span: span_of(node),
        }
    }

    fn exec(&mut self, body: &[Stmt], ns: &mut Namespace, cx: Ctx) {
        for stmt in body {
            self.stmt(stmt, ns, cx);
        }
    }

    fn stmt(&mut self, stmt: &Stmt, ns: &mut Namespace, cx: Ctx) {
        let loc = self.loc(cx, stmt);
        match stmt {
            Stmt::Assign(a) => {
                let value = self.expr(&a.value, ns, cx);
                for target in &a.targets {
                    self.assign(target, value.clone(), &loc, ns, cx);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.expr(v, ns, cx);
                    self.assign(&a.target, value, &loc, ns, cx);
                }
            }
            Stmt::AugAssign(a) => {
                let right = self.expr(&a.value, ns, cx);
                if let Expr::Name(n) = a.target.as_ref() {
                    let left = lookup(ns, n.id.as_str(), cx.path);
                    let value = binop(&left, a.op, &right);
                    ns.insert(n.id.to_string(), Binding { value, loc });
                }
            }
            Stmt::Expr(e) => self.call_statement(&e.value, ns, cx),
            // `assert "X" in os.environ`: raises when nothing is set.
            Stmt::Assert(a) => {
                let test = self.expr(&a.test, ns, cx);
                if test.is_symbolic() && test.when_unset().truthy() == Some(false) {
                    self.require(&test.vars(), &loc, cx);
                }
            }
            Stmt::If(s) => {
                // `if not X: raise ImproperlyConfigured(…)` raises when X is unset.
                if matches!(s.body.first(), Some(Stmt::Raise(_))) {
                    let test = self.expr(&s.test, ns, cx);
                    if test.is_symbolic() && test.when_unset().truthy() == Some(true) {
                        self.require(&test.vars(), &loc, cx);
                    }
                }
                self.if_stmt(s, ns, cx)
            }
            Stmt::Try(t) => {
                let inner = Ctx {
                    guarded: true,
                    ..cx
                };
                self.exec(&t.body, ns, inner);
                self.exec(&t.orelse, ns, inner);
                self.exec(&t.finalbody, ns, cx);
            }
            Stmt::With(w) => self.exec(&w.body, ns, cx),
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.as_str();
                    match &alias.asname {
                        Some(asname) => {
                            bind(ns, asname.as_str(), Value::Module(full.to_string()), &loc)
                        }
                        None => {
                            let first = full.split('.').next().unwrap_or(full);
                            bind(ns, first, Value::Module(first.to_string()), &loc);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => self.import_from(i, ns, &loc, cx),
            Stmt::FunctionDef(f) => bind(
                ns,
                f.name.as_str(),
                Value::Unknown(format!("function {}", f.name)),
                &loc,
            ),
            Stmt::ClassDef(c) => bind(
                ns,
                c.name.as_str(),
                Value::Unknown(format!("class {}", c.name)),
                &loc,
            ),
            _ => {}
        }
    }

    fn assign(&mut self, target: &Expr, value: Value, loc: &Loc, ns: &mut Namespace, cx: Ctx) {
        match target {
            Expr::Name(n) => bind(ns, n.id.as_str(), value, loc),
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = value.as_list().map(|l| l.to_vec());
                for (i, t) in elts.iter().enumerate() {
                    let v = items
                        .as_ref()
                        .and_then(|l| l.get(i))
                        .map(|e| e.value.clone())
                        .unwrap_or_else(|| Value::Unknown("unpacked value".into()));
                    self.assign(t, v, loc, ns, cx);
                }
            }
            // `DATABASES["default"] = …`, `DATABASES["default"]["ENGINE"] = …`
            Expr::Subscript(s) => {
                let mut keys = Vec::new();
                let mut base = target;
                while let Expr::Subscript(sub) = base {
                    keys.push(self.expr(&sub.slice, ns, cx));
                    base = &sub.value;
                }
                keys.reverse();
                let Expr::Name(n) = base else { return };
                let _ = s;
                let Some(binding) = ns.get_mut(n.id.as_str()) else {
                    return;
                };
                let elem = Elem {
                    value,
                    loc: loc.clone(),
                };
                if keys.len() > MAX_VALUE_DEPTH {
                    binding.value = too_large();
                    return;
                }
                set_path(&mut binding.value, &keys, elem);
                if binding.value.exceeds_bounds() {
                    binding.value = too_large();
                }
            }
            _ => {}
        }
    }

    /// `X.append(…)`, `X.insert(i, …)`, `X.extend(…)`, `X.remove(…)`,
    /// `X.update(…)` on module-level names, and helpers that rewrite settings.
    fn call_statement(&mut self, expr: &Expr, ns: &mut Namespace, cx: Ctx) {
        let Expr::Call(call) = expr else {
            self.expr(expr, ns, cx);
            return;
        };
        if let Expr::Attribute(attr) = call.func.as_ref() {
            if let Expr::Name(n) = attr.value.as_ref() {
                let method = attr.attr.as_str();
                let args: Vec<Value> = call
                    .arguments
                    .args
                    .iter()
                    .map(|a| self.expr(a, ns, cx))
                    .collect();
                let arg_locs: Vec<Loc> = call
                    .arguments
                    .args
                    .iter()
                    .map(|a| self.loc(cx, a))
                    .collect();
                if let Some(binding) = ns.get_mut(n.id.as_str()) {
                    if mutate(&mut binding.value, method, &args, &arg_locs) {
                        if binding.value.exceeds_bounds() {
                            binding.value = too_large();
                        }
                        return;
                    }
                }
                let callee = lookup(ns, n.id.as_str(), cx.path);
                if let Value::Module(m) = &callee {
                    let qualified = format!("{m}.{method}");
                    if matches!(
                        qualified.as_str(),
                        "django_heroku.settings" | "django_on_heroku.settings"
                    ) {
                        let loc = self.loc(cx, call);
                        self.helpers.push((qualified.clone(), loc.clone()));
                        apply_django_heroku(ns, call, &loc, cx);
                        return;
                    }
                }
            }
        }
        self.expr(expr, ns, cx);
    }

    fn if_stmt(&mut self, s: &ast::StmtIf, ns: &mut Namespace, cx: Ctx) {
        // Turn `if/elif/else` into nested two-way branches.
        let mut clauses: Vec<(Option<&Expr>, &[Stmt])> = vec![(Some(s.test.as_ref()), &s.body)];
        for clause in &s.elif_else_clauses {
            clauses.push((clause.test.as_ref(), &clause.body));
        }
        let inner = Ctx {
            guarded: true,
            ..cx
        };
        self.clauses(&clauses, ns, inner);
    }

    fn clauses(&mut self, clauses: &[(Option<&Expr>, &[Stmt])], ns: &mut Namespace, cx: Ctx) {
        let Some(((test, body), rest)) = clauses.split_first() else {
            return;
        };
        let Some(test) = test else {
            // `else:`
            self.exec(body, ns, cx);
            return;
        };
        let cond = self.expr(test, ns, cx);
        match cond.truthy() {
            Some(true) => self.exec(body, ns, cx),
            Some(false) => self.clauses(rest, ns, cx),
            None => {
                let mut then_ns = ns.clone();
                self.exec(body, &mut then_ns, cx);
                let mut else_ns = ns.clone();
                self.clauses(rest, &mut else_ns, cx);
                let cond_text = cx
                    .text
                    .get(span_of(test).start..span_of(test).end)
                    .unwrap_or("")
                    .to_string();
                let taken = cond.when_unset().truthy();
                let names: Vec<String> = then_ns.keys().chain(else_ns.keys()).cloned().collect();
                for name in names {
                    let a = then_ns.get(&name);
                    let b = else_ns.get(&name);
                    if a == b {
                        if let Some(a) = a {
                            ns.insert(name, a.clone());
                        }
                        continue;
                    }
                    let loc = a.or(b).map(|x| x.loc.clone()).unwrap_or(Loc {
                        path: cx.path.to_string(),
                        span: span_of(test),
                    });
                    let value_of = |x: Option<&Binding>| {
                        x.map(|x| x.value.clone()).unwrap_or(Value::Undefined)
                    };
                    let value = Value::Branch {
                        cond: cond_text.clone(),
                        cond_vars: cond.vars(),
                        taken_when_unset: taken,
                        then: Box::new(value_of(a)),
                        orelse: Box::new(value_of(b)),
                    };
                    ns.insert(name, Binding { value, loc });
                }
            }
        }
    }

    fn import_from(&mut self, i: &ast::StmtImportFrom, ns: &mut Namespace, loc: &Loc, cx: Ctx) {
        let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        let target = resolve_import(&self.project_files(), cx.path, module, i.level, &self.roots);
        match target {
            Some(path) if self.reader.python_module(&path).is_some() => {
                let imported = self.module(&path);
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        for (k, v) in imported.iter().filter(|(k, _)| !k.starts_with('_')) {
                            ns.insert(k.clone(), v.clone());
                        }
                    } else {
                        let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                        let value = imported
                            .get(name)
                            .map(|b| b.value.clone())
                            .unwrap_or_else(|| Value::Unknown(format!("{module}.{name}")));
                        bind(ns, bound, value, loc);
                    }
                }
            }
            _ => {
                for alias in &i.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        continue;
                    }
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    bind(ns, bound, Value::Module(format!("{module}.{name}")), loc);
                }
            }
        }
    }

    fn project_files(&self) -> impl Fn(&str) -> bool + '_ {
        |p: &str| self.reader.inventory.is_file(p)
    }

    /// Evaluates an expression. Environment reads are recorded as met. Past
    /// the depth or size bounds the value is unknown.
    fn expr(&mut self, expr: &Expr, ns: &Namespace, cx: Ctx) -> Value {
        if self.depth >= MAX_EXPR_DEPTH {
            return Value::Unknown("expression nested too deeply".into());
        }
        self.depth += 1;
        let value = self.expr_within_bounds(expr, ns, cx);
        self.depth -= 1;
        bounded(value)
    }

    fn expr_within_bounds(&mut self, expr: &Expr, ns: &Namespace, cx: Ctx) -> Value {
        match expr {
            Expr::StringLiteral(s) => Value::Str(s.value.to_str().to_string()),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i
                    .as_i64()
                    .map(Value::Int)
                    .unwrap_or(Value::Unknown("large int".into())),
                Number::Float(f) => Value::Float(*f),
                Number::Complex { .. } => Value::Unknown("complex".into()),
            },
            Expr::BooleanLiteral(b) => Value::Bool(b.value),
            Expr::NoneLiteral(_) => Value::None,
            Expr::List(ast::ExprList { elts, .. })
            | Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                let mut items = Vec::new();
                for e in elts {
                    if let Expr::Starred(s) = e {
                        match self.expr(&s.value, ns, cx) {
                            Value::List(l) => items.extend(l),
                            other => items.push(Elem {
                                value: Value::Unknown(format!("*{}", other.describe())),
                                loc: self.loc(cx, e),
                            }),
                        }
                        continue;
                    }
                    let value = self.expr(e, ns, cx);
                    items.push(Elem {
                        value,
                        loc: self.loc(cx, e),
                    });
                    if items.len() > MAX_VALUE_NODES {
                        return too_large();
                    }
                }
                Value::List(items)
            }
            Expr::Dict(d) => {
                let mut items = Vec::new();
                for item in &d.items {
                    let value = self.expr(&item.value, ns, cx);
                    match &item.key {
                        Some(k) => {
                            let key = self.expr(k, ns, cx);
                            items.push((
                                key,
                                Elem {
                                    value,
                                    loc: self.loc(cx, &item.value),
                                },
                            ));
                        }
                        None => {
                            if let Value::Dict(more) = value {
                                items.extend(more);
                            }
                        }
                    }
                    if items.len() > MAX_VALUE_NODES {
                        return too_large();
                    }
                }
                Value::Dict(items)
            }
            Expr::FString(f) => self.fstring(f, ns, cx),
            Expr::Name(n) => match n.id.as_str() {
                "__file__" => Value::Path(cx.path.to_string()),
                name => lookup(ns, name, cx.path),
            },
            Expr::Attribute(a) => {
                let base = self.expr(&a.value, ns, cx);
                attribute(&base, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let base = self.expr(&s.value, ns, cx);
                let key = self.expr(&s.slice, ns, cx);
                match (&base, &key) {
                    (Value::Module(m), Value::Str(var)) if m == "os.environ" => {
                        self.env(var, None, Cast::Str, true, cx, expr)
                    }
                    (Value::Dict(_), Value::Str(k)) => base
                        .get(k)
                        .map(|e| e.value.clone())
                        .unwrap_or(Value::Unknown(format!("missing key {k:?}"))),
                    (Value::List(l), Value::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| l.get(i))
                        .map(|e| e.value.clone())
                        .unwrap_or(Value::Unknown("index".into())),
                    _ => Value::Unknown("subscript".into()),
                }
            }
            Expr::BinOp(b) => {
                let l = self.expr(&b.left, ns, cx);
                let r = self.expr(&b.right, ns, cx);
                binop(&l, b.op, &r)
            }
            Expr::UnaryOp(u) => {
                let v = self.expr(&u.operand, ns, cx);
                match u.op {
                    UnaryOp::Not => lift(&[v], |a| match a.first().and_then(Value::truthy) {
                        Some(t) => Value::Bool(!t),
                        None => Value::Unknown("not …".into()),
                    }),
                    UnaryOp::USub => match v {
                        Value::Int(i) => Value::Int(-i),
                        _ => Value::Unknown("-…".into()),
                    },
                    _ => Value::Unknown("unary".into()),
                }
            }
            Expr::BoolOp(b) => {
                // Later operands may not run: their reads are guarded.
                let later = Ctx {
                    guarded: true,
                    ..cx
                };
                let values: Vec<Value> = b
                    .values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.expr(v, ns, if i == 0 { cx } else { later }))
                    .collect();
                let op = b.op;
                lift(&values, move |vals| boolop(op, vals))
            }
            Expr::Compare(c) => {
                if let Some(v) = self.in_environ(c, ns, cx) {
                    return v;
                }
                let mut operands = vec![self.expr(&c.left, ns, cx)];
                for comp in &c.comparators {
                    operands.push(self.expr(comp, ns, cx));
                }
                let ops = c.ops.to_vec();
                lift(&operands, move |vals| compare(&ops, vals))
            }
            Expr::If(i) => {
                let cond = self.expr(&i.test, ns, cx);
                let sides = Ctx {
                    guarded: true,
                    ..cx
                };
                let then = self.expr(&i.body, ns, sides);
                let orelse = self.expr(&i.orelse, ns, sides);
                match cond.truthy() {
                    Some(true) => then,
                    Some(false) => orelse,
                    None => Value::Branch {
                        cond: cx
                            .text
                            .get(span_of(i.test.as_ref()).start..span_of(i.test.as_ref()).end)
                            .unwrap_or("")
                            .to_string(),
                        cond_vars: cond.vars(),
                        taken_when_unset: cond.when_unset().truthy(),
                        then: Box::new(then),
                        orelse: Box::new(orelse),
                    },
                }
            }
            Expr::Call(call) => self.call(call, ns, cx),
            _ => Value::Unknown("expression".into()),
        }
    }

    /// `"X" in os.environ`: false when nothing is set.
    fn in_environ(&mut self, c: &ast::ExprCompare, ns: &Namespace, cx: Ctx) -> Option<Value> {
        let ([op], [right]) = (&*c.ops, &*c.comparators) else {
            return None;
        };
        if !matches!(op, CmpOp::In | CmpOp::NotIn) {
            return None;
        }
        if self.expr(right, ns, cx) != Value::Module("os.environ".into()) {
            return None;
        }
        let var = self.expr(&c.left, ns, cx).as_str()?.to_string();
        self.env(&var, Some(Value::None), Cast::Str, false, cx, c);
        Some(Value::Derived {
            vars: vec![var],
            unset: Box::new(Value::Bool(*op == CmpOp::NotIn)),
        })
    }

    fn fstring(&mut self, f: &ast::ExprFString, ns: &Namespace, cx: Ctx) -> Value {
        let mut text = String::new();
        let mut vars = Vec::new();
        let mut complete = true;
        for part in f.value.iter() {
            match part {
                FStringPart::Literal(l) => text.push_str(l.as_str()),
                FStringPart::FString(fs) => {
                    for element in fs.elements.iter() {
                        match element {
                            _ if text.len() > MAX_VALUE_TEXT => return too_large(),
                            InterpolatedStringElement::Literal(l) => text.push_str(&l.value),
                            InterpolatedStringElement::Interpolation(i) => {
                                let v = self.expr(&i.expression, ns, cx);
                                vars.extend(v.vars());
                                match v.when_unset() {
                                    Value::Str(s) if !v.is_symbolic() => text.push_str(&s),
                                    _ => {
                                        complete = false;
                                        text.push_str("{…}");
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let value = if complete {
            Value::Str(text)
        } else {
            Value::Unknown(format!("f-string {text}"))
        };
        if vars.is_empty() {
            value
        } else {
            Value::Derived {
                vars,
                unset: Box::new(value),
            }
        }
    }

    fn env(
        &mut self,
        var: &str,
        default: Option<Value>,
        cast: Cast,
        required: bool,
        cx: Ctx,
        node: &impl ruff_text_size::Ranged,
    ) -> Value {
        let read = EnvRead {
            var: var.to_string(),
            default,
            cast,
            required,
            loc: self.loc(cx, node),
        };
        self.reads.push(TrackedRead {
            read: read.clone(),
            guarded: cx.guarded,
        });
        Value::Env(Box::new(read))
    }

    /// Records that importing the module raises when any of `vars` is unset.
    fn require(&mut self, vars: &[String], loc: &Loc, cx: Ctx) {
        for var in vars {
            self.reads.push(TrackedRead {
                read: EnvRead {
                    var: var.clone(),
                    default: None,
                    cast: Cast::Str,
                    required: true,
                    loc: loc.clone(),
                },
                guarded: cx.guarded,
            });
        }
    }

    /// A read whose absent value is Python's `None`, used where `None` raises
    /// (`os.environ.get("X").split(",")`, `int(os.getenv("X"))`).
    fn none_raises(&mut self, value: &Value, call: &ast::ExprCall, cx: Ctx) {
        if let Value::Env(read) = value {
            if !read.required && matches!(read.default, None | Some(Value::None)) {
                let loc = self.loc(cx, call);
                self.require(std::slice::from_ref(&read.var), &loc, cx);
            }
        }
    }

    fn call(&mut self, call: &ast::ExprCall, ns: &Namespace, cx: Ctx) -> Value {
        let args: Vec<Value> = call
            .arguments
            .args
            .iter()
            .map(|a| self.expr(a, ns, cx))
            .collect();
        let mut kwargs: Vec<(String, Value)> = Vec::new();
        for kw in &call.arguments.keywords {
            let v = self.expr(&kw.value, ns, cx);
            if let Some(name) = &kw.arg {
                kwargs.push((name.to_string(), v));
            }
        }
        let kw = |name: &str| {
            kwargs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let arg_str = |i: usize| args.get(i).and_then(|a| a.as_str()).map(str::to_string);

        // Method calls on values we understand.
        if let Expr::Attribute(attr) = call.func.as_ref() {
            let base = self.expr(&attr.value, ns, cx);
            let method = attr.attr.as_str();
            if let Value::EnvReader(scheme) = &base {
                return self.environ_call(scheme, Some(method), &args, &kwargs, cx, call);
            }
            if !matches!(base, Value::Module(_)) {
                if matches!(
                    method,
                    "split"
                        | "rsplit"
                        | "lower"
                        | "upper"
                        | "strip"
                        | "replace"
                        | "startswith"
                        | "endswith"
                        | "encode"
                        | "splitlines"
                ) {
                    self.none_raises(&base, call, cx);
                }
                return method_call(&base, method, &args);
            }
        }
        let callee = self.expr(&call.func, ns, cx);
        if matches!(&callee, Value::Module(q) if q == "int" || q == "float") {
            if let Some(a) = args.first() {
                self.none_raises(a, call, cx);
            }
        }
        match &callee {
            Value::EnvReader(scheme) => {
                let scheme = scheme.clone();
                self.environ_call(&scheme, None, &args, &kwargs, cx, call)
            }
            Value::Module(q) => match q.as_str() {
                "os.environ.get" | "os.getenv" | "os.environ.setdefault" => match arg_str(0) {
                    Some(var) => {
                        let default = args.get(1).cloned().or_else(|| kw("default"));
                        let default = default.or(Some(Value::None));
                        self.env(&var, default, Cast::Str, false, cx, call)
                    }
                    None => Value::Unknown("environment".into()),
                },
                // python-decouple 3.8 `Config.get(self, option, default=undefined,
                // cast=undefined)`: default and cast may be positional.
                "decouple.config" => match arg_str(0) {
                    Some(var) => {
                        let default = kw("default").or_else(|| args.get(1).cloned());
                        let cast = match kw("cast").or_else(|| args.get(2).cloned()) {
                            Some(Value::Module(c)) if c == "bool" => Cast::Bool,
                            Some(Value::Module(c)) if c == "int" => Cast::Int,
                            Some(Value::Module(c)) if c.ends_with("Csv") => Cast::List,
                            Some(Value::Unknown(c)) if c.contains("Csv") => Cast::List,
                            _ => Cast::Str,
                        };
                        let required = default.is_none();
                        self.env(&var, default, cast, required, cx, call)
                    }
                    None => Value::Unknown("config".into()),
                },
                "decouple.Csv" => Value::Unknown("Csv".into()),
                "environ.Env" | "environ.environ.Env" => {
                    let mut scheme = Vec::new();
                    for (name, v) in &kwargs {
                        if let Value::List(parts) = v {
                            let cast = match parts.first().map(|e| &e.value) {
                                Some(Value::Module(c)) if c == "bool" => Cast::Bool,
                                Some(Value::Module(c)) if c == "int" => Cast::Int,
                                Some(Value::Module(c)) if c == "list" => Cast::List,
                                _ => Cast::Str,
                            };
                            let default =
                                parts.get(1).map(|e| e.value.clone()).unwrap_or(Value::None);
                            scheme.push((name.clone(), cast, default));
                        }
                    }
                    Value::EnvReader(scheme)
                }
                "dj_database_url.config" => Value::Database {
                    url_var: Some(
                        kw("env")
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_else(|| "DATABASE_URL".into()),
                    ),
                    default_url: kw("default").map(Box::new),
                },
                "dj_database_url.parse" => database_from(args.first().or(kw("url").as_ref())),
                "os.path.join" => {
                    let mut it = args.iter();
                    let mut acc = it.next().cloned().unwrap_or(Value::Unknown("join".into()));
                    for part in it {
                        acc = bounded(binop(&acc, Operator::Div, part));
                    }
                    acc
                }
                "os.path.dirname" => args
                    .first()
                    .map_or(Value::Unknown("dirname".into()), |a| attribute(a, "parent")),
                "os.path.abspath" | "os.path.realpath" | "os.path.normpath" | "pathlib.Path"
                | "pathlib.PurePath" | "str" => match args.first() {
                    Some(v @ Value::Path(_)) => v.clone(),
                    Some(Value::Str(s)) if q == "str" => Value::Str(s.clone()),
                    Some(v) if q == "str" && v.is_symbolic() => v.clone(),
                    _ => Value::Unknown(q.clone()),
                },
                "bool" => lift(&args, |a| match a.first().and_then(Value::truthy) {
                    Some(b) => Value::Bool(b),
                    None => Value::Unknown("bool(…)".into()),
                }),
                "int" => lift(&args, |a| match a.first() {
                    Some(Value::Int(i)) => Value::Int(*i),
                    Some(Value::Bool(b)) => Value::Int(i64::from(*b)),
                    Some(Value::Str(s)) => s
                        .trim()
                        .parse()
                        .map(Value::Int)
                        .unwrap_or(Value::Unknown("int(…)".into())),
                    _ => Value::Unknown("int(…)".into()),
                }),
                "list" | "tuple" => match args.first() {
                    Some(v @ Value::List(_)) => v.clone(),
                    Some(v) => lift(std::slice::from_ref(v), |a| match a.first() {
                        Some(v @ Value::List(_)) => v.clone(),
                        _ => Value::Unknown("list(…)".into()),
                    }),
                    None => Value::List(Vec::new()),
                },
                other => Value::Unknown(format!("{other}(…)")),
            },
            _ => Value::Unknown("call".into()),
        }
    }

    /// django-environ: `env("X", default=…)`, `env.bool(…)`, `env.list(…)`, `env.db()`.
    fn environ_call(
        &mut self,
        scheme: &[(String, Cast, Value)],
        method: Option<&str>,
        args: &[Value],
        kwargs: &[(String, Value)],
        cx: Ctx,
        node: &ast::ExprCall,
    ) -> Value {
        let kw = |name: &str| {
            kwargs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let var = args.first().and_then(|a| a.as_str()).map(str::to_string);
        let default = args.get(1).cloned().or_else(|| kw("default"));
        match method {
            Some("db" | "db_url" | "database_url") => {
                let var = var.unwrap_or_else(|| "DATABASE_URL".into());
                let read = self.env(
                    &var,
                    default.clone(),
                    Cast::Str,
                    default.is_none(),
                    cx,
                    node,
                );
                let _ = read;
                Value::Database {
                    url_var: Some(var),
                    default_url: default.map(Box::new),
                }
            }
            Some("read_env") => Value::None,
            _ => {
                let Some(var) = var else {
                    return Value::Unknown("env(…)".into());
                };
                let from_scheme = scheme.iter().find(|(n, _, _)| *n == var);
                let cast = match method {
                    Some("bool") => Cast::Bool,
                    Some("int") => Cast::Int,
                    Some("list" | "tuple") => Cast::List,
                    Some(_) => Cast::Str,
                    None => from_scheme.map_or(Cast::Str, |(_, c, _)| *c),
                };
                let default = default.or_else(|| from_scheme.map(|(_, _, d)| d.clone()));
                let required = default.is_none();
                self.env(&var, default, cast, required, cx, node)
            }
        }
    }
}

fn too_large() -> Value {
    Value::Unknown("value too large or deep to follow".into())
}

/// The value, or unknown when it passes the bounds of [`Value::exceeds_bounds`].
fn bounded(value: Value) -> Value {
    if value.exceeds_bounds() {
        too_large()
    } else {
        value
    }
}

fn bind(ns: &mut Namespace, name: &str, value: Value, loc: &Loc) {
    ns.insert(
        name.to_string(),
        Binding {
            value,
            loc: loc.clone(),
        },
    );
}

fn lookup(ns: &Namespace, name: &str, _path: &str) -> Value {
    if let Some(b) = ns.get(name) {
        return b.value.clone();
    }
    match name {
        "bool" | "int" | "float" | "str" | "list" | "tuple" => Value::Module(name.to_string()),
        _ => Value::Unknown(format!("name {name}")),
    }
}

/// Sets `value[k1][k2]… = elem` in nested dicts, creating missing levels.
fn set_path(value: &mut Value, keys: &[Value], elem: Elem) {
    let Some((key, rest)) = keys.split_first() else {
        return;
    };
    if let Value::Branch { then, orelse, .. } = value {
        set_path(then, keys, elem.clone());
        set_path(orelse, keys, elem);
        return;
    }
    let Value::Dict(items) = value else { return };
    let existing = items.iter_mut().rev().find(|(k, _)| k == key);
    match (existing, rest.is_empty()) {
        (Some((_, e)), true) => *e = elem,
        (Some((_, e)), false) => set_path(&mut e.value, rest, elem),
        (None, true) => items.push((key.clone(), elem)),
        (None, false) => {
            let mut inner = Value::Dict(Vec::new());
            let loc = elem.loc.clone();
            set_path(&mut inner, rest, elem);
            items.push((key.clone(), Elem { value: inner, loc }));
        }
    }
}

/// In-place list/dict methods; returns whether the call was understood.
fn mutate(value: &mut Value, method: &str, args: &[Value], locs: &[Loc]) -> bool {
    if let Value::Branch { then, orelse, .. } = value {
        let a = mutate(then, method, args, locs);
        let b = mutate(orelse, method, args, locs);
        return a || b;
    }
    let Value::List(items) = value else {
        if let (Value::Dict(items), "update", Some(Value::Dict(more))) =
            (value, method, args.first())
        {
            items.extend(more.iter().cloned());
            return true;
        }
        return false;
    };
    let elem = |i: usize| {
        args.get(i).zip(locs.get(i)).map(|(v, l)| Elem {
            value: v.clone(),
            loc: l.clone(),
        })
    };
    match method {
        "append" => {
            if let Some(e) = elem(0) {
                items.push(e);
            }
            true
        }
        "insert" => {
            if let (Some(Value::Int(i)), Some(e)) = (args.first(), elem(1)) {
                let len = items.len() as i64;
                let at = if *i < 0 {
                    (len + i).max(0)
                } else {
                    (*i).min(len)
                };
                items.insert(usize::try_from(at).unwrap_or(0), e);
            }
            true
        }
        "extend" => {
            if let Some(Value::List(more)) = args.first() {
                items.extend(more.iter().cloned());
            }
            true
        }
        "remove" => {
            if let Some(v) = args.first() {
                if let Some(pos) = items.iter().position(|e| &e.value == v) {
                    items.remove(pos);
                }
            }
            true
        }
        _ => false,
    }
}

/// `django_heroku.settings(locals())`: what django-heroku 0.3.1 sets.
fn apply_django_heroku(ns: &mut Namespace, call: &ast::ExprCall, loc: &Loc, _cx: Ctx) {
    let off = |name: &str| {
        call.arguments.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == name)
                && matches!(
                    k.value,
                    Expr::BooleanLiteral(ast::ExprBooleanLiteral { value: false, .. })
                )
        })
    };
    let elem = |value: Value| Elem {
        value,
        loc: loc.clone(),
    };
    if !off("allowed_hosts") {
        bind(
            ns,
            "ALLOWED_HOSTS",
            Value::List(vec![elem(Value::Str("*".into()))]),
            loc,
        );
    }
    if !off("staticfiles") {
        let root = match ns.get("BASE_DIR").map(|b| &b.value) {
            Some(Value::Path(p)) => Value::Path(join(p, "staticfiles")),
            _ => Value::Unknown("BASE_DIR/staticfiles".into()),
        };
        bind(ns, "STATIC_ROOT", root, loc);
        bind(ns, "STATIC_URL", Value::Str("/static/".into()), loc);
        // It puts WhiteNoise first, before SecurityMiddleware (django-heroku#32).
        if let Some(b) = ns.get_mut("MIDDLEWARE") {
            if let Value::List(items) = &mut b.value {
                items.insert(
                    0,
                    elem(Value::Str(
                        "whitenoise.middleware.WhiteNoiseMiddleware".into(),
                    )),
                );
            }
        }
        bind(
            ns,
            "STATICFILES_STORAGE",
            Value::Str("whitenoise.storage.CompressedManifestStaticFilesStorage".into()),
            loc,
        );
    }
    if !off("databases") {
        if let Some(b) = ns.get_mut("DATABASES") {
            set_path(
                &mut b.value,
                &[Value::Str("default".into())],
                elem(Value::Database {
                    url_var: Some("DATABASE_URL".into()),
                    default_url: None,
                }),
            );
        }
    }
}

fn database_from(arg: Option<&Value>) -> Value {
    match arg {
        Some(Value::Env(read)) => Value::Database {
            url_var: Some(read.var.clone()),
            default_url: read.default.clone().map(Box::new),
        },
        Some(v @ Value::Str(_)) => Value::Database {
            url_var: None,
            default_url: Some(Box::new(v.clone())),
        },
        Some(v) => Value::Database {
            url_var: v.vars().into_iter().next(),
            default_url: None,
        },
        None => Value::Unknown("dj_database_url.parse".into()),
    }
}

fn attribute(base: &Value, attr: &str) -> Value {
    match (base, attr) {
        (Value::Path(p), "parent") => {
            if p.is_empty() {
                Value::Unknown("folder above the project".into())
            } else {
                Value::Path(parent(p).to_string())
            }
        }
        (Value::Module(m), _) => Value::Module(format!("{m}.{attr}")),
        _ => Value::Unknown(format!("….{attr}")),
    }
}

/// Methods on strings, paths and lists that settings use.
fn method_call(base: &Value, method: &str, args: &[Value]) -> Value {
    if base.is_symbolic() {
        let mut all = vec![base.clone()];
        all.extend(args.iter().cloned());
        let method = method.to_string();
        // What `lift` hands over can still be symbolic (a database read
        // stays one when unset): call the concrete half, never lift again.
        return lift(&all, move |a| match a.split_first() {
            Some((b, rest)) => concrete_method_call(b, &method, rest),
            None => Value::Unknown("call".into()),
        });
    }
    concrete_method_call(base, method, args)
}

fn concrete_method_call(base: &Value, method: &str, args: &[Value]) -> Value {
    let str_arg = |i: usize| args.get(i).and_then(Value::as_str);
    match (base, method) {
        (Value::Path(_), "resolve" | "absolute" | "expanduser") => base.clone(),
        (Value::Path(p), "joinpath") => args.iter().fold(Value::Path(p.clone()), |acc, a| {
            bounded(binop(&acc, Operator::Div, a))
        }),
        (Value::Str(s), "lower") => Value::Str(s.to_lowercase()),
        (Value::Str(s), "upper") => Value::Str(s.to_uppercase()),
        (Value::Str(s), "strip") => Value::Str(s.trim().to_string()),
        (Value::Str(s), "startswith") => match str_arg(0) {
            Some(p) => Value::Bool(s.starts_with(p)),
            None => Value::Unknown("startswith".into()),
        },
        (Value::Str(s), "replace") => match (str_arg(0), str_arg(1)) {
            // Each match can grow the text by `b`: bound the result first.
            (Some(a), Some(b))
                if (s.len() / a.len().max(1) + 1).saturating_mul(b.len()) + s.len()
                    > MAX_VALUE_TEXT =>
            {
                too_large()
            }
            (Some(a), Some(b)) => Value::Str(s.replace(a, b)),
            _ => Value::Unknown("replace".into()),
        },
        (Value::Str(s), "split") => {
            let parts: Vec<String> = match str_arg(0) {
                Some(sep) if !sep.is_empty() => s.split(sep).map(str::to_string).collect(),
                _ => s.split_whitespace().map(str::to_string).collect(),
            };
            Value::List(
                parts
                    .into_iter()
                    .map(|p| Elem {
                        value: Value::Str(p),
                        loc: Loc {
                            path: String::new(),
                            span: Default::default(),
                        },
                    })
                    .collect(),
            )
        }
        (Value::None, "split" | "lower" | "strip") => {
            Value::Unknown(format!("None.{method}() raises"))
        }
        _ => Value::Unknown(format!("….{method}()")),
    }
}

/// Applies `f` to concrete values; over symbolic ones, computes what it gives
/// when every variable is absent and keeps the variables.
fn lift(args: &[Value], f: impl Fn(&[Value]) -> Value) -> Value {
    if !args.iter().any(Value::is_symbolic) {
        return f(args);
    }
    let mut vars = Vec::new();
    for a in args {
        for v in a.vars() {
            if !vars.contains(&v) {
                vars.push(v);
            }
        }
    }
    let unset: Vec<Value> = args.iter().map(Value::when_unset).collect();
    Value::Derived {
        vars,
        unset: Box::new(f(&unset)),
    }
}

fn binop(l: &Value, op: Operator, r: &Value) -> Value {
    if let Value::Branch {
        cond,
        cond_vars,
        taken_when_unset,
        then,
        orelse,
    } = l
    {
        return Value::Branch {
            cond: cond.clone(),
            cond_vars: cond_vars.clone(),
            taken_when_unset: *taken_when_unset,
            then: Box::new(binop(then, op, r)),
            orelse: Box::new(binop(orelse, op, r)),
        };
    }
    lift(&[l.clone(), r.clone()], |a| {
        let (Some(l), Some(r)) = (a.first(), a.get(1)) else {
            return Value::Unknown("op".into());
        };
        match (l, op, r) {
            (Value::Path(p), Operator::Div, Value::Str(s)) => path_join(p, s),
            (Value::Path(_), Operator::Div, Value::Path(s)) => Value::Path(s.clone()),
            (Value::Str(a), Operator::Add, Value::Str(b)) => Value::Str(format!("{a}{b}")),
            (Value::List(a), Operator::Add, Value::List(b)) => {
                Value::List(a.iter().chain(b).cloned().collect())
            }
            (Value::Int(a), Operator::Add, Value::Int(b)) => Value::Int(a.saturating_add(*b)),
            (Value::Int(a), Operator::Mult, Value::Int(b)) => Value::Int(a.saturating_mul(*b)),
            _ => Value::Unknown("operation".into()),
        }
    })
}

/// Joins a project path and a relative string; `..` that leaves the project,
/// or an absolute string, gives an unknown path.
fn path_join(base: &str, rel: &str) -> Value {
    if rel.starts_with('/') {
        return Value::Unknown(format!("absolute path {rel}"));
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Value::Unknown("folder above the project".into());
                }
            }
            p => parts.push(p),
        }
    }
    Value::Path(parts.join("/"))
}

fn boolop(op: BoolOp, vals: &[Value]) -> Value {
    // Python returns the deciding operand.
    for (i, v) in vals.iter().enumerate() {
        let last = i + 1 == vals.len();
        match (op, v.truthy()) {
            (_, None) => return Value::Unknown("boolean expression".into()),
            (BoolOp::And, Some(false)) | (BoolOp::Or, Some(true)) => return v.clone(),
            _ if last => return v.clone(),
            _ => {}
        }
    }
    Value::Unknown("boolean expression".into())
}

fn compare(ops: &[CmpOp], vals: &[Value]) -> Value {
    let mut result = true;
    for (i, op) in ops.iter().enumerate() {
        let (Some(l), Some(r)) = (vals.get(i), vals.get(i + 1)) else {
            return Value::Unknown("comparison".into());
        };
        let known = match op {
            CmpOp::Eq => scalar_eq(l, r),
            CmpOp::NotEq => scalar_eq(l, r).map(|b| !b),
            CmpOp::Is => scalar_eq(l, r),
            CmpOp::IsNot => scalar_eq(l, r).map(|b| !b),
            CmpOp::In => contains(r, l),
            CmpOp::NotIn => contains(r, l).map(|b| !b),
            _ => None,
        };
        match known {
            Some(b) => result &= b,
            None => return Value::Unknown("comparison".into()),
        }
    }
    Value::Bool(result)
}

fn scalar_eq(l: &Value, r: &Value) -> Option<bool> {
    match (l, r) {
        (Value::Str(a), Value::Str(b)) => Some(a == b),
        (Value::Int(a), Value::Int(b)) => Some(a == b),
        (Value::Bool(a), Value::Bool(b)) => Some(a == b),
        (Value::None, Value::None) => Some(true),
        (Value::None, Value::Str(_) | Value::Int(_) | Value::Bool(_))
        | (Value::Str(_) | Value::Int(_) | Value::Bool(_), Value::None) => Some(false),
        (Value::Str(_), Value::Int(_) | Value::Bool(_))
        | (Value::Int(_) | Value::Bool(_), Value::Str(_)) => Some(false),
        _ => None,
    }
}

fn contains(haystack: &Value, needle: &Value) -> Option<bool> {
    match (haystack, needle) {
        (Value::Str(h), Value::Str(n)) => Some(h.contains(n.as_str())),
        (Value::List(items), n) => {
            let mut unknown = false;
            for e in items {
                match scalar_eq(&e.value, n) {
                    Some(true) => return Some(true),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        _ => None,
    }
}

/// Resolves `from <module> import …` at `level` dots from `importer` to a
/// project file, trying each import root for absolute imports.
pub fn resolve_import(
    exists: &dyn Fn(&str) -> bool,
    importer: &str,
    module: &str,
    level: u32,
    roots: &[String],
) -> Option<String> {
    let rel_parts: Vec<&str> = module.split('.').filter(|p| !p.is_empty()).collect();
    let bases: Vec<String> = if level > 0 {
        let mut dir = parent(importer).to_string();
        for _ in 1..level {
            if dir.is_empty() {
                return None;
            }
            dir = parent(&dir).to_string();
        }
        vec![dir]
    } else {
        roots.to_vec()
    };
    for base in bases {
        let mut path = base.clone();
        for p in &rel_parts {
            path = join(&path, p);
        }
        let module_file = format!("{path}.py");
        if !rel_parts.is_empty() && exists(&module_file) {
            return Some(module_file);
        }
        let init = join(&path, "__init__.py");
        if exists(&init) {
            return Some(init);
        }
    }
    None
}

/// Import targets of a module that resolve to project files (for preloading).
pub fn project_imports(
    body: &[Stmt],
    importer: &str,
    roots: &[String],
    exists: &dyn Fn(&str) -> bool,
    out: &mut Vec<String>,
) {
    for stmt in body {
        match stmt {
            Stmt::ImportFrom(i) => {
                let module = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                if let Some(p) = resolve_import(exists, importer, module, i.level, roots) {
                    out.push(p);
                }
            }
            Stmt::If(s) => {
                project_imports(&s.body, importer, roots, exists, out);
                for c in &s.elif_else_clauses {
                    project_imports(&c.body, importer, roots, exists, out);
                }
            }
            Stmt::Try(t) => {
                project_imports(&t.body, importer, roots, exists, out);
                project_imports(&t.orelse, importer, roots, exists, out);
            }
            Stmt::With(w) => project_imports(&w.body, importer, roots, exists, out),
            _ => {}
        }
    }
}
