//! The project model: the inventory from the one walk, every file read and
//! parsed once, grouped by app. Checks read only this.

use std::collections::BTreeMap;

use crate::apps::{self, AppRoot, AppRootError};
use crate::discover::{join, EntryKind, Inventory};
use crate::parse::procfile::Procfile;
use crate::parse::python::PythonModule;
use crate::parse::requirements::RequirementsFile;
use crate::source::{SourceFile, Span};

#[derive(Debug)]
pub struct Project {
    pub inventory: Inventory,
    /// Files read, keyed by relative path. Each is read at most once.
    pub files: BTreeMap<String, SourceFile>,
    /// Files that exist but could not be read, with the OS error.
    pub read_errors: BTreeMap<String, String>,
    /// Python modules parsed, keyed by relative path. Each is parsed at most once.
    pub python: BTreeMap<String, PythonModule>,
    pub apps: Vec<App>,
}

#[derive(Debug)]
pub struct App {
    /// Relative to the linted folder; `""` is the folder itself.
    pub root: String,
    /// Detected below the linted folder (not forced with `--app-root`).
    pub in_subfolder: bool,
    /// `requirements.txt` at the app root, parsed.
    pub requirements: Option<RequirementsFile>,
    /// `Procfile` at the app root, parsed.
    pub procfile: Option<Procfile>,
    /// Every start command found for this app: the Procfile's processes and
    /// the commands of platform files, in the order platforms prefer them.
    pub commands: Vec<StartCommand>,
    /// Django settings found and evaluated without importing them.
    pub django: Option<crate::settings::DjangoSettings>,
    /// Flask/FastAPI config facts (literal secrets, DEBUG, static folders).
    pub flask: Option<crate::settings::flask::FlaskFacts>,
}

/// A start command as a platform file gives it, before it is lexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartCommand {
    /// The file it comes from, relative to the linted folder.
    pub path: String,
    /// The command text in that file.
    pub span: Span,
    /// The command as written (shell syntax); for an exec form, the argv joined by spaces.
    pub text: String,
    /// Process name: `web`, `worker`, `release`…; platform files that run one
    /// service name it `web`.
    pub process: String,
    pub origin: CommandOrigin,
    /// Set for exec-form commands (JSON arrays, YAML lists): no shell runs
    /// them, so `$PORT` is passed literally.
    pub argv: Option<Vec<String>>,
}

/// The kind of file a start command comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommandOrigin {
    Procfile,
    AppYaml,
    RenderYaml,
    FlyToml,
    RailwayJson,
    RailwayToml,
    NixpacksToml,
    DoAppYaml,
    AppJson,
    HerokuYml,
}

impl App {
    /// Path of `name` inside this app, relative to the linted folder.
    pub fn path(&self, name: &str) -> String {
        join(&self.root, name)
    }

    /// How the app root is shown to users: `.` for the linted folder.
    pub fn display_root(&self) -> &str {
        if self.root.is_empty() {
            "."
        } else {
            &self.root
        }
    }

    /// The folder path as used in locations: `""` becomes `./`, others end in `/`.
    pub fn root_location(&self) -> String {
        format!("{}/", self.display_root())
    }

    /// Whether a relative path lies inside this app's folder.
    pub fn contains(&self, rel: &str) -> bool {
        self.root.is_empty() || rel.starts_with(&format!("{}/", self.root))
    }
}

/// Options that shape the model (not the checks).
#[derive(Debug, Default, Clone)]
pub struct ModelOptions {
    /// `--app-root`: force these folders as the apps.
    pub app_roots: Vec<String>,
}

impl Project {
    /// Builds the model from a finished walk: finds the apps, then reads and
    /// parses the files each needs.
    pub fn build(inventory: Inventory, options: &ModelOptions) -> Result<Self, AppRootError> {
        let roots = apps::detect(&inventory, &options.app_roots)?;
        let mut project = Project {
            inventory,
            files: BTreeMap::new(),
            read_errors: BTreeMap::new(),
            python: BTreeMap::new(),
            apps: Vec::new(),
        };
        for root in roots {
            let app = project.build_app(root);
            project.apps.push(app);
        }
        Ok(project)
    }

    fn build_app(&mut self, root: AppRoot) -> App {
        let requirements_path = join(&root.path, "requirements.txt");
        let requirements = self.load(&requirements_path).map(RequirementsFile::parse);
        let procfile_path = join(&root.path, "Procfile");
        let procfile = self.load(&procfile_path).map(Procfile::parse);
        let commands: Vec<StartCommand> = procfile
            .iter()
            .flat_map(|p| &p.entries)
            .filter(|e| !e.command.is_empty())
            .map(|e| StartCommand {
                path: procfile_path.clone(),
                span: e.command_span,
                text: e.command.clone(),
                process: e.name.clone(),
                origin: CommandOrigin::Procfile,
                argv: None,
            })
            .collect();
        let django_dependency = requirements
            .as_ref()
            .is_some_and(|r| r.get("django").is_some());
        let django = crate::settings::discover(self, &root.path, &commands, django_dependency);
        let micro_framework = ["flask", "fastapi"]
            .into_iter()
            .find(|name| requirements.as_ref().is_some_and(|r| r.get(name).is_some()));
        let flask = crate::settings::flask::discover(self, &root.path, micro_framework);
        App {
            root: root.path,
            in_subfolder: root.in_subfolder,
            requirements,
            procfile,
            commands,
            django,
            flask,
        }
    }

    /// Reads a file into the store once and returns it. Missing files,
    /// folders and symlinks leaving the root give `None`.
    pub fn load(&mut self, rel: &str) -> Option<&SourceFile> {
        if !self.files.contains_key(rel) {
            let entry = self.inventory.get(rel)?;
            match entry.kind {
                EntryKind::Dir => return None,
                EntryKind::Symlink if !self.inventory.symlink_stays_inside(rel) => {
                    self.read_errors.insert(
                        rel.to_string(),
                        "symbolic link that leaves the linted folder or is broken; not followed"
                            .to_string(),
                    );
                    return None;
                }
                _ => {}
            }
            if self.read_errors.contains_key(rel) {
                return None;
            }
            match SourceFile::read(rel, &self.inventory.abs(rel)) {
                Ok(file) => {
                    self.files.insert(rel.to_string(), file);
                }
                Err(err) => {
                    self.read_errors.insert(rel.to_string(), err.to_string());
                    return None;
                }
            }
        }
        self.files.get(rel)
    }

    /// Reads and parses a Python module once (parse phase only).
    pub fn load_python(&mut self, rel: &str) -> Option<&PythonModule> {
        if !self.python.contains_key(rel) {
            let module = PythonModule::parse(self.load(rel)?);
            self.python.insert(rel.to_string(), module);
        }
        self.python.get(rel)
    }

    /// A Python module parsed during the parse phase.
    pub fn python_module(&self, rel: &str) -> Option<&PythonModule> {
        self.python.get(rel)
    }

    pub fn file(&self, rel: &str) -> Option<&SourceFile> {
        self.files.get(rel)
    }

    /// The app a path belongs to: the one with the deepest root containing it.
    pub fn app_of(&self, rel: &str) -> Option<&App> {
        self.apps
            .iter()
            .filter(|a| a.contains(rel))
            .max_by_key(|a| a.root.len())
    }
}
