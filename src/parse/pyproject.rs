//! pyproject.toml and Pipfile, read with `toml`'s span-keeping document
//! parser so every dependency keeps its place in the file.
//!
//! pyproject.toml: PEP 621 `[project]` dependencies and optional-dependencies,
//! PEP 735 `[dependency-groups]`, Poetry's `[tool.poetry.*dependencies]` and
//! groups, uv's `[tool.uv] dev-dependencies`, PDM's `[tool.pdm.dev-dependencies]`.
//! Pipfile: `[packages]`, `[dev-packages]` and custom categories.

use std::str::FromStr;

use toml::de::{DeTable, DeValue};
use toml::Spanned;
use uv_pep440::VersionSpecifiers;
use uv_pep508::{Requirement as Pep508Requirement, VersionOrUrl};

use crate::parse::dependency::{pin_of_specifiers, Dependency, Group, ManifestKind, PinKind};
use crate::parse::lockfile::normalize;
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Default)]
pub struct Pyproject {
    pub path: String,
    /// `[project] name` (or Poetry's `[tool.poetry] name`), normalized.
    pub name: Option<String>,
    pub dependencies: Vec<Dependency>,
    /// `dependencies` is listed in `[project] dynamic`: the build backend
    /// computes them, so they cannot be read here.
    pub dynamic_dependencies: bool,
    pub has_project_table: bool,
    pub has_poetry: bool,
    pub has_uv: bool,
    pub has_pdm: bool,
    /// `[project] requires-python`, with the span of its string.
    pub requires_python: Option<(String, Span)>,
    /// Poetry's `[tool.poetry.dependencies] python` constraint, with its span.
    pub poetry_python: Option<(String, Span)>,
    /// `[build-system] build-backend`.
    pub build_backend: Option<String>,
    /// Console scripts the project itself declares (`[project.scripts]`,
    /// `[tool.poetry.scripts]`): on PATH once the project is installed.
    pub scripts: Vec<String>,
    /// The file is not valid TOML (span of the error, message).
    pub error: Option<(Span, String)>,
    /// Entries that are not valid PEP 508 requirements.
    pub invalid: Vec<(Span, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Pipfile {
    pub path: String,
    pub dependencies: Vec<Dependency>,
    /// `[requires] python_full_version` or `python_version`, with its span.
    pub python_version: Option<(String, Span)>,
    /// The hash `pipenv install --deploy` compares with Pipfile.lock's `_meta.hash.sha256`
    /// ([`pipfile_hash`]); `None` when it cannot be computed the way pipenv does.
    pub deploy_hash: Option<String>,
    pub error: Option<(Span, String)>,
}

/// pipenv 2026.7.1 `Project.calculate_pipfile_hash` (pipenv/project.py, checked 2026-12-02 in the
/// wheel from PyPI; the version heroku-buildpack-python v351 pins in requirements/pipenv.txt):
/// SHA-256 of `json.dumps(data, sort_keys=True, separators=(",", ":"))` where `data` is
/// `{"_meta": {"sources": [[source]] (plette adds PyPI when absent), "requires": [requires]},
/// "default": [packages], "develop": [dev-packages], <category>: [<category>]…}` with every
/// package key PEP 503-normalized. Floats and dates, whose Python rendering this does not
/// reproduce, give `None`.
pub fn pipfile_hash(text: &str) -> Option<String> {
    use sha2::{Digest, Sha256};
    let doc: toml::Table = toml::from_str(text).ok()?;
    const SECTIONS: &[&str] = &[
        "source",
        "packages",
        "dev-packages",
        "requires",
        "scripts",
        "pipfile",
        "pipenv",
        "default",
        "develop",
    ];
    let normalized = |key: &str| -> Option<toml::Value> {
        let table = match doc.get(key) {
            Some(v) => v.as_table()?.clone(),
            None => toml::Table::new(),
        };
        Some(toml::Value::Table(
            table
                .into_iter()
                .map(|(k, v)| (super::lockfile::normalize(&k), v))
                .collect(),
        ))
    };
    let sources = doc.get("source").cloned().unwrap_or_else(|| {
        let mut pypi = toml::Table::new();
        pypi.insert("name".into(), "pypi".into());
        pypi.insert("url".into(), "https://pypi.org/simple".into());
        pypi.insert("verify_ssl".into(), true.into());
        toml::Value::Array(vec![toml::Value::Table(pypi)])
    });
    let mut meta = toml::Table::new();
    meta.insert("sources".into(), sources);
    meta.insert(
        "requires".into(),
        doc.get("requires")
            .cloned()
            .unwrap_or_else(|| toml::Value::Table(toml::Table::new())),
    );
    let mut data = toml::Table::new();
    data.insert("_meta".into(), toml::Value::Table(meta));
    data.insert("default".into(), normalized("packages")?);
    data.insert("develop".into(), normalized("dev-packages")?);
    for key in doc.keys().filter(|k| !SECTIONS.contains(&k.as_str())) {
        data.insert(key.clone(), normalized(key)?);
    }
    let mut json = String::new();
    python_json(&toml::Value::Table(data), &mut json)?;
    Some(format!("{:x}", Sha256::digest(json.as_bytes())))
}

/// Python's `json.dumps(value, sort_keys=True, separators=(",", ":"))` (ASCII output).
fn python_json(value: &toml::Value, out: &mut String) -> Option<()> {
    match value {
        toml::Value::String(s) => {
            out.push('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if c.is_ascii() && (c as u32) >= 0x20 => out.push(c),
                    c => {
                        let mut units = [0u16; 2];
                        for unit in c.encode_utf16(&mut units) {
                            out.push_str(&format!("\\u{unit:04x}"));
                        }
                    }
                }
            }
            out.push('"');
        }
        toml::Value::Integer(i) => out.push_str(&i.to_string()),
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Float(_) | toml::Value::Datetime(_) => return None,
        toml::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                python_json(item, out)?;
            }
            out.push(']');
        }
        toml::Value::Table(table) => {
            let mut keys: Vec<&String> = table.keys().collect();
            // Python sorts str keys by code point, which is UTF-8 byte order.
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                python_json(&toml::Value::String(key.clone()), out)?;
                out.push(':');
                python_json(table.get(key)?, out)?;
            }
            out.push('}');
        }
    }
    Some(())
}

type Table<'i> = DeTable<'i>;

fn span_of<T>(value: &Spanned<T>) -> Span {
    let r = value.span();
    Span::new(r.start, r.end)
}

/// A string value of a table, with the span of its text (quotes excluded).
fn string_value(t: &Table<'_>, key: &str) -> Option<(String, Span)> {
    let v = t.get(key)?;
    let text = v.get_ref().as_str()?;
    let r = v.span();
    Some((
        text.to_string(),
        Span::new(r.start + 1, r.end.saturating_sub(1)),
    ))
}

fn table<'a, 'i>(t: &'a Table<'i>, key: &str) -> Option<&'a Table<'i>> {
    t.get(key).and_then(|v| v.get_ref().as_table())
}

fn parse_document<'i>(file: &'i SourceFile) -> Result<Table<'i>, (Span, String)> {
    DeTable::parse(&file.text)
        .map(|t| t.into_inner())
        .map_err(|err| {
            let span = err
                .span()
                .map(|r| Span::new(r.start, r.end))
                .unwrap_or_default();
            (span, err.message().to_string())
        })
}

impl Pyproject {
    pub fn parse(file: &SourceFile) -> Self {
        let mut out = Pyproject {
            path: file.path.clone(),
            ..Default::default()
        };
        let doc = match parse_document(file) {
            Ok(doc) => doc,
            Err(err) => {
                out.error = Some(err);
                return out;
            }
        };
        if let Some(project) = table(&doc, "project") {
            out.has_project_table = true;
            out.requires_python = string_value(project, "requires-python");
            out.name = project
                .get("name")
                .and_then(|v| v.get_ref().as_str())
                .map(normalize);
            out.dynamic_dependencies = project
                .get("dynamic")
                .and_then(|v| v.get_ref().as_array())
                .is_some_and(|a| {
                    a.iter()
                        .any(|v| v.get_ref().as_str() == Some("dependencies"))
                });
            if let Some(deps) = project.get("dependencies") {
                out.pep508_array(file, deps, Group::Runtime, ManifestKind::Pyproject);
            }
            if let Some(scripts) = table(project, "scripts") {
                out.scripts
                    .extend(scripts.iter().map(|(k, _)| k.get_ref().to_string()));
            }
            if let Some(optional) = table(project, "optional-dependencies") {
                for (extra, deps) in optional.iter() {
                    let group = Group::Optional(extra.get_ref().to_string());
                    out.pep508_array(file, deps, group, ManifestKind::Pyproject);
                }
            }
        }
        if let Some(groups) = table(&doc, "dependency-groups") {
            for (name, deps) in groups.iter() {
                let group = Group::named(name.get_ref());
                out.pep508_array(file, deps, group, ManifestKind::DependencyGroups);
            }
        }
        out.build_backend = table(&doc, "build-system")
            .and_then(|b| b.get("build-backend"))
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string);
        let tool = table(&doc, "tool");
        if let Some(poetry) = tool.and_then(|t| table(t, "poetry")) {
            out.has_poetry = true;
            if let Some(scripts) = table(poetry, "scripts") {
                out.scripts
                    .extend(scripts.iter().map(|(k, _)| k.get_ref().to_string()));
            }
            if out.name.is_none() {
                out.name = poetry
                    .get("name")
                    .and_then(|v| v.get_ref().as_str())
                    .map(normalize);
            }
            if let Some(deps) = table(poetry, "dependencies") {
                out.poetry_python = string_value(deps, "python");
                out.dependencies.extend(constraint_table(
                    file,
                    deps,
                    Group::Runtime,
                    ManifestKind::Poetry,
                ));
            }
            if let Some(deps) = table(poetry, "dev-dependencies") {
                out.dependencies.extend(constraint_table(
                    file,
                    deps,
                    Group::Dev,
                    ManifestKind::Poetry,
                ));
            }
            if let Some(groups) = table(poetry, "group") {
                for (name, group) in groups.iter() {
                    let Some(deps) = group
                        .get_ref()
                        .as_table()
                        .and_then(|g| table(g, "dependencies"))
                    else {
                        continue;
                    };
                    out.dependencies.extend(constraint_table(
                        file,
                        deps,
                        Group::named(name.get_ref()),
                        ManifestKind::Poetry,
                    ));
                }
            }
        }
        if let Some(uv) = tool.and_then(|t| table(t, "uv")) {
            out.has_uv = true;
            if let Some(deps) = uv.get("dev-dependencies") {
                out.pep508_array(file, deps, Group::Dev, ManifestKind::Pyproject);
            }
            // `[tool.uv.sources] lib = { path = "../lib" }`: where uv installs it from.
            if let Some(sources) = table(uv, "sources") {
                for (name, source) in sources.iter() {
                    let Some(spec) = source.get_ref().as_table() else {
                        continue;
                    };
                    let location = ["path", "git", "url"]
                        .iter()
                        .find_map(|k| spec.get(*k).and_then(|v| v.get_ref().as_str()));
                    let Some(location) = location else {
                        continue;
                    };
                    let name = normalize(name.get_ref());
                    for dep in out.dependencies.iter_mut().filter(|d| d.name == name) {
                        dep.pin = PinKind::Url;
                        dep.location = Some(location.to_string());
                    }
                }
            }
        }
        if let Some(pdm) = tool.and_then(|t| table(t, "pdm")) {
            out.has_pdm = true;
            if let Some(groups) = table(pdm, "dev-dependencies") {
                for (name, deps) in groups.iter() {
                    out.pep508_array(
                        file,
                        deps,
                        Group::named(name.get_ref()),
                        ManifestKind::Pyproject,
                    );
                }
            }
        }
        out
    }

    /// An array of PEP 508 strings; PEP 735 `{include-group = …}` tables are skipped.
    fn pep508_array(
        &mut self,
        file: &SourceFile,
        value: &Spanned<DeValue>,
        group: Group,
        manifest: ManifestKind,
    ) {
        let Some(array) = value.get_ref().as_array() else {
            return;
        };
        for item in array.iter() {
            let Some(text) = item.get_ref().as_str() else {
                continue;
            };
            let span = span_of(item);
            match Pep508Requirement::<uv_pep508::VerbatimUrl>::from_str(text) {
                Ok(parsed) => {
                    let (pin, location, specifiers) = match &parsed.version_or_url {
                        None => (PinKind::Bare, None, None),
                        Some(VersionOrUrl::VersionSpecifier(s)) => {
                            (pin_of_specifiers(s), None, Some(s.clone()))
                        }
                        Some(VersionOrUrl::Url(url)) => (
                            PinKind::Url,
                            Some(url.given().unwrap_or(text).to_string()),
                            None,
                        ),
                    };
                    self.dependencies.push(Dependency {
                        name: parsed.name.to_string(),
                        text: text.to_string(),
                        file: file.path.clone(),
                        span,
                        group: group.clone(),
                        manifest,
                        pin,
                        specifiers,
                        locked: None,
                        location,
                        editable: false,
                        constraint: false,
                        extras: parsed.extras.iter().map(|e| e.to_string()).collect(),
                        env_vars: Vec::new(),
                        hashes: 0,
                        marker: Some(parsed.marker).filter(|m| !m.is_true()),
                    });
                }
                Err(err) => self.invalid.push((span, err.message.to_string())),
            }
        }
    }
}

/// Poetry's and Pipenv's `name = "constraint"` / `name = { version = …, path = … }` tables.
fn constraint_table(
    file: &SourceFile,
    deps: &Table,
    group: Group,
    manifest: ManifestKind,
) -> Vec<Dependency> {
    let mut out = Vec::new();
    for (key, value) in deps.iter() {
        let raw_name = key.get_ref();
        if raw_name.eq_ignore_ascii_case("python") && manifest == ManifestKind::Poetry {
            continue;
        }
        let mut dep = Dependency {
            name: normalize(raw_name),
            text: file
                .slice(Span::new(span_of(key).start, span_of(value).end))
                .to_string(),
            file: file.path.clone(),
            span: Span::new(span_of(key).start, span_of(value).end),
            group: group.clone(),
            manifest,
            pin: PinKind::Bare,
            specifiers: None,
            locked: None,
            location: None,
            editable: false,
            constraint: false,
            extras: Vec::new(),
            env_vars: Vec::new(),
            hashes: 0,
            marker: None,
        };
        match value.get_ref() {
            DeValue::String(constraint) => {
                dep.pin = pin_of_constraint(constraint);
                dep.specifiers = constraint_specifiers(constraint);
            }
            DeValue::Table(spec) => {
                let str_of = |k: &str| spec.get(k).and_then(|v| v.get_ref().as_str());
                if let Some(location) = str_of("path")
                    .or_else(|| str_of("file"))
                    .or_else(|| str_of("url"))
                    .or_else(|| str_of("git"))
                {
                    dep.pin = PinKind::Url;
                    dep.location = Some(location.to_string());
                } else if let Some(version) = str_of("version") {
                    dep.pin = pin_of_constraint(version);
                    dep.specifiers = constraint_specifiers(version);
                }
                dep.editable = spec
                    .get("editable")
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false);
                if spec
                    .get("optional")
                    .and_then(|v| v.get_ref().as_bool())
                    .unwrap_or(false)
                    && dep.group == Group::Runtime
                {
                    dep.group = Group::Optional("poetry-extras".to_string());
                }
                if let Some(extras) = spec.get("extras").and_then(|v| v.get_ref().as_array()) {
                    dep.extras = extras
                        .iter()
                        .filter_map(|e| e.get_ref().as_str())
                        .map(str::to_string)
                        .collect();
                }
            }
            // Poetry's multiple-constraint arrays: pinned only if every branch is.
            DeValue::Array(branches) => {
                dep.pin = PinKind::Bounded;
                for branch in branches.iter() {
                    let pin = branch
                        .get_ref()
                        .as_table()
                        .and_then(|t| t.get("version"))
                        .and_then(|v| v.get_ref().as_str())
                        .map(pin_of_constraint)
                        .unwrap_or(PinKind::Bare);
                    if pin.rank() < dep.pin.rank() {
                        dep.pin = pin;
                    }
                }
            }
            _ => {}
        }
        out.push(dep);
    }
    out
}

/// Poetry and Pipenv version constraints: `*`, `^1.2`, `~1.2`, `1.2.3`
/// (exact in Poetry), or PEP 440 specifiers (comma- or space-separated).
pub fn pin_of_constraint(constraint: &str) -> PinKind {
    let c = constraint.trim();
    if c.is_empty() || c == "*" {
        return PinKind::Bare;
    }
    if c.contains("||") || c.contains('|') {
        // An OR of ranges: pinned only if the text has upper bounds.
        return if c.contains('<') || c.contains('^') || c.contains('~') {
            PinKind::Bounded
        } else {
            PinKind::LowerBound
        };
    }
    match constraint_specifiers(c) {
        Some(specs) => pin_of_specifiers(&specs),
        None if c.contains('<') => PinKind::Bounded,
        None => PinKind::LowerBound,
    }
}

/// A Poetry/Pipenv constraint as PEP 440 specifiers (`^1.2` → `>=1.2,<2`).
pub fn constraint_specifiers(constraint: &str) -> Option<VersionSpecifiers> {
    let c = constraint.trim();
    if c.is_empty() || c == "*" || c.contains('|') {
        return None;
    }
    let pep440 = if let Some(v) = c.strip_prefix('^') {
        let parts = release_parts(v)?;
        let bump = parts
            .iter()
            .position(|&p| p != 0)
            .unwrap_or(parts.len() - 1);
        format!(">={v},<{}", bumped(&parts, bump))
    } else if let Some(v) = c.strip_prefix('~').filter(|v| !v.starts_with('=')) {
        let parts = release_parts(v)?;
        let bump = if parts.len() >= 2 { 1 } else { 0 };
        format!(">={v},<{}", bumped(&parts, bump))
    } else if uv_pep440::Version::from_str(c).is_ok() {
        format!("=={c}")
    } else if c.contains(',') {
        c.to_string()
    } else {
        // Poetry also separates ANDed constraints with spaces: `>=1.2 <2`.
        let mut joined = String::new();
        for word in c.split_whitespace() {
            if !joined.is_empty() && word.starts_with(['<', '>', '=', '!', '~']) {
                joined.push(',');
            }
            joined.push_str(word);
        }
        joined
    };
    VersionSpecifiers::from_str(&pep440).ok()
}

fn release_parts(version: &str) -> Option<Vec<u64>> {
    let parts: Vec<u64> = version
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then_some(parts)
}

/// `parts` with component `index` incremented and the rest dropped.
fn bumped(parts: &[u64], index: usize) -> String {
    let mut out: Vec<String> = parts.iter().take(index).map(|p| p.to_string()).collect();
    out.push((parts.get(index).copied().unwrap_or(0) + 1).to_string());
    out.join(".")
}

impl Pipfile {
    pub fn parse(file: &SourceFile) -> Self {
        let mut out = Pipfile {
            path: file.path.clone(),
            deploy_hash: pipfile_hash(&file.text),
            ..Default::default()
        };
        let doc = match parse_document(file) {
            Ok(doc) => doc,
            Err(err) => {
                out.error = Some(err);
                return out;
            }
        };
        if let Some(requires) = table(&doc, "requires") {
            out.python_version = string_value(requires, "python_full_version")
                .or_else(|| string_value(requires, "python_version"));
        }
        for (name, value) in doc.iter() {
            let name = name.get_ref();
            let group = match name.as_ref() {
                "packages" => Group::Runtime,
                "dev-packages" => Group::Dev,
                "source" | "requires" | "scripts" | "pipenv" => continue,
                other => Group::named(other),
            };
            if let Some(deps) = value.get_ref().as_table() {
                out.dependencies
                    .extend(constraint_table(file, deps, group, ManifestKind::Pipfile));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    /// Expected hashes computed by pipenv 2026.7.1 itself
    /// (`Project().calculate_pipfile_hash()`, 2026-12-02) on these same texts.
    #[test]
    fn pipfile_hash_is_pipenvs() {
        let categories = r#"[packages]
Django = ">=5.2"
"Flask_Login" = {version = "*", extras = ["x"]}
requests = {git = "https://example.com/r.git", ref = "v1"}

[dev-packages]
pytest = "*"

[docs]
Sphinx = "==8.*"

[requires]
python_version = "3.13"

[scripts]
serve = "gunicorn app:app"

[pipenv]
allow_prereleases = false
"#;
        assert_eq!(
            super::pipfile_hash(categories).as_deref(),
            Some("5bb11ba8b0b7966f99c014a77546c2c98bcaf5fe31635e8a9d84f000f674378a")
        );
        let escapes = "[[source]]\nurl = \"https://pypi.org/simple\"\nverify_ssl = true\nname = \"pypi\"\n\n[packages]\n\"caf\u{e9}\" = \"*\"\ntab = {version = \"*\", markers = \"sys_platform == 'linux'\\t\"}\nbig = {version = \"==1.0\", index = 7}\n";
        assert_eq!(
            super::pipfile_hash(escapes).as_deref(),
            Some("e745e5f7d4ebe447dfa210c0c51094f180122a996c1f1db2b6d2dae3be01390a")
        );
        assert_eq!(
            super::pipfile_hash("[packages]\nx = {version = \"*\", n = 1.5}\n"),
            None
        );
    }

    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile::from_bytes(name, text.as_bytes(), 0, false)
    }

    #[test]
    fn pep621_groups_and_spans() {
        let f = file(
            "pyproject.toml",
            "[project]\nname = \"My_App\"\ndependencies = [\"Django>=5.2,<6\", \"gunicorn\"]\n[project.optional-dependencies]\nsentry = [\"sentry-sdk==2.0\"]\n[dependency-groups]\ndev = [\"pytest>=8\", {include-group = \"lint\"}]\n[tool.uv]\ndev-dependencies = [\"ruff\"]\n[tool.uv.sources]\nsentry-sdk = { path = \"../sdk\" }\n",
        );
        let p = Pyproject::parse(&f);
        assert_eq!(p.name.as_deref(), Some("my-app"));
        let got: Vec<_> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.group.clone(), d.pin))
            .collect();
        assert_eq!(
            got,
            [
                ("django", Group::Runtime, PinKind::Bounded),
                ("gunicorn", Group::Runtime, PinKind::Bare),
                ("sentry-sdk", Group::Optional("sentry".into()), PinKind::Url),
                ("pytest", Group::Dev, PinKind::LowerBound),
                ("ruff", Group::Dev, PinKind::Bare),
            ]
        );
        assert_eq!(f.slice(p.dependencies[0].span), "\"Django>=5.2,<6\"");
        assert_eq!(p.dependencies[2].location.as_deref(), Some("../sdk"));
        assert!(p.has_uv && p.error.is_none());
    }

    #[test]
    fn python_versions_are_kept_with_spans() {
        let f = file(
            "pyproject.toml",
            "[project]\nname = \"x\"\nrequires-python = \">=3.12\"\n",
        );
        let (spec, span) = Pyproject::parse(&f).requires_python.unwrap();
        let poetry = file(
            "pyproject.toml",
            "[tool.poetry.dependencies]\npython = \"~3.11\"\n",
        );
        let (constraint, _) = Pyproject::parse(&poetry).poetry_python.unwrap();
        assert_eq!(constraint, "~3.11");
        assert_eq!((spec.as_str(), f.slice(span)), (">=3.12", ">=3.12"));
        let f = file(
            "Pipfile",
            "[requires]\npython_version = \"3.11\"\n[packages]\n",
        );
        let (v, span) = Pipfile::parse(&f).python_version.unwrap();
        assert_eq!((v.as_str(), f.slice(span)), ("3.11", "3.11"));
    }

    #[test]
    fn poetry_tables() {
        let f = file(
            "pyproject.toml",
            "[tool.poetry]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\ndjango = \"^5.2\"\nuvicorn = { version = \"0.30.1\", extras = [\"standard\"] }\nlib = { path = \"../lib\", develop = true }\n[tool.poetry.group.test.dependencies]\npytest = \"*\"\n",
        );
        let p = Pyproject::parse(&f);
        let got: Vec<_> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.group.clone(), d.pin))
            .collect();
        assert_eq!(
            got,
            [
                ("django", Group::Runtime, PinKind::Bounded),
                ("lib", Group::Runtime, PinKind::Url),
                ("uvicorn", Group::Runtime, PinKind::Exact),
                ("pytest", Group::Named("test".into()), PinKind::Bare),
            ]
        );
        assert_eq!(p.dependencies[2].extras, ["standard"]);
    }

    #[test]
    fn poetry_constraints_as_pep440() {
        let spec = |c: &str| constraint_specifiers(c).map(|s| s.to_string());
        assert_eq!(spec("^5.2").as_deref(), Some(">=5.2, <6"));
        assert_eq!(spec("^0.2.3").as_deref(), Some(">=0.2.3, <0.3"));
        assert_eq!(spec("~1.2.3").as_deref(), Some(">=1.2.3, <1.3"));
        assert_eq!(spec("4.2.1").as_deref(), Some("==4.2.1"));
        assert_eq!(spec(">=1.2 <2").as_deref(), Some(">=1.2, <2"));
        assert_eq!(spec("*"), None);
        assert_eq!(pin_of_constraint("~=3.1"), PinKind::Bounded);
        assert_eq!(pin_of_constraint(">=3.1"), PinKind::LowerBound);
    }

    #[test]
    fn pipfile_and_invalid_toml() {
        let f = file(
            "Pipfile",
            "[[source]]\nurl = \"https://pypi.org/simple\"\n[packages]\nflask = \"*\"\ngunicorn = \"==23.0.0\"\n[dev-packages]\nblack = \">=24\"\n",
        );
        let p = Pipfile::parse(&f);
        let got: Vec<_> = p
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.group.clone(), d.pin))
            .collect();
        assert_eq!(
            got,
            [
                ("black", Group::Dev, PinKind::LowerBound),
                ("flask", Group::Runtime, PinKind::Bare),
                ("gunicorn", Group::Runtime, PinKind::Exact),
            ]
        );
        assert!(Pyproject::parse(&file("pyproject.toml", "[project\n"))
            .error
            .is_some());
    }
}
