//! Layer `profiles`: each platform's sourced facts, read from embedded TOML.
//!
//! Platform facts as data: one TOML file per platform in `platform-facts/`,
//! embedded in the binary. Every fact carries its source (the builder's
//! repository, file and commit, or a documentation page) and the date it was
//! checked; `paaslint platforms NAME` prints them, and a test fails when one
//! has no source. `scripts/refresh-platform-facts.py` refreshes the version
//! lists. Checks read platform facts only through this module and
//! [`crate::profile`].

use std::sync::LazyLock;

use serde::Deserialize;

use crate::model::python_version::{PyVersion, SourceKind};
use crate::platform::Platform;

/// The embedded files, in [`Platform::ALL`] order.
const FILES: [(Platform, &str); 9] = [
    (
        Platform::Heroku,
        include_str!("../platform-facts/heroku.toml"),
    ),
    (
        Platform::Render,
        include_str!("../platform-facts/render.toml"),
    ),
    (
        Platform::Railway,
        include_str!("../platform-facts/railway.toml"),
    ),
    (Platform::Fly, include_str!("../platform-facts/fly.toml")),
    (
        Platform::Google,
        include_str!("../platform-facts/google.toml"),
    ),
    (
        Platform::Digitalocean,
        include_str!("../platform-facts/digitalocean.toml"),
    ),
    (
        Platform::Azure,
        include_str!("../platform-facts/azure.toml"),
    ),
    (
        Platform::Openshift,
        include_str!("../platform-facts/openshift.toml"),
    ),
    (
        Platform::Dokku,
        include_str!("../platform-facts/dokku.toml"),
    ),
];

/// One fact: its value, where it comes from, and when that was checked.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fact<T> {
    pub value: T,
    pub source: String,
    pub checked: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlatformFacts {
    pub platform: Platform,
    /// When `scripts/refresh-platform-facts.py` last ran over this file.
    pub refreshed: String,
    pub builder: Fact<String>,
    pub python: PythonFacts,
    #[serde(default)]
    pub detection: Option<Detection>,
    pub docker: Fact<DockerFacts>,
    /// Whether the platform can build from a subfolder of the repository.
    pub root_directory: Fact<bool>,
    /// The PORT the platform sets when the app chooses none; 0 when it
    /// assigns one at run time (or sets none).
    pub default_port: Fact<u16>,
    /// Debian packages of the platform's build and run images that checks ask about.
    #[serde(default)]
    pub system_packages: Option<Fact<SystemPackages>>,
    /// App Engine serves app.yaml `static_dir`/`static_files` handlers itself.
    #[serde(default)]
    pub static_handlers_serve_static: Option<Fact<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonFacts {
    /// Version files the builder reads, the winning one first.
    pub precedence: Fact<Vec<String>>,
    /// A legacy builder's order, shown for reference (Railway's nixpacks).
    #[serde(default)]
    pub precedence_nixpacks: Option<Fact<Vec<String>>>,
    /// The version installed when the repository names none.
    #[serde(default)]
    pub default: Option<Fact<String>>,
    /// What decides the version when no number is published.
    #[serde(default)]
    pub default_note: Option<Fact<String>>,
    /// The oldest version the platform accepts, when it publishes one.
    #[serde(default)]
    pub minimum: Option<Fact<String>>,
    /// Each supported minor with the patches the builder publishes.
    #[serde(default)]
    pub releases: Option<Fact<Vec<Release>>>,
    #[serde(default)]
    pub deprecated: Option<Fact<Deprecation>>,
    /// The builder's own words for version failures.
    #[serde(default)]
    pub messages: Option<Fact<Messages>>,
    #[serde(default)]
    pub runtime_txt_rejected_with_uv: Option<Fact<bool>>,
    /// uv must use the builder's Python (no download, no other interpreter).
    #[serde(default)]
    pub uv_uses_builder_python_only: Option<Fact<bool>>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub minor: String,
    pub first: String,
    pub latest: String,
    /// Stacks it is built for (empty: the platform has one).
    pub stacks: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SystemPackages {
    pub stack: String,
    pub build: Vec<String>,
    pub run: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    pub minor: String,
    pub removal: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    pub unavailable: String,
    pub outdated: String,
    pub runtime_txt_with_uv: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    /// Builders tried in order; the first whose files exist builds the app.
    #[serde(default)]
    pub value: Vec<DetectRule>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub checked: String,
    /// Files that set the buildpacks explicitly, so detection does not run.
    #[serde(default)]
    pub buildpacks_set_by: Option<Fact<Vec<String>>>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DetectRule {
    pub builder: String,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct DockerFacts {
    pub builds_dockerfile_when: Vec<String>,
    pub heroku_yml_needs_container_stack: bool,
}

static FACTS: LazyLock<Vec<PlatformFacts>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(platform, text)| {
            // Embedded at build time and parsed by a test, so this cannot fail at run time.
            let facts: PlatformFacts = toml::from_str(text)
                .unwrap_or_else(|e| panic!("platform-facts/{}.toml: {e}", platform.id()));
            assert_eq!(facts.platform, *platform, "platform-facts order");
            facts
        })
        .collect()
});

impl Platform {
    /// The sourced facts about this platform.
    pub fn facts(self) -> &'static PlatformFacts {
        let index = Platform::ALL.iter().position(|p| *p == self).unwrap_or(0);
        &FACTS[index]
    }
}

/// The version-source kind a facts file names (`.python-version`, `runtime.txt`…).
pub fn source_kind(name: &str) -> Option<SourceKind> {
    Some(match name {
        ".python-version" => SourceKind::PythonVersionFile,
        "runtime.txt" => SourceKind::RuntimeTxt,
        "Pipfile" => SourceKind::Pipfile,
        "Pipfile.lock" => SourceKind::PipfileLock,
        ".tool-versions" => SourceKind::ToolVersions,
        "app.yaml" => SourceKind::AppYaml,
        "render.yaml" => SourceKind::RenderYaml,
        _ => return None,
    })
}

impl PlatformFacts {
    /// Version sources read, the winning one first.
    pub fn precedence(&self) -> Vec<SourceKind> {
        self.python
            .precedence
            .value
            .iter()
            .filter_map(|n| source_kind(n))
            .collect()
    }

    /// The version installed when nothing names one, when the platform publishes it.
    pub fn default_python(&self) -> Option<PyVersion> {
        PyVersion::parse(&self.python.default.as_ref()?.value)
    }

    /// The release line of a minor (`3.12`), when the builder publishes its patches.
    pub fn release(&self, major: u64, minor: u64) -> Option<(PyVersion, PyVersion)> {
        let releases = &self.python.releases.as_ref()?.value;
        let wanted = format!("{major}.{minor}");
        let release = releases.iter().find(|r| r.minor == wanted)?;
        Some((
            PyVersion::parse(&release.first)?,
            PyVersion::parse(&release.latest)?,
        ))
    }

    /// The oldest and newest minor the builder supports, when it lists them.
    pub fn supported_minors(&self) -> Option<(u64, u64)> {
        let releases = &self.python.releases.as_ref()?.value;
        let minors: Vec<u64> = releases
            .iter()
            .filter_map(|r| PyVersion::parse(&r.minor).map(|v| v.minor))
            .collect();
        Some((*minors.iter().min()?, *minors.iter().max()?))
    }

    /// Each fact as `(name, value, source, checked)`, for `paaslint platforms`.
    pub fn listing(&self) -> Vec<(String, serde_json::Value, String, String)> {
        fn row<T: serde::Serialize>(
            out: &mut Vec<(String, serde_json::Value, String, String)>,
            name: &str,
            fact: &Fact<T>,
        ) {
            out.push((
                name.to_string(),
                serde_json::to_value(&fact.value).unwrap_or_default(),
                fact.source.clone(),
                fact.checked.clone(),
            ));
        }
        let mut out = Vec::new();
        let p = &self.python;
        row(&mut out, "builder", &self.builder);
        row(&mut out, "python.precedence", &p.precedence);
        if let Some(f) = &p.precedence_nixpacks {
            row(&mut out, "python.precedence_nixpacks", f);
        }
        if let Some(f) = &p.default {
            row(&mut out, "python.default", f);
        }
        if let Some(f) = &p.default_note {
            row(&mut out, "python.default_note", f);
        }
        if let Some(f) = &p.minimum {
            row(&mut out, "python.minimum", f);
        }
        if let Some(f) = &p.releases {
            row(&mut out, "python.releases", f);
        }
        if let Some(f) = &p.deprecated {
            row(&mut out, "python.deprecated", f);
        }
        if let Some(f) = &p.messages {
            row(&mut out, "python.messages", f);
        }
        if let Some(f) = &p.runtime_txt_rejected_with_uv {
            row(&mut out, "python.runtime_txt_rejected_with_uv", f);
        }
        if let Some(f) = &p.uv_uses_builder_python_only {
            row(&mut out, "python.uv_uses_builder_python_only", f);
        }
        if let Some(d) = &self.detection {
            if !d.value.is_empty() {
                out.push((
                    "detection".into(),
                    serde_json::to_value(&d.value).unwrap_or_default(),
                    d.source.clone(),
                    d.checked.clone(),
                ));
            }
            if let Some(f) = &d.buildpacks_set_by {
                row(&mut out, "detection.buildpacks_set_by", f);
            }
        }
        row(&mut out, "docker", &self.docker);
        row(&mut out, "root_directory", &self.root_directory);
        row(&mut out, "default_port", &self.default_port);
        if let Some(f) = &self.system_packages {
            row(&mut out, "system_packages", f);
        }
        if let Some(f) = &self.static_handlers_serve_static {
            row(&mut out, "static_handlers_serve_static", f);
        }
        out
    }

    /// Whether the platform's images hold every one of these Debian packages.
    pub fn has_system_packages(&self, packages: &[&str]) -> bool {
        let Some(f) = &self.system_packages else {
            return false;
        };
        !packages.is_empty()
            && packages
                .iter()
                .all(|p| f.value.build.iter().chain(&f.value.run).any(|q| q == p))
    }

    /// The builders the platform tries before Python, and the files that make them win.
    pub fn detected_before_python(&self) -> Vec<&DetectRule> {
        let Some(d) = &self.detection else {
            return Vec::new();
        };
        d.value
            .iter()
            .take_while(|r| !r.builder.contains("python"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table holding a `value` must say where it comes from and when it was checked.
    fn sourced(path: &str, value: &toml::Value, missing: &mut Vec<String>) {
        let toml::Value::Table(table) = value else {
            return;
        };
        if table.contains_key("value") {
            for key in ["source", "checked"] {
                let ok = table
                    .get(key)
                    .and_then(|v| v.as_str())
                    .is_some_and(|s| !s.trim().is_empty());
                if !ok {
                    missing.push(format!("{path}: no {key}"));
                }
            }
            let date_ok = table
                .get("checked")
                .and_then(|v| v.as_str())
                .is_some_and(|d| {
                    d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-'
                });
            if !date_ok {
                missing.push(format!("{path}: `checked` is not a YYYY-MM-DD date"));
            }
        }
        for (key, child) in table {
            if key != "value" {
                sourced(&format!("{path}.{key}"), child, missing);
            }
        }
    }

    #[test]
    fn every_fact_has_a_source_and_a_date() {
        let mut missing = Vec::new();
        for (platform, text) in FILES {
            let value: toml::Value = toml::from_str(text).expect("valid TOML");
            let toml::Value::Table(top) = &value else {
                panic!("not a table")
            };
            // Every top-level table is a fact or a group of facts.
            for (key, child) in top {
                if matches!(key.as_str(), "platform" | "refreshed") {
                    continue;
                }
                sourced(&format!("{}.{key}", platform.id()), child, &mut missing);
            }
        }
        assert!(missing.is_empty(), "facts without source: {missing:#?}");
    }

    #[test]
    fn a_fact_without_source_is_caught() {
        let text = "[python.default]\nvalue = \"3.14\"\nchecked = \"2026-12-02\"\n";
        let mut missing = Vec::new();
        sourced("x", &toml::from_str(text).expect("toml"), &mut missing);
        assert_eq!(missing, vec!["x.python.default: no source".to_string()]);
    }

    #[test]
    fn facts_parse_and_follow_platform_order() {
        for platform in Platform::ALL {
            let facts = platform.facts();
            assert_eq!(facts.platform, platform);
            assert_eq!(
                facts.precedence().len(),
                facts.python.precedence.value.len(),
                "{}: unknown version source name",
                platform.id()
            );
            for rule in &facts.docker.value.builds_dockerfile_when {
                assert!(
                    crate::profile::DockerRule::from_id(rule).is_some(),
                    "{rule}"
                );
            }
            assert!(
                facts.python.default.is_some() || facts.python.default_note.is_some(),
                "{}: say what decides the default Python",
                platform.id()
            );
        }
    }

    #[test]
    fn heroku_versions_as_the_buildpack_publishes_them() {
        let heroku = Platform::Heroku.facts();
        assert_eq!(heroku.default_python(), PyVersion::parse("3.14"));
        assert_eq!(heroku.supported_minors(), Some((10, 14)));
        let (first, latest) = heroku.release(3, 12).expect("3.12");
        assert_eq!(first, PyVersion::parse("3.12.0").expect("v"));
        assert_eq!(latest, PyVersion::parse("3.12.14").expect("v"));
        assert!(heroku.release(3, 9).is_none());
        assert_eq!(
            heroku
                .detected_before_python()
                .iter()
                .map(|r| r.builder.as_str())
                .collect::<Vec<_>>(),
            vec!["heroku/ruby", "heroku/nodejs", "heroku/clojure"]
        );
        assert!(Platform::Railway
            .facts()
            .detected_before_python()
            .iter()
            .all(|r| !r.files.iter().any(|f| f == "package.json")));
    }
}
