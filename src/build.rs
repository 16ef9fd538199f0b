//! Layer `build`: the inventory into a `Project`, calling each analyzer once.
//!
//! Build: turns the inventory of the one walk into a `Project`, reading
//! through the reader and calling each analyzer once, in the order the data needs.

use crate::apps::{self, AppRoot, AppRootError};
use crate::discover::{join, normalize_path, Inventory};
use crate::model::{App, CommandOrigin, Project, StartCommand};
use crate::parse::platform_files::{self, PlatformFile};
use crate::parse::procfile::Procfile;
use crate::reader::Reader;

/// Options that shape the model (not the checks).
#[derive(Debug, Default, Clone)]
pub struct ModelOptions {
    /// `--app-root`: force these folders as the apps.
    pub app_roots: Vec<String>,
    /// Files, relative to each app root, to read although no analyzer needs
    /// them (team rules look into them).
    pub also_read: Vec<String>,
}

impl Project {
    /// Builds the model from a finished walk: finds the apps, then reads and
    /// parses the files each needs.
    pub fn build(inventory: Inventory, options: &ModelOptions) -> Result<Self, AppRootError> {
        let roots = apps::detect(&inventory, &options.app_roots)?;
        let mut reader = Reader::new(inventory);
        let all_roots: Vec<String> = roots.iter().map(|r| r.path.clone()).collect();
        let platform_files = load_platform_files(&mut reader, &all_roots);
        let mut built = Vec::new();
        for root in roots {
            let mut app = build_app(&mut reader, root);
            let declared = platform_commands_for(&platform_files, &app.root, &all_roots);
            app.docker_built = docker_built(&reader, &platform_files, &app.root, &all_roots);
            app.commands.extend(declared);
            app.dockerfile = load_dockerfile(&mut reader, &app.root);
            if let Some(command) = dockerfile_command(&app) {
                app.commands.push(command);
            }
            app.deps = crate::deps::load(&mut reader, &app.root, &all_roots);
            app.requirements = app
                .deps
                .requirement_files
                .iter()
                .find(|r| r.file.path == app.path("requirements.txt"))
                .map(|r| r.file.clone());
            app.entry = crate::entry::analyze(&mut reader, &app);
            app.python = crate::python_version::load(&mut reader, &platform_files, &app);
            let django_dependency =
                app.deps.declares_runtime("django") || app.deps.locked_for_runtime("django");
            app.django = crate::settings::discover(
                &mut reader,
                &platform_files,
                &app.root,
                &app.commands,
                django_dependency,
            );
            let micro_framework = ["flask", "fastapi"]
                .into_iter()
                .find(|name| app.deps.declares_runtime(name));
            app.flask = crate::settings::flask::discover(&mut reader, &app.root, micro_framework);
            // Parsed now so that checks can tell whether each one parses.
            let imported = crate::entry::imported_modules(&reader.inventory, &reader.python, &app);
            reader.load_python_all(&imported);
            app.imports = import_facts(&mut reader, &app);
            app.imports.startup_modules = imported;
            built.push(app);
        }
        for root in &all_roots {
            for name in &options.also_read {
                reader.load(&join(root, name));
            }
        }
        let Reader {
            inventory,
            files,
            read_errors,
            python,
        } = reader;
        let app_index = built
            .iter()
            .enumerate()
            .map(|(i, app)| (app.root.clone(), i))
            .collect();
        Ok(Project {
            inventory,
            files,
            read_errors,
            platform_files,
            python,
            apps: built,
            app_index,
        })
    }
}

/// The modules the platform imports for `app`: what each start command
/// serves (or the app found without one) and the Django settings module.
fn import_facts(reader: &mut Reader, app: &App) -> crate::imports::ImportFacts {
    use crate::model::entry::Outcome;
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
    crate::imports::collect(reader, &app.root, starts, &extra_roots)
}

fn build_app(reader: &mut Reader, root: AppRoot) -> App {
    let procfile_path = join(&root.path, "Procfile");
    let procfile = reader.load(&procfile_path).map(Procfile::parse);
    let nltk = reader
        .load(&join(&root.path, "nltk.txt"))
        .map(crate::parse::nltk::NltkFile::parse);
    // Heroku keeps the last of duplicate process types; the others never run.
    let last_of_name: std::collections::HashMap<&str, usize> = procfile
        .iter()
        .flat_map(|p| {
            p.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.name.as_str(), i))
        })
        .collect();
    let commands: Vec<StartCommand> = procfile
        .iter()
        .flat_map(|p| {
            p.entries
                .iter()
                .enumerate()
                .filter(|(i, e)| last_of_name.get(e.name.as_str()) == Some(i))
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
            readers: None,
            workdir: None,
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
        dockerfile: None,
        nltk,
    }
}

/// Reads the platform files at the linted folder and at each app root.
fn load_platform_files(reader: &mut Reader, app_roots: &[String]) -> Vec<PlatformFile> {
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
            if let Some(file) = reader.load(&path) {
                out.push(platform_files::parse(file, *origin));
            }
        }
    }
    out
}

/// Platforms that build the app's Dockerfile (their profiles' rules).
fn docker_built(
    reader: &Reader,
    platform_files: &[PlatformFile],
    root: &str,
    app_roots: &[String],
) -> Vec<crate::platform::Platform> {
    use crate::profile::DockerRule;
    let has = |name: &str| reader.inventory.is_file(&join(root, name));
    let service_says = platform_files.iter().any(|file| {
        file.docker_roots
            .iter()
            .any(|dir| service_app_root(file, Some(dir), app_roots) == root)
    });
    crate::profile::PROFILES
        .iter()
        .filter(|profile| {
            profile.builds_dockerfile().iter().any(|rule| match rule {
                DockerRule::DockerfilePresent => has("Dockerfile"),
                DockerRule::DockerfileWithoutAppYaml => has("Dockerfile") && !has("app.yaml"),
                DockerRule::HerokuYml => has("heroku.yml"),
                DockerRule::ServiceSaysDocker => service_says,
            })
        })
        .map(|profile| profile.platform)
        .collect()
}

/// The app root's `Dockerfile`, else its `Containerfile`, parsed once.
fn load_dockerfile(
    reader: &mut Reader,
    root: &str,
) -> Option<crate::parse::dockerfile::Dockerfile> {
    ["Dockerfile", "Containerfile"]
        .into_iter()
        .find_map(|name| {
            reader
                .load(&join(root, name))
                .map(crate::parse::dockerfile::Dockerfile::parse)
        })
}

/// The Dockerfile's start command, for the platforms that build the
/// Dockerfile and take no web command from a file of their own (fly.toml
/// `[processes]`, railway.json `startCommand`… replace the image's CMD).
fn dockerfile_command(app: &App) -> Option<StartCommand> {
    let dockerfile = app.dockerfile.as_ref()?;
    let image = dockerfile.start_command()?;
    let overridden: Vec<crate::platform::Platform> = app
        .commands
        .iter()
        .filter(|c| c.process == "web")
        .flat_map(crate::profile::start_command_readers)
        .collect();
    let readers: Vec<_> = app
        .docker_built
        .iter()
        .copied()
        .filter(|p| !overridden.contains(p))
        .collect();
    if readers.is_empty() {
        return None;
    }
    Some(StartCommand {
        path: dockerfile.path.clone(),
        span: image.span,
        text: image.text.clone(),
        process: "web".to_string(),
        origin: CommandOrigin::Dockerfile,
        argv: image.argv.clone(),
        readers: Some(readers),
        workdir: dockerfile.source_folder(&image.workdir),
    })
}

/// Start commands the platform files give the app at `root`: a service
/// whose root directory is that folder, or a file inside it without one.
fn platform_commands_for(
    platform_files: &[PlatformFile],
    root: &str,
    app_roots: &[String],
) -> Vec<StartCommand> {
    let mut out = Vec::new();
    for file in platform_files {
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
                readers: None,
                workdir: None,
            });
        }
    }
    out
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
