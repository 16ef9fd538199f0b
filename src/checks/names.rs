//! File-name knowledge shared by several checks: lookalikes of the files
//! builders require, and what marks an app as serving HTTP.

use crate::discover::{file_name, EntryKind};

use super::Context;

/// Misspellings Heroku's buildpack lists (catalogue A2) and the ones users
/// report; anything within two edits of `requirements` counts too.
pub fn is_misspelt_requirements(name: &str) -> bool {
    if name == "requirements.txt" {
        return false;
    }
    let lower = name.trim().trim_matches(['\'', '"']).to_ascii_lowercase();
    let mut stem = lower.as_str();
    // `requirements.txt.txt`, `requirements.text`, `requirements`
    while let Some(s) = stem
        .strip_suffix(".txt")
        .or_else(|| stem.strip_suffix(".text"))
    {
        stem = s;
    }
    if stem.len() == lower.len() && lower.contains('.') {
        // Some other extension (`requirements.in`, `requirements.lock`): not a typo.
        return false;
    }
    strsim::levenshtein(stem, "requirements") <= 2
}

/// `procfile`, `PROCFILE`, `Procfile.txt`, `Procfile.yml`, ` Procfile`, …
pub fn is_misnamed_procfile(name: &str) -> bool {
    if name == "Procfile" {
        return false;
    }
    let lower = name.trim().to_ascii_lowercase();
    let stem = [".txt", ".yml", ".yaml", ".sh", ".text"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext))
        .unwrap_or(&lower);
    stem == "procfile" || (stem.starts_with("proc") && strsim::levenshtein(stem, "procfile") == 1)
}

/// Web frameworks and servers whose presence means the app serves HTTP.
pub const WEB_PACKAGES: &[&str] = &[
    "django",
    "flask",
    "fastapi",
    "starlette",
    "pyramid",
    "bottle",
    "falcon",
    "quart",
    "sanic",
    "tornado",
    "aiohttp",
    "litestar",
    "streamlit",
    "dash",
    "gradio",
    "fasthtml",
    "python-fasthtml",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress",
    "granian",
    "uwsgi",
];

/// A package manager whose files a builder can install from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    Pip,
    Uv,
    Poetry,
    Pipenv,
    Pdm,
}

impl Manager {
    /// The file that shows this manager is in use at the app root.
    pub fn marker(self) -> &'static str {
        match self {
            Manager::Pip => "requirements.txt",
            Manager::Uv => "uv.lock",
            Manager::Poetry => "poetry.lock",
            Manager::Pipenv => "Pipfile.lock",
            Manager::Pdm => "pdm.lock",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Manager::Pip => "pip",
            Manager::Uv => "uv",
            Manager::Poetry => "Poetry",
            Manager::Pipenv => "Pipenv",
            Manager::Pdm => "PDM",
        }
    }
}

/// Folders whose modules are not the deployed app (test apps, examples, docs).
const NOT_APP_CODE: &[&str] = &["tests", "test", "examples", "example", "docs", "doc"];

impl Context<'_> {
    /// Whether the app root holds a file named `name`.
    pub fn root_has(&self, name: &str) -> bool {
        self.project.inventory.is_file(&self.app.path(name))
    }

    /// Names of the files directly in the app root.
    pub fn root_file_names(&self) -> impl Iterator<Item = &str> {
        self.project
            .inventory
            .children(&self.app.root)
            .filter(|(_, e)| e.kind != EntryKind::Dir)
            .map(|(p, _)| file_name(p))
    }

    /// The package managers whose lock or requirements file is at the app root.
    pub fn managers(&self) -> Vec<Manager> {
        [
            Manager::Pip,
            Manager::Uv,
            Manager::Poetry,
            Manager::Pipenv,
            Manager::Pdm,
        ]
        .into_iter()
        .filter(|m| self.root_has(m.marker()))
        .collect()
    }

    /// Files named `name` below the app root (not at it), shallowest first,
    /// skipping folders that belong to another app.
    pub fn nested_files_named(&self, matches: impl Fn(&str) -> bool) -> Vec<String> {
        let mut found: Vec<String> = self
            .project
            .inventory
            .descendants(&self.app.root)
            .filter(|(path, entry)| {
                // The name first: it rules out nearly every path cheaply.
                matches(path)
                    && entry.kind != EntryKind::Dir
                    && crate::discover::parent(path) != self.app.root
                    && path[self.app.root.len()..].matches('/').count() <= 4
                    && self
                        .project
                        .app_of(path)
                        .is_some_and(|a| std::ptr::eq(a, self.app))
            })
            .map(|(p, _)| p.to_string())
            .collect();
        found.sort_by_key(|p| (p.matches('/').count(), p.clone()));
        found
    }

    /// Whether the app looks like it serves HTTP: Django's `manage.py` (with Django installed), a
    /// `wsgi.py`/`asgi.py` module, a web framework or server declared in any
    /// manifest or lock, or a module importing a web framework.
    pub fn serves_http(&self) -> bool {
        let inventory = &self.project.inventory;
        // A manage.py is Django's only with Django installed (a module that imports it
        // without declaring it still counts below); other tools name their scripts so too.
        if inventory.is_file(&self.app.path("manage.py"))
            && super::dependency_facts::installs_framework(self, "django")
        {
            return true;
        }
        let root = self.app.root.as_str();
        let mut entry_modules = inventory
            .named(root, "wsgi.py")
            .chain(inventory.named(root, "asgi.py"));
        let has_entry_module = entry_modules.any(|(path, entry)| {
            entry.kind != EntryKind::Dir
                && path[root.len()..].matches('/').count() <= 3
                && !path.split('/').any(|part| NOT_APP_CODE.contains(&part))
        });
        if has_entry_module {
            return true;
        }
        let deps = &self.app.deps;
        WEB_PACKAGES
            .iter()
            .any(|name| deps.declares_runtime(name) || deps.locked_for_runtime(name))
            || !deps.web_imports.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements_misspellings() {
        for name in [
            "requirement.txt",
            "requirements.text",
            "Requirements.txt",
            "requirements.txt.txt",
            "requirments.txt",
            "requeriments.txt",
            "requirements",
            "REQUIREMENTS.TXT",
        ] {
            assert!(is_misspelt_requirements(name), "{name}");
        }
        for name in [
            "requirements.txt",
            "requirements-dev.txt",
            "requirements.in",
            "dev-requirements.txt",
            "requirements_test.txt",
        ] {
            assert!(!is_misspelt_requirements(name), "{name}");
        }
    }

    #[test]
    fn procfile_misnames() {
        for name in [
            "procfile",
            "PROCFILE",
            "Procfile.txt",
            "Procfile.yml",
            "ProcFile",
            "Procfle",
        ] {
            assert!(is_misnamed_procfile(name), "{name}");
        }
        for name in ["Procfile", "Procfile.dev", "Procfile.windows", "profile"] {
            assert!(!is_misnamed_procfile(name), "{name}");
        }
    }
}
