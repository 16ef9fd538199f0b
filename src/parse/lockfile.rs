//! Lock files, read for which packages and versions they pin: poetry.lock,
//! uv.lock and pdm.lock (TOML, `[[package]]` tables) and Pipfile.lock (JSON).

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;

use crate::source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockKind {
    Poetry,
    Uv,
    Pdm,
    Pipenv,
}

impl LockKind {
    pub fn file_name(self) -> &'static str {
        match self {
            LockKind::Poetry => "poetry.lock",
            LockKind::Uv => "uv.lock",
            LockKind::Pdm => "pdm.lock",
            LockKind::Pipenv => "Pipfile.lock",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPackage {
    pub version: Option<String>,
    /// Locked only for development (Pipfile.lock `develop`, Poetry's
    /// `category = "dev"` or groups without `main`, PDM groups without `default`).
    pub dev_only: bool,
    /// The PEP 508 marker under which it is installed (Pipfile.lock and
    /// Poetry `markers`, uv's dependency edges); `None`: always.
    pub marker: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LockFile {
    pub path: String,
    pub kind: LockKind,
    /// By PEP 503-normalized name.
    pub packages: BTreeMap<String, LockedPackage>,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// Pipfile.lock `_meta.requires.python_full_version` (else
    /// `python_version`): the text and its span.
    pub python_version: Option<(String, crate::source::Span)>,
    /// Pipfile.lock `_meta.hash.sha256`: the Pipfile hash it was locked from.
    pub pipfile_hash: Option<String>,
}

#[derive(Deserialize)]
struct TomlLock {
    #[serde(default)]
    package: Vec<TomlPackage>,
}

#[derive(Deserialize)]
struct TomlPackage {
    name: String,
    version: Option<String>,
    category: Option<String>,
    groups: Option<Vec<String>>,
    /// uv: `{ virtual = "." }` / `{ editable = "." }` marks the project itself.
    source: Option<toml::Table>,
    /// uv: the runtime dependencies, `[{ name = "x" }]` (Poetry writes a
    /// table here, which is not needed).
    dependencies: Option<toml::Value>,
    /// uv: what each extra of the package adds.
    #[serde(rename = "optional-dependencies")]
    optional_dependencies: Option<toml::Value>,
    /// Poetry: `markers = "python_version < '3.9'"` (or per group, `{ main = "…" }`).
    markers: Option<toml::Value>,
}

impl TomlPackage {
    fn uv_dependencies(value: Option<&toml::Value>) -> Vec<UvDependency> {
        value
            .and_then(|v| v.clone().try_into().ok())
            .unwrap_or_default()
    }
    fn uv_extra(&self, extra: &str) -> Vec<UvDependency> {
        Self::uv_dependencies(
            self.optional_dependencies
                .as_ref()
                .and_then(|t| t.get(extra)),
        )
    }
}

#[derive(Deserialize)]
struct UvDependency {
    name: String,
    #[serde(default)]
    extra: Vec<String>,
    marker: Option<String>,
}

#[derive(Deserialize)]
struct PipfileLock {
    #[serde(default)]
    default: BTreeMap<String, PipfileLockEntry>,
    #[serde(default)]
    develop: BTreeMap<String, PipfileLockEntry>,
    #[serde(rename = "_meta", default)]
    meta: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct PipfileLockEntry {
    version: Option<String>,
    markers: Option<String>,
}

/// The Python version of `_meta.requires`; serde_json keeps no positions, so
/// the span is that of the key's value text (JSON keys are literal).
fn pipfile_lock_python(
    file: &SourceFile,
    meta: &serde_json::Value,
) -> Option<(String, crate::source::Span)> {
    let requires = meta.get("requires")?;
    let (key, value) = ["python_full_version", "python_version"]
        .into_iter()
        .find_map(|k| Some((k, requires.get(k)?.as_str()?)))?;
    let key_at = file.text.find(&format!("\"{key}\""))?;
    let encoded = serde_json::to_string(value).ok()?;
    let value_at = key_at + file.text[key_at..].find(&encoded)? + 1;
    Some((
        value.to_string(),
        crate::source::Span::new(value_at, value_at + encoded.len() - 2),
    ))
}

pub fn normalize(name: &str) -> String {
    uv_normalize::PackageName::from_str(name.trim())
        .map(|n| n.to_string())
        .unwrap_or_else(|_| name.trim().to_ascii_lowercase().replace(['_', '.'], "-"))
}

impl LockFile {
    pub fn parse(file: &SourceFile, kind: LockKind) -> Self {
        let mut lock = LockFile {
            path: file.path.clone(),
            kind,
            packages: BTreeMap::new(),
            error: None,
            python_version: None,
            pipfile_hash: None,
        };
        match kind {
            LockKind::Pipenv => match serde_json::from_str::<PipfileLock>(&file.text) {
                Ok(parsed) => {
                    lock.python_version = parsed
                        .meta
                        .as_ref()
                        .and_then(|m| pipfile_lock_python(file, m));
                    lock.pipfile_hash = parsed
                        .meta
                        .as_ref()
                        .and_then(|m| m.get("hash")?.get("sha256")?.as_str())
                        .map(str::to_string);
                    for (name, entry) in parsed.develop {
                        lock.insert(&name, entry.version, true, entry.markers);
                    }
                    // `default` wins over `develop` for a package in both.
                    for (name, entry) in parsed.default {
                        lock.insert(&name, entry.version, false, entry.markers);
                    }
                }
                Err(err) => lock.error = Some(err.to_string()),
            },
            LockKind::Uv => match toml::from_str::<TomlLock>(&file.text) {
                Ok(parsed) => lock.insert_uv(parsed.package),
                Err(err) => lock.error = Some(err.message().to_string()),
            },
            _ => match toml::from_str::<TomlLock>(&file.text) {
                Ok(parsed) => {
                    for package in parsed.package {
                        let dev_only = match (&package.groups, &package.category) {
                            (Some(groups), _) => {
                                !groups.iter().any(|g| g == "main" || g == "default")
                            }
                            (None, Some(category)) => category == "dev",
                            (None, None) => false,
                        };
                        let marker = match &package.markers {
                            Some(toml::Value::String(m)) => Some(m.clone()),
                            Some(toml::Value::Table(t)) => {
                                t.get("main").and_then(|m| m.as_str()).map(str::to_string)
                            }
                            _ => None,
                        };
                        lock.insert(&package.name, package.version, dev_only, marker);
                    }
                }
                Err(err) => lock.error = Some(err.message().to_string()),
            },
        }
        lock
    }

    /// uv.lock keeps no group per package: a package is for production when
    /// the `dependencies` of the project (or a workspace member) reach it;
    /// dev groups are listed apart, under `[package.dev-dependencies]`.
    fn insert_uv(&mut self, packages: Vec<TomlPackage>) {
        // The project and its workspace members: `virtual` or `editable` sources.
        let is_project = |p: &TomlPackage| {
            p.source
                .as_ref()
                .is_some_and(|s| s.contains_key("virtual") || s.contains_key("editable"))
        };
        let by_name: BTreeMap<String, &TomlPackage> =
            packages.iter().map(|p| (normalize(&p.name), p)).collect();
        let mut visited = std::collections::BTreeSet::new();
        let mut runtime = std::collections::BTreeSet::new();
        // The markers of the edges that reach each package; `None` in the list: an unconditional edge.
        let mut edges: BTreeMap<String, Vec<Option<String>>> = BTreeMap::new();
        let mut queue: Vec<(String, Vec<String>)> = packages
            .iter()
            .filter(|p| is_project(p))
            .map(|p| (normalize(&p.name), Vec::new()))
            .collect();
        let has_project = !queue.is_empty();
        while let Some((name, extras)) = queue.pop() {
            if !visited.insert((name.clone(), extras.clone())) {
                continue;
            }
            runtime.insert(name.clone());
            let Some(package) = by_name.get(&name) else {
                continue;
            };
            let from_extras = extras.iter().flat_map(|e| package.uv_extra(e));
            let direct = TomlPackage::uv_dependencies(package.dependencies.as_ref());
            for dep in direct.into_iter().chain(from_extras) {
                edges
                    .entry(normalize(&dep.name))
                    .or_default()
                    .push(dep.marker.clone());
                queue.push((normalize(&dep.name), dep.extra.clone()));
            }
        }
        for package in &packages {
            let name = normalize(&package.name);
            let dev_only = has_project && !runtime.contains(&name);
            // Installed when any edge to it holds (only direct edges are read).
            let marker = edges.get(&name).and_then(|list| {
                let markers: Option<Vec<&String>> = list.iter().map(|m| m.as_ref()).collect();
                markers.map(|m| {
                    m.iter()
                        .map(|m| format!("({m})"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
            });
            self.insert(&name, package.version.clone(), dev_only, marker);
        }
    }

    fn insert(
        &mut self,
        name: &str,
        version: Option<String>,
        dev_only: bool,
        marker: Option<String>,
    ) {
        let version = version.map(|v| v.trim_start_matches("==").to_string());
        let marker = marker.filter(|m| !m.trim().is_empty());
        self.packages.insert(
            normalize(name),
            LockedPackage {
                version,
                dev_only,
                marker,
            },
        );
    }

    pub fn get(&self, normalized_name: &str) -> Option<&LockedPackage> {
        self.packages.get(normalized_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(name: &str, text: &str, kind: LockKind) -> LockFile {
        LockFile::parse(
            &SourceFile::from_bytes(name, text.as_bytes(), 0, false),
            kind,
        )
    }

    #[test]
    fn uv_and_poetry_locks() {
        let uv = lock(
            "uv.lock",
            concat!(
                "version = 1\n",
                "[[package]]\nname = \"Django\"\nversion = \"5.2.1\"\ndependencies = [{ name = \"asgiref\" }]\n",
                "[[package]]\nname = \"asgiref\"\nversion = \"3.8\"\n",
                "[[package]]\nname = \"uvicorn\"\nversion = \"0.30\"\n[package.optional-dependencies]\nstandard = [{ name = \"uvloop\" }]\n",
                "[[package]]\nname = \"uvloop\"\nversion = \"0.21\"\n",
                "[[package]]\nname = \"pytest\"\nversion = \"8.0\"\n",
                "[[package]]\nname = \"app\"\nsource = { virtual = \".\" }\ndependencies = [{ name = \"django\" }, { name = \"uvicorn\", extra = [\"standard\"] }]\n",
                "[package.dev-dependencies]\ndev = [{ name = \"pytest\" }]\n",
            ),
            LockKind::Uv,
        );
        assert!(!uv.get("asgiref").unwrap().dev_only);
        assert!(uv.get("pytest").unwrap().dev_only);
        assert!(!uv.get("uvloop").unwrap().dev_only);
        assert_eq!(uv.get("django").unwrap().version.as_deref(), Some("5.2.1"));
        assert!(uv.get("app").unwrap().version.is_none());
        let poetry = lock(
            "poetry.lock",
            "[[package]]\nname = \"pytest\"\nversion = \"8.0\"\ngroups = [\"dev\"]\n[[package]]\nname = \"flask\"\nversion = \"3.1.0\"\ncategory = \"main\"\n",
            LockKind::Poetry,
        );
        assert!(poetry.get("pytest").unwrap().dev_only);
        assert!(!poetry.get("flask").unwrap().dev_only);
    }

    #[test]
    fn install_markers_of_locked_packages() {
        let uv = lock(
            "uv.lock",
            concat!(
                "version = 1\n",
                "[[package]]\nname = \"app\"\nsource = { virtual = \".\" }\n",
                "dependencies = [{ name = \"backports-zoneinfo\", marker = \"python_version < '3.9'\" }, { name = \"django\" }, { name = \"tzdata\", marker = \"sys_platform == 'win32'\" }]\n",
                "[[package]]\nname = \"django\"\nversion = \"5.2\"\ndependencies = [{ name = \"tzdata\" }]\n",
                "[[package]]\nname = \"backports-zoneinfo\"\nversion = \"0.2.1\"\n",
                "[[package]]\nname = \"tzdata\"\nversion = \"2025.1\"\n",
            ),
            LockKind::Uv,
        );
        assert_eq!(
            uv.get("backports-zoneinfo").unwrap().marker.as_deref(),
            Some("(python_version < '3.9')")
        );
        // One unconditional edge (django → tzdata) makes it unconditional.
        assert_eq!(uv.get("tzdata").unwrap().marker, None);
        assert_eq!(uv.get("django").unwrap().marker, None);
        let poetry = lock(
            "poetry.lock",
            "[[package]]\nname = \"a\"\nversion = \"1\"\nmarkers = \"python_version < '3.9'\"\n[[package]]\nname = \"b\"\nversion = \"1\"\nmarkers = { main = \"sys_platform == 'linux'\" }\n",
            LockKind::Poetry,
        );
        assert_eq!(
            poetry.get("a").unwrap().marker.as_deref(),
            Some("python_version < '3.9'")
        );
        assert_eq!(
            poetry.get("b").unwrap().marker.as_deref(),
            Some("sys_platform == 'linux'")
        );
        let pipenv = lock(
            "Pipfile.lock",
            r#"{"default": {"x": {"version": "==1", "markers": "python_version < '3.9'"}, "y": {"version": "==2"}}}"#,
            LockKind::Pipenv,
        );
        assert_eq!(
            pipenv.get("x").unwrap().marker.as_deref(),
            Some("python_version < '3.9'")
        );
        assert_eq!(pipenv.get("y").unwrap().marker, None);
    }

    #[test]
    fn pipfile_lock_and_errors() {
        let poetry_tables = lock(
            "poetry.lock",
            "[[package]]\nname = \"flask\"\nversion = \"3.1.0\"\n[package.dependencies]\nclick = \">=8.1\"\n[package.extras]\ndotenv = [\"python-dotenv\"]\n",
            LockKind::Poetry,
        );
        assert!(poetry_tables.error.is_none(), "{:?}", poetry_tables.error);
        let pipenv = lock(
            "Pipfile.lock",
            r#"{"_meta": {"requires": {"python_version": "3.12"}}, "default": {"gunicorn": {"version": "==23.0.0"}}, "develop": {"black": {"version": "==24.1.0"}}}"#,
            LockKind::Pipenv,
        );
        assert_eq!(
            pipenv.get("gunicorn").unwrap().version.as_deref(),
            Some("23.0.0")
        );
        assert!(pipenv.get("black").unwrap().dev_only);
        let (version, span) = pipenv.python_version.clone().unwrap();
        assert_eq!(version, "3.12");
        let text = r#"{"_meta": {"requires": {"python_version": "3.12"}}, "default": {"gunicorn": {"version": "==23.0.0"}}, "develop": {"black": {"version": "==24.1.0"}}}"#;
        assert_eq!(&text[span.start..span.end], "3.12");
        assert!(lock("uv.lock", "[[package]\n", LockKind::Uv)
            .error
            .is_some());
    }
}
