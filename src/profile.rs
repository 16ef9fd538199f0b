//! Layer `profiles`: each platform's builder as data; checks and the build read it.
//!
//! Platform profiles: what each platform's builder reads, what it decides for
//! itself, where it takes the Python version from, and where its severity
//! for a check differs from the check's default. Facts come from the builders'
//! sources as summarized in the reference catalogue (sections B, C and 2);
//! `paaslint platforms` prints them.

use serde::Serialize;

use crate::finding::Severity;
use crate::model::python_version::{PyVersion, SourceKind};
use crate::model::CommandOrigin;
use crate::platform::Platform;

#[derive(Debug, Serialize)]
pub struct Profile {
    pub platform: Platform,
    /// The builder that turns the repository into a running app.
    pub builder: &'static str,
    /// Files the builder reads and what it takes from each.
    pub reads: &'static [(&'static str, &'static str)],
    /// Files whose start commands it runs (a subset of `reads`).
    #[serde(skip)]
    pub commands_from: &'static [CommandOrigin],
    /// Platform files it reads that give no start command (app.json).
    #[serde(skip)]
    pub other_files: &'static [CommandOrigin],
    /// What it decides when the repository says nothing.
    pub infers: &'static [&'static str],
    /// Environment variables the platform always sets at run time: settings
    /// that depend on them take another value there.
    pub runtime_markers: &'static [&'static str],
    /// Checks whose severity here differs from their default, with the reason.
    #[serde(skip)]
    pub severity: &'static [(&'static str, Severity, &'static str)],
}

/// When a platform builds the Dockerfile rather than running its Python builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DockerRule {
    /// A `Dockerfile` at the app root.
    DockerfilePresent,
    /// A `Dockerfile` and no app.yaml (App Engine standard ignores Dockerfiles).
    DockerfileWithoutAppYaml,
    /// heroku.yml: Heroku's container stack.
    HerokuYml,
    /// The platform file's service says so (render.yaml `runtime: docker`,
    /// .do/app.yaml `dockerfile_path`).
    ServiceSaysDocker,
}

/// Checks about what a platform's own Python builder does (which manifest it
/// installs, which version file it reads, collectstatic, the buildpack's
/// refusals). Where the platform builds the Dockerfile instead, they do not apply.
pub const BUILDER_CHECKS: &[&str] = &[
    "PAAS101", "PAAS102", "PAAS103", "PAAS104", "PAAS105", "PAAS106", "PAAS107", "PAAS108",
    "PAAS117", "PAAS131", "PAAS132", "PAAS401", "PAAS407", "PAAS409", "PAAS501", "PAAS502",
    "PAAS503", "PAAS504", "PAAS505", "PAAS506", "PAAS704", "PAAS705",
];

use CommandOrigin as O;
use Severity::Warning;

/// Every profile, in [`Platform::ALL`] order.
pub static PROFILES: [Profile; 9] = [
    Profile {
        platform: Platform::Heroku,
        builder: "heroku-buildpack-python (classic, Cedar) or heroku/buildpacks-python (Cloud Native, Fir)",
        reads: &[
            ("requirements.txt, Pipfile + Pipfile.lock, pyproject.toml + poetry.lock or uv.lock", "the dependencies, exactly one package manager"),
            (".python-version", "the Python version (the only version file the Fir builder reads)"),
            ("runtime.txt", "the Python version (classic builder, deprecated; an error on Fir)"),
            ("Pipfile.lock", "`_meta.requires.python_version`, after runtime.txt and .python-version"),
            ("Procfile", "the process types; `web` receives HTTP traffic"),
            ("app.json", "environment, buildpacks and scripts for review apps and Heroku Button"),
            ("heroku.yml", "the build and run commands on the container stack"),
            ("manage.py", "Django: `collectstatic --noinput` runs at build time"),
        ],
        commands_from: &[O::Procfile, O::HerokuYml],
        other_files: &[O::AppJson],
        infers: &[
            "no start command: without a `web` line in the Procfile no web process runs",
            "Django: runs `manage.py collectstatic --noinput` unless DISABLE_COLLECTSTATIC is set",
            "WEB_CONCURRENCY from the dyno size; GUNICORN_CMD_ARGS adds `--access-logfile -`",
            "PORT is assigned per dyno at run time",
        ],
        runtime_markers: &["DYNO"],
        severity: &[
            ("PAAS704", Severity::Error, "the Python builder stops: \"Unsafe environment variable(s) found\""),
        ],
    },
    Profile {
        platform: Platform::Render,
        builder: "Render's native Python environment (user-given build and start commands)",
        reads: &[
            ("requirements.txt", "the default build command is `pip install -r requirements.txt`"),
            ("render.yaml", "services: buildCommand, startCommand, rootDir, envVars (PYTHON_VERSION)"),
            (".python-version", "the Python version when PYTHON_VERSION is not set"),
        ],
        commands_from: &[O::RenderYaml],
        other_files: &[],
        infers: &[
            "no start command: it comes from the dashboard or render.yaml `startCommand`",
            "PORT defaults to 10000",
        ],
        runtime_markers: &["RENDER", "RENDER_SERVICE_ID", "RENDER_EXTERNAL_HOSTNAME"],
        severity: &[
            ("PAAS108", Warning, "Render builds a fresh environment; a committed virtualenv only bloats the upload"),
            ("PAAS501", Warning, "Render ignores the misspelt file and installs its default Python"),
        ],
    },
    Profile {
        platform: Platform::Railway,
        builder: "railpack (nixpacks before it)",
        reads: &[
            ("requirements.txt, pyproject.toml (+ poetry.lock, pdm.lock, uv.lock), Pipfile", "the dependencies"),
            ("main.py, app.py, start.py, bot.py, hello.py, server.py", "the main file a start command is guessed from"),
            ("Procfile", "the start command (parsed as YAML): web, else worker, else any"),
            ("railway.json, railway.toml", "deploy.startCommand, build settings"),
            ("nixpacks.toml", "start.cmd (legacy builder)"),
            (".python-version, .tool-versions, runtime.txt, Pipfile", "the Python version, in that order"),
        ],
        commands_from: &[O::Procfile, O::RailwayJson, O::RailwayToml, O::NixpacksToml],
        other_files: &[],
        infers: &[
            "Django (manage.py + django dependency): `python manage.py migrate && gunicorn <WSGI_APPLICATION module>:application`",
            "FastAPI + uvicorn: `uvicorn main:app --host 0.0.0.0 --port ${PORT:-8000}` (module always `main`)",
            "Flask + gunicorn: `gunicorn --bind 0.0.0.0:${PORT:-8000} main:app`",
            "otherwise `python <main file>`; no main file: \"No start command detected\"",
            "PORT is assigned at run time",
        ],
        runtime_markers: &["RAILWAY_ENVIRONMENT", "RAILWAY_ENVIRONMENT_NAME", "RAILWAY_PROJECT_ID", "RAILWAY_SERVICE_ID"],
        severity: &[
            // railpack b5e8058 core/providers/python/python.go Detect (a main.py, app.py, bot.py… is
            // enough) and its tests examples/python-bot-only and python-oldest, which build.
            ("PAAS101", Warning, "railpack builds an app with only a main file (main.py, app.py, bot.py…) or a pyproject.toml without lock, installing nothing; a framework it then lacks is PAAS112"),
            ("PAAS108", Warning, "Railway builds a fresh environment; a committed virtualenv only bloats the upload"),
            ("PAAS501", Warning, "Railway ignores the misspelt file and installs its default Python"),
            ("PAAS505", Warning, "Railway's builder silently falls back to another Python instead of failing"),
        ],
    },
    Profile {
        platform: Platform::Fly,
        builder: "`fly launch` scanner, which writes a Dockerfile and fly.toml",
        reads: &[
            ("requirements.txt, Pipfile(.lock), pyproject.toml (+ poetry.lock)", "the framework (exactly one of Django, Flask, FastAPI, Streamlit)"),
            ("wsgi.py, asgi.py, settings.py", "Django: the module served, whether to run collectstatic"),
            ("fly.toml", "[processes], [http_service] internal_port, [env], release_command"),
            ("Pipfile.lock", "`_meta.requires.python_version`, else the local interpreter's version"),
        ],
        commands_from: &[O::FlyToml],
        other_files: &[],
        infers: &[
            "Django: gunicorn (or daphne/uvicorn for asgi.py) on port 8000; Flask: port 8080",
            "the proxy connects to `internal_port`; Fly.io sets no PORT unless [env] does",
            "psycopg dependency: a Postgres cluster and `release_command = migrate`",
        ],
        runtime_markers: &["FLY_APP_NAME", "FLY_MACHINE_ID", "FLY_REGION", "FLY_ALLOC_ID"],
        severity: &[
            ("PAAS108", Warning, "the Dockerfile fly launch writes installs into a fresh image"),
            ("PAAS401", Warning, "fly launch runs collectstatic only when a settings file mentions STATIC_ROOT; without it static files are not collected, the build goes on"),
        ],
    },
    Profile {
        platform: Platform::Google,
        builder: "Google Cloud buildpacks (Cloud Run from source, App Engine standard)",
        reads: &[
            ("requirements.txt, pyproject.toml", "the dependencies"),
            ("Procfile", "the entrypoint (web), before any default"),
            ("app.yaml", "App Engine: runtime (the Python version) and entrypoint"),
            (".python-version", "the Python version (Cloud Run)"),
            ("main.py, app.py", "the default entrypoint's module"),
        ],
        commands_from: &[O::Procfile, O::AppYaml],
        other_files: &[],
        infers: &[
            "no Procfile or entrypoint: `gunicorn -b :8080 main:app` (`app:app` without main.py)",
            "Python 3.13+: uvicorn, gradio or streamlit instead of gunicorn when that is the dependency present",
            "PORT is 8080",
        ],
        runtime_markers: &["GAE_ENV", "GAE_APPLICATION", "GAE_SERVICE", "K_SERVICE"],
        severity: &[
            // GoogleCloudPlatform/buildpacks 21f28de builders/python/acceptance/gcp_test.go:417-596:
            // pyproject.toml apps with no lock (pyproject_without_lock) build with uv or Poetry.
            ("PAAS101", Warning, "Google's buildpacks install a pyproject.toml with uv (or Poetry) even without a lock, and build an app without manifest, installing nothing"),
            ("PAAS108", Warning, "the buildpack installs into a fresh layer; a committed virtualenv only bloats the upload"),
            ("PAAS501", Warning, "the buildpack ignores the misspelt file and installs the stack's latest Python"),
        ],
    },
    Profile {
        platform: Platform::Digitalocean,
        builder: "heroku-buildpack-python v322 (App Platform buildpack)",
        reads: &[
            ("requirements.txt, Pipfile, setup.py", "the dependencies (detection)"),
            ("Procfile", "the run command when the app spec has none"),
            (".do/app.yaml", "services: run_command, build_command, source_dir"),
            (".python-version, runtime.txt, Pipfile.lock", "the Python version, as the classic Heroku buildpack (default 3.13)"),
        ],
        commands_from: &[O::Procfile, O::DoAppYaml],
        other_files: &[],
        infers: &[
            "no run command from Procfile or app spec: the web component does not start",
            "Django: collectstatic at build time, as on Heroku",
            "PORT defaults to 8080",
        ],
        runtime_markers: &[],
        severity: &[
            ("PAAS108", Warning, "the buildpack version App Platform uses predates Heroku's virtualenv check"),
        ],
    },
    Profile {
        platform: Platform::Azure,
        builder: "Oryx (App Service on Linux)",
        reads: &[
            ("requirements.txt", "the dependencies (needs a root *.py or runtime.txt to detect Python)"),
            ("runtime.txt", "the Python version"),
            ("<dir>/wsgi.py, application.py, app.py, index.py, server.py", "the app the default startup serves"),
        ],
        commands_from: &[],
        other_files: &[],
        infers: &[
            "Django: `gunicorn <first top-level folder with wsgi.py>.wsgi`",
            "otherwise `gunicorn <application|app|index|server>:app` (the object must be named `app`)",
            "nothing found: a placeholder app starts and the deploy \"succeeds\"",
            "the startup command is set in the portal, not in the repository",
        ],
        runtime_markers: &["WEBSITE_HOSTNAME", "WEBSITE_SITE_NAME"],
        severity: &[
            // microsoft/Oryx d91d836 src/BuildScriptGenerator/Python/PythonBashBuildSnippet.sh.tpl:5
            // ("Could not find requirements.txt, pyproject.toml, or setup.py; Not installing
            // dependencies") and its build test of tests/SampleApps/python/http-server-py.
            ("PAAS101", Warning, "Oryx builds without a manifest, installing nothing (\"Not installing dependencies\")"),
            ("PAAS108", Warning, "Oryx builds a fresh virtualenv; a committed one only bloats the upload"),
        ],
    },
    Profile {
        platform: Platform::Openshift,
        builder: "sclorg s2i-python (source-to-image)",
        reads: &[
            ("requirements.txt, Pipfile (ENABLE_PIPENV), setup.py, pyproject.toml", "the dependencies"),
            ("gunicorn.conf.py", "with `wsgi_app`, the whole start command is `gunicorn`"),
            ("app.sh, app.py, wsgi.py", "the script or module started when APP_* are unset"),
        ],
        commands_from: &[],
        other_files: &[],
        infers: &[
            "`gunicorn wsgi` when wsgi.py exists and gunicorn is installed, else `python app.py` or `./app.sh`",
            "Django: `manage.py migrate` before start unless DISABLE_MIGRATE; collectstatic at build time",
            "the Python version is the builder image's, not a repository file's",
            "PORT is 8080",
        ],
        runtime_markers: &[],
        severity: &[
            ("PAAS108", Warning, "s2i installs into a fresh image; a committed virtualenv only bloats it"),
            ("PAAS401", Warning, "s2i dry-runs collectstatic first and only warns \"could not run 'manage.py collectstatic'\""),
        ],
    },
    Profile {
        platform: Platform::Dokku,
        builder: "herokuish (Heroku's classic buildpacks) or Cloud Native Buildpacks",
        reads: &[
            ("requirements.txt, Pipfile + Pipfile.lock, pyproject.toml", "the dependencies, as on Heroku"),
            (".python-version, runtime.txt, Pipfile.lock", "the Python version, as on Heroku"),
            ("Procfile", "the process types (procfile-util)"),
            ("app.json", "scripts.dokku predeploy/postdeploy and healthchecks"),
            ("CHECKS, DOKKU_SCALE", "zero-downtime checks and process counts"),
        ],
        commands_from: &[O::Procfile],
        other_files: &[O::AppJson],
        infers: &[
            "no start command: without a `web` line in the Procfile no web process runs",
            "PORT is assigned at run time (5000 inside the container by default)",
        ],
        runtime_markers: &[],
        severity: &[],
    },
];

impl Platform {
    pub fn profile(self) -> &'static Profile {
        // PROFILES follows Platform::ALL; the test below keeps them aligned.
        let index = Platform::ALL.iter().position(|p| *p == self).unwrap_or(0);
        &PROFILES[index]
    }
}

impl DockerRule {
    /// The rule a facts file names (`dockerfile-present`…).
    pub fn from_id(id: &str) -> Option<Self> {
        Some(match id {
            "dockerfile-present" => DockerRule::DockerfilePresent,
            "dockerfile-without-app-yaml" => DockerRule::DockerfileWithoutAppYaml,
            "heroku-yml" => DockerRule::HerokuYml,
            "service-says-docker" => DockerRule::ServiceSaysDocker,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            DockerRule::DockerfilePresent => "a Dockerfile is at the app root",
            DockerRule::DockerfileWithoutAppYaml => {
                "a Dockerfile is at the app root and there is no app.yaml (Cloud Run)"
            }
            DockerRule::HerokuYml => "heroku.yml is present (container stack)",
            DockerRule::ServiceSaysDocker => "its service in the platform file uses Docker",
        }
    }
}

impl Profile {
    /// Python version sources it reads, the winning one first (platform-facts).
    pub fn python_precedence(&self) -> Vec<SourceKind> {
        self.platform.facts().precedence()
    }

    /// The PORT it sets when the app's config does not choose one; `None`
    /// when it assigns a port at run time (or sets none, as Fly.io).
    pub fn default_port(&self) -> Option<u16> {
        Some(self.platform.facts().default_port.value).filter(|p| *p != 0)
    }

    /// When it builds the repository's Dockerfile instead of its Python
    /// builder (any rule matching); builder checks then do not apply there.
    pub fn builds_dockerfile(&self) -> Vec<DockerRule> {
        self.platform
            .facts()
            .docker
            .value
            .builds_dockerfile_when
            .iter()
            .filter_map(|id| DockerRule::from_id(id))
            .collect()
    }

    /// The severity a finding of `code` has here, when it differs from `default`.
    pub fn severity_of(&self, code: &str) -> Option<Severity> {
        self.severity
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(_, s, _)| *s)
    }

    /// The version source this platform uses among those present, if it reads any.
    pub fn picks<'a, T>(&self, present: &'a [T], kind: impl Fn(&T) -> SourceKind) -> Option<&'a T> {
        self.python_precedence()
            .iter()
            .find_map(|k| present.iter().find(|s| kind(s) == *k))
    }
}

/// The Python a platform installs for an app, and where that choice comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPython {
    /// The exact version when it is known: the patch the source names, else
    /// the newest patch of that minor the builder publishes; else the minor.
    pub version: Option<PyVersion>,
    /// What the deciding source names (or the platform's default).
    pub requested: Option<PyVersion>,
    pub source: PythonOrigin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PythonOrigin {
    /// A version file the platform reads (the first of its precedence present).
    File { kind: SourceKind, path: String },
    /// Nothing named one: the platform's default (from platform-facts).
    Default,
    /// The platform builds the app's Dockerfile: its base image decides.
    Dockerfile,
    /// Nothing named one and the platform publishes no default number.
    Unpublished,
}

impl TargetPython {
    /// `runtime.txt`, `default`, `Dockerfile`, …
    pub fn origin_label(&self) -> String {
        match &self.source {
            PythonOrigin::File { kind, .. } => kind.describe().to_string(),
            PythonOrigin::Default => "platform default".into(),
            PythonOrigin::Dockerfile => "Dockerfile".into(),
            PythonOrigin::Unpublished => "platform default (unpublished)".into(),
        }
    }

    pub fn to_json(&self, app_root: &str) -> serde_json::Value {
        let path = match &self.source {
            PythonOrigin::File { path, .. } => Some(path.clone()),
            _ => None,
        };
        let kind = match &self.source {
            PythonOrigin::File { .. } => "file",
            PythonOrigin::Default => "default",
            PythonOrigin::Dockerfile => "dockerfile",
            PythonOrigin::Unpublished => "unpublished-default",
        };
        serde_json::json!({
            "app_root": app_root,
            "version": self.version.map(|v| v.to_string()),
            "requested": self.requested.map(|v| v.to_string()),
            "source": kind,
            "from": self.origin_label(),
            "path": path,
        })
    }
}

/// The Python `platform` installs for `app`, and where that comes from: the
/// first version source of the platform's precedence present in the app,
/// else its published default. Public for other checks (wheel tags, …).
pub fn target_python(app: &crate::model::App, platform: Platform) -> TargetPython {
    let facts = platform.facts();
    if app.docker_built.contains(&platform) {
        // The official `python:X.Y-…` image decides; any other base image
        // brings a Python paaslint cannot know.
        let image = app
            .dockerfile
            .as_ref()
            .and_then(|d| d.python_version())
            .and_then(|(v, _)| PyVersion::parse(&v));
        return TargetPython {
            version: image,
            requested: image,
            source: PythonOrigin::Dockerfile,
        };
    }
    let resolve = |requested: PyVersion| match requested.patch {
        Some(_) => requested,
        None => facts
            .release(requested.major, requested.minor)
            .map(|(_, latest)| latest)
            .unwrap_or(requested),
    };
    let sources = &app.python.sources;
    if let Some(source) = platform.profile().picks(sources, |s| s.kind) {
        return TargetPython {
            version: source.version.map(resolve),
            requested: source.version,
            source: PythonOrigin::File {
                kind: source.kind,
                path: source.path.clone(),
            },
        };
    }
    match facts.default_python() {
        Some(default) => TargetPython {
            version: Some(resolve(default)),
            requested: Some(default),
            source: PythonOrigin::Default,
        },
        None => TargetPython {
            version: None,
            requested: None,
            source: PythonOrigin::Unpublished,
        },
    }
}

/// Of `platforms`, those whose builder reads version source `kind`; all of
/// them when none does (the file then matters through other means).
pub fn version_readers(platforms: &[Platform], kind: SourceKind) -> Vec<Platform> {
    let readers: Vec<Platform> = platforms
        .iter()
        .copied()
        .filter(|p| p.profile().python_precedence().contains(&kind))
        .collect();
    if readers.is_empty() {
        platforms.to_vec()
    } else {
        readers
    }
}

/// The platforms that read this kind of platform file at all.
pub fn file_readers(origin: CommandOrigin) -> Vec<Platform> {
    PROFILES
        .iter()
        .filter(|p| p.commands_from.contains(&origin) || p.other_files.contains(&origin))
        .map(|p| p.platform)
        .collect()
}

impl CommandOrigin {
    /// The platforms that run commands from this kind of file (their profiles say).
    pub fn readers(self) -> Vec<Platform> {
        command_readers(self)
    }
}

/// The platforms that run this start command: its own list when it has one
/// (a Dockerfile's CMD), else those that read its kind of file.
pub fn start_command_readers(command: &crate::model::StartCommand) -> Vec<Platform> {
    match &command.readers {
        Some(platforms) => platforms.clone(),
        None => command.origin.readers(),
    }
}

/// The platforms that run start commands from this kind of file.
pub fn command_readers(origin: CommandOrigin) -> Vec<Platform> {
    PROFILES
        .iter()
        .filter(|p| p.commands_from.contains(&origin))
        .map(|p| p.platform)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use SourceKind as V;

    #[test]
    fn profiles_follow_platform_order() {
        for (profile, platform) in PROFILES.iter().zip(Platform::ALL) {
            assert_eq!(profile.platform, platform);
            assert_eq!(platform.profile().platform, platform);
        }
    }

    #[test]
    fn version_precedence() {
        let present = [V::PythonVersionFile, V::RuntimeTxt];
        let pick = |p: Platform| p.profile().picks(&present, |k| *k).copied();
        assert_eq!(pick(Platform::Heroku), Some(V::RuntimeTxt));
        assert_eq!(pick(Platform::Railway), Some(V::PythonVersionFile));
        assert_eq!(pick(Platform::Google), Some(V::PythonVersionFile));
        assert_eq!(pick(Platform::Openshift), None);
        assert_eq!(
            file_readers(CommandOrigin::AppJson),
            vec![Platform::Heroku, Platform::Dokku]
        );
        assert_eq!(file_readers(CommandOrigin::FlyToml), vec![Platform::Fly]);
        assert_eq!(
            command_readers(CommandOrigin::Procfile),
            vec![
                Platform::Heroku,
                Platform::Railway,
                Platform::Google,
                Platform::Digitalocean,
                Platform::Dokku
            ]
        );
    }
}
