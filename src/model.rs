//! The project model: the inventory from the one walk, every file read and
//! parsed once, grouped by app. Checks read only this.

use std::collections::{BTreeMap, BTreeSet};

use crate::apps::{self, AppRoot, AppRootError};
use crate::discover::{join, EntryKind, Inventory};
use crate::parse::platform_files::{self, PlatformFile};
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
    /// Platform configuration files (railway.json, render.yaml, …), parsed.
    pub platform_files: Vec<PlatformFile>,
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
    /// Every dependency manifest of the app, read into one model.
    pub deps: crate::deps::Dependencies,
    /// Start commands understood, their targets resolved, apps inferred.
    pub entry: crate::entry::EntryPoints,
    /// Python version sources and their problems.
    pub python: crate::python_version::PythonVersions,
    /// Django settings found and evaluated without importing them.
    pub django: Option<crate::settings::DjangoSettings>,
    /// Flask/FastAPI config facts (literal secrets, DEBUG, static folders).
    pub flask: Option<crate::settings::flask::FlaskFacts>,
    /// What the platform imports at start and what those modules import.
    pub imports: crate::imports::ImportFacts,
    /// Platforms that build this app's Dockerfile instead of their Python builder.
    pub docker_built: Vec<crate::platform::Platform>,
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

impl CommandOrigin {
    /// The platforms that run commands from this kind of file (their profiles say).
    pub fn readers(self) -> Vec<crate::platform::Platform> {
        crate::profile::command_readers(self)
    }
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
        self.root.is_empty()
            || rel
                .strip_prefix(self.root.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// The app root a platform file's service builds: its root directory joined
/// to the file's base folder; a file at the linted folder without one serves
/// the only app.
fn service_app_root(file: &PlatformFile, root_dir: Option<&str>, app_roots: &[String]) -> String {
    let base = file.base_folder();
    let target = match root_dir {
        Some(dir) => normalize_path(&join(base, dir)),
        None => base.to_string(),
    };
    match app_roots {
        [only] if target.is_empty() => only.clone(),
        _ => target,
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
            platform_files: Vec::new(),
            apps: Vec::new(),
        };
        let all_roots: Vec<String> = roots.iter().map(|r| r.path.clone()).collect();
        project.platform_files = project.load_platform_files(&all_roots);
        for root in roots {
            let mut app = project.build_app(root);
            let declared = project.platform_commands_for(&app.root, &all_roots);
            app.docker_built = project.docker_built(&app.root, &all_roots);
            app.commands.extend(declared);
            app.deps = crate::deps::load(&mut project, &app.root, &all_roots);
            app.requirements = app
                .deps
                .requirement_files
                .iter()
                .find(|r| r.file.path == app.path("requirements.txt"))
                .map(|r| r.file.clone());
            app.entry = crate::entry::analyze(&mut project, &app);
            app.python = crate::python_version::load(&mut project, &app);
            let django_dependency =
                app.deps.declares_runtime("django") || app.deps.locked_for_runtime("django");
            app.django = crate::settings::discover(
                &mut project,
                &app.root,
                &app.commands,
                django_dependency,
            );
            let micro_framework = ["flask", "fastapi"]
                .into_iter()
                .find(|name| app.deps.declares_runtime(name));
            app.flask = crate::settings::flask::discover(&mut project, &app.root, micro_framework);
            app.imports = project.import_facts(&app);
            project.apps.push(app);
        }
        Ok(project)
    }

    /// The modules the platform imports for `app`: what each start command
    /// serves (or the app found without one) and the Django settings module.
    fn import_facts(&mut self, app: &App) -> crate::imports::ImportFacts {
        use crate::entry::Outcome;
        let mut starts: Vec<(String, String)> = Vec::new();
        for r in &app.entry.resolutions {
            let file = match &r.outcome {
                Outcome::Resolved { file, .. } | Outcome::FileFound { file } => file,
                _ => continue,
            };
            if let Some(cmd) = app.commands.get(r.command) {
                starts.push((
                    file.clone(),
                    format!("served by {} ({})", cmd.path, cmd.process),
                ));
            }
        }
        if app.commands.is_empty() {
            for c in &app.entry.candidates {
                starts.push((
                    c.file.clone(),
                    "the app found without a start command".into(),
                ));
            }
        }
        let mut extra_roots = Vec::new();
        if let Some(s) = &app.django {
            starts.push((s.path.clone(), format!("the settings module {}", s.module)));
            for c in &s.candidates {
                if c.origin.ends_with("manage.py") {
                    extra_roots.push(crate::discover::parent(&c.origin).to_string());
                }
            }
        }
        crate::imports::collect(self, &app.root, starts, &extra_roots)
    }

    fn build_app(&mut self, root: AppRoot) -> App {
        let procfile_path = join(&root.path, "Procfile");
        let procfile = self.load(&procfile_path).map(Procfile::parse);
        // Heroku keeps the last of duplicate process types; the others never run.
        let commands: Vec<StartCommand> = procfile
            .iter()
            .flat_map(|p| {
                p.entries
                    .iter()
                    .enumerate()
                    .filter(|(i, e)| !p.entries[i + 1..].iter().any(|later| later.name == e.name))
                    .map(|(_, e)| e)
            })
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
        App {
            root: root.path,
            in_subfolder: root.in_subfolder,
            requirements: None,
            procfile,
            commands,
            deps: Default::default(),
            entry: Default::default(),
            python: Default::default(),
            django: None,
            flask: None,
            imports: Default::default(),
            docker_built: Vec::new(),
        }
    }

    /// Reads a file into the store once and returns it. Missing files,
    /// folders and symlinks leaving the root give `None`.
    pub fn load(&mut self, rel: &str) -> Option<&SourceFile> {
        if !self.files.contains_key(rel) {
            let entry = self.inventory.get(rel)?;
            match entry.kind {
                EntryKind::Dir => return None,
                EntryKind::Special => {
                    self.read_errors.insert(
                        rel.to_string(),
                        "not a regular file (a FIFO, socket or device); not opened".to_string(),
                    );
                    return None;
                }
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

    /// Reads the platform files at the linted folder and at each app root.
    fn load_platform_files(&mut self, app_roots: &[String]) -> Vec<PlatformFile> {
        let mut folders: Vec<&str> = vec![""];
        folders.extend(
            app_roots
                .iter()
                .map(String::as_str)
                .filter(|r| !r.is_empty()),
        );
        let mut out = Vec::new();
        for folder in folders {
            for (name, origin) in platform_files::FILES {
                let path = join(folder, name);
                if let Some(file) = self.load(&path) {
                    out.push(platform_files::parse(file, *origin));
                }
            }
        }
        out
    }

    /// Platforms that build the app's Dockerfile (their profiles' rules).
    fn docker_built(&self, root: &str, app_roots: &[String]) -> Vec<crate::platform::Platform> {
        use crate::profile::DockerRule;
        let has = |name: &str| self.inventory.is_file(&join(root, name));
        let service_says = self.platform_files.iter().any(|file| {
            file.docker_roots
                .iter()
                .any(|dir| service_app_root(file, Some(dir), app_roots) == root)
        });
        crate::profile::PROFILES
            .iter()
            .filter(|profile| {
                profile.builds_dockerfile.iter().any(|rule| match rule {
                    DockerRule::DockerfilePresent => has("Dockerfile"),
                    DockerRule::DockerfileWithoutAppYaml => has("Dockerfile") && !has("app.yaml"),
                    DockerRule::HerokuYml => has("heroku.yml"),
                    DockerRule::ServiceSaysDocker => service_says,
                })
            })
            .map(|profile| profile.platform)
            .collect()
    }

    /// Start commands the platform files give the app at `root`: a service
    /// whose root directory is that folder, or a file inside it without one.
    fn platform_commands_for(&self, root: &str, app_roots: &[String]) -> Vec<StartCommand> {
        let mut out = Vec::new();
        for file in &self.platform_files {
            for declared in &file.commands {
                if service_app_root(file, declared.root_dir.as_deref(), app_roots) != root {
                    continue;
                }
                out.push(StartCommand {
                    path: file.path.clone(),
                    span: declared.span,
                    text: declared.text.clone(),
                    process: declared.process.clone(),
                    origin: declared.origin,
                    argv: declared.argv.clone(),
                });
            }
        }
        out
    }

    /// Reads and parses a Python module once (parse phase only).
    pub fn load_python(&mut self, rel: &str) -> Option<&PythonModule> {
        if !self.python.contains_key(rel) {
            let module = PythonModule::parse(self.load(rel)?);
            self.python.insert(rel.to_string(), module);
        }
        self.python.get(rel)
    }

    /// Reads and parses these Python modules on all cores (parse phase),
    /// each still once; [`Project::load_python`] then finds them stored.
    /// Symlinks and special files are left to `load_python`'s checks.
    pub fn load_python_all(&mut self, rels: &[String]) {
        self.load_python_all_up_to(rels, u64::MAX);
    }

    /// [`Project::load_python_all`] for modules of at most `max_bytes`; larger
    /// ones are neither read nor stored. Tells, for each path, whether it is
    /// a regular file within the limit (read now or before).
    pub fn load_python_all_up_to(&mut self, rels: &[String], max_bytes: u64) -> Vec<bool> {
        let todo: Vec<(&str, std::path::PathBuf)> = rels
            .iter()
            .filter(|rel| {
                !self.python.contains_key(*rel)
                    && !self.files.contains_key(*rel)
                    && !self.read_errors.contains_key(*rel)
                    && self
                        .inventory
                        .get(rel)
                        .is_some_and(|e| e.kind == EntryKind::File)
            })
            .map(|rel| (rel.as_str(), self.inventory.abs(rel)))
            .collect();
        let parsed = crate::parallel::map(&todo, |(rel, abs)| {
            SourceFile::read_unless_larger(rel, abs, max_bytes).map(|(file, read)| {
                let module = read.then(|| PythonModule::parse(&file));
                (file, module)
            })
        });
        let mut too_large = BTreeSet::new();
        for ((rel, _), result) in todo.iter().zip(parsed) {
            match result {
                Ok((file, Some(module))) => {
                    self.files.insert(rel.to_string(), file);
                    self.python.insert(rel.to_string(), module);
                }
                Ok((_, None)) => {
                    too_large.insert(*rel);
                }
                Err(err) => {
                    self.read_errors.insert(rel.to_string(), err.to_string());
                }
            }
        }
        rels.iter()
            .map(|rel| {
                if too_large.contains(rel.as_str()) {
                    return false;
                }
                match self.files.get(rel) {
                    Some(file) => file.size <= max_bytes,
                    // Symlinks are read later by `load_python`, which checks them.
                    None => {
                        !self.read_errors.contains_key(rel)
                            && self.inventory.is_file(rel)
                            && self
                                .inventory
                                .file_size(rel)
                                .is_some_and(|s| s <= max_bytes)
                    }
                }
            })
            .collect()
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

/// `a/./b/../c` → `a/c`.
pub fn normalize_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}
