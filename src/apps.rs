//! Layer `analyzers`: which folders of the inventory hold an app.
//!
//! Which folders hold an app. The linted folder itself when it looks like
//! one; otherwise the shallowest subfolders that do (a monorepo gets one app
//! per service).

use crate::discover::{file_name, parent, EntryKind, Inventory};

/// Files that make a folder an app root.
pub const APP_MARKERS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "Pipfile",
    "Pipfile.lock",
    "setup.py",
    "setup.cfg",
    "poetry.lock",
    "uv.lock",
    "Procfile",
    "manage.py",
    "runtime.txt",
    ".python-version",
    "app.py",
    "main.py",
    "wsgi.py",
    "asgi.py",
    "app.yaml",
];

/// Files that say a folder is deployed by itself: an entry point or a platform file.
const DEPLOY_MARKERS: &[&str] = &[
    "Procfile",
    "manage.py",
    "app.py",
    "main.py",
    "wsgi.py",
    "asgi.py",
    "app.yaml",
    "app.json",
    "heroku.yml",
    "render.yaml",
    "fly.toml",
    "railway.json",
    "railway.toml",
];

/// Dependency manifests.
const MANIFESTS: &[&str] = &["requirements.txt", "pyproject.toml", "Pipfile", "setup.py"];

/// Subfolders searched for app roots when the linted folder is not one.
pub const MAX_APP_DEPTH: usize = 3;

/// Folders whose manifests describe tooling, not a deployable app (`.do/app.yaml`
/// is DigitalOcean's app spec, not an App Engine app).
const NON_APP_DIRS: &[&str] = &[
    "docs",
    "doc",
    "tests",
    "test",
    ".github",
    "requirements",
    ".do",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppRoot {
    /// Relative to the linted folder; `""` is the folder itself.
    pub path: String,
    /// Found below the linted folder rather than at it.
    pub in_subfolder: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AppRootError {
    #[error("no Python project found: no requirements.txt, pyproject.toml, Pipfile, setup.py, Procfile, manage.py or .py file within {MAX_APP_DEPTH} folders of the linted path")]
    NoPythonProject,
    #[error("app root `{0}` (from --app-root or the config's `app-roots`) is not a folder inside the linted path")]
    BadAppRoot(String),
    #[error("app root `{0}` is deeper than the {depth} folder levels paaslint walks; lint that folder directly (`paaslint lint {0}`)", depth = crate::discover::MAX_DEPTH)]
    TooDeepAppRoot(String),
}

pub fn has_marker(inventory: &Inventory, dir: &str) -> bool {
    inventory
        .children(dir)
        .any(|(path, entry)| entry.kind != EntryKind::Dir && APP_MARKERS.contains(&file_name(path)))
}

pub fn detect(inventory: &Inventory, forced: &[String]) -> Result<Vec<AppRoot>, AppRootError> {
    if !forced.is_empty() {
        let mut roots = Vec::new();
        for dir in forced {
            let dir = normalize_dir(dir);
            if !dir.is_empty() && !inventory.is_dir(&dir) {
                // The walk stops at MAX_DEPTH: a folder below it is not "missing".
                if dir.split('/').count() >= crate::discover::MAX_DEPTH {
                    return Err(AppRootError::TooDeepAppRoot(dir));
                }
                return Err(AppRootError::BadAppRoot(dir));
            }
            roots.push(AppRoot {
                path: dir,
                in_subfolder: false,
            });
        }
        roots.dedup();
        return Ok(roots);
    }
    let root_app = AppRoot {
        path: String::new(),
        in_subfolder: false,
    };
    if has_marker(inventory, "") {
        // A samples repository: the root's manifest installs tooling, and
        // several subfolders each deploy on their own.
        if !has_any(inventory, "", DEPLOY_MARKERS) {
            let services: Vec<String> = subfolder_roots(inventory)
                .into_iter()
                .filter(|dir| {
                    has_any(inventory, dir, DEPLOY_MARKERS) && has_any(inventory, dir, MANIFESTS)
                })
                .collect();
            if services.len() >= 2 {
                return Ok(services
                    .into_iter()
                    .map(|path| AppRoot {
                        path,
                        in_subfolder: true,
                    })
                    .collect());
            }
        }
        return Ok(vec![root_app]);
    }
    let found = subfolder_roots(inventory);
    if found.is_empty() {
        let any_python = inventory.iter().any(|(p, e)| {
            e.kind != EntryKind::Dir && p.ends_with(".py") && depth(parent(p)) < MAX_APP_DEPTH
        });
        if any_python {
            return Ok(vec![root_app]);
        }
        return Err(AppRootError::NoPythonProject);
    }
    Ok(found
        .into_iter()
        .map(|path| AppRoot {
            path,
            in_subfolder: true,
        })
        .collect())
}

fn has_any(inventory: &Inventory, dir: &str, names: &[&str]) -> bool {
    inventory
        .children(dir)
        .any(|(path, entry)| entry.kind != EntryKind::Dir && names.contains(&file_name(path)))
}

/// The shallowest subfolders (not tooling folders) that hold an app marker.
fn subfolder_roots(inventory: &Inventory) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (path, entry) in inventory.iter() {
        if entry.kind != EntryKind::Dir || depth(path) > MAX_APP_DEPTH {
            continue;
        }
        if path.split('/').any(|part| NON_APP_DIRS.contains(&part)) {
            continue;
        }
        // Sorted order visits a parent before its children.
        if found
            .iter()
            .any(|root| path.starts_with(&format!("{root}/")))
        {
            continue;
        }
        if has_marker(inventory, path) {
            found.push(path.to_string());
        }
    }
    found
}

fn depth(path: &str) -> usize {
    if path.is_empty() {
        0
    } else {
        path.matches('/').count() + 1
    }
}

fn normalize_dir(dir: &str) -> String {
    let dir = dir.replace('\\', "/");
    let trimmed = dir.trim_start_matches("./").trim_end_matches('/');
    if trimmed == "." {
        String::new()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn inv(files: &[&str]) -> Inventory {
        Inventory::from_paths(Path::new("/r"), files.iter().copied())
    }

    #[test]
    fn root_with_marker_is_the_app() {
        let roots = detect(&inv(&["requirements.txt", "svc/requirements.txt"]), &[]).unwrap();
        assert_eq!(
            roots,
            [AppRoot {
                path: String::new(),
                in_subfolder: false
            }]
        );
    }

    #[test]
    fn samples_repository_with_tooling_at_the_root() {
        let files = [
            "requirements.txt",
            "noxfile.py",
            "bookshelf/app.yaml",
            "bookshelf/main.py",
            "bookshelf/requirements.txt",
            "sessions/main.py",
            "sessions/requirements.txt",
            "docs/requirements.txt",
        ];
        let roots = detect(&inv(&files), &[]).unwrap();
        let paths: Vec<_> = roots.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["bookshelf", "sessions"]);
        // One deployable subfolder, or a root that deploys itself: the root is the app.
        let roots = detect(&inv(&files[..5]), &[]).unwrap();
        assert_eq!(roots[0].path, "");
        let mut with_procfile = files.to_vec();
        with_procfile.push("Procfile");
        assert_eq!(detect(&inv(&with_procfile), &[]).unwrap()[0].path, "");
    }

    #[test]
    fn monorepo_gets_one_app_per_service() {
        let roots = detect(
            &inv(&[
                "README.md",
                "services/api/requirements.txt",
                "services/api/pkg/setup.py",
                "services/web/Procfile",
                "docs/requirements.txt",
                ".do/app.yaml",
            ]),
            &[],
        )
        .unwrap();
        let paths: Vec<_> = roots.iter().map(|r| r.path.as_str()).collect();
        assert_eq!(paths, ["services/api", "services/web"]);
        assert!(roots[0].in_subfolder);
    }

    #[test]
    fn no_python_is_an_error_and_forced_roots_are_checked() {
        assert_eq!(
            detect(&inv(&["index.js"]), &[]),
            Err(AppRootError::NoPythonProject)
        );
        assert!(detect(&inv(&["a/x.py"]), &["nope".into()]).is_err());
        let roots = detect(&inv(&["a/x.py"]), &["./a/".into()]).unwrap();
        assert_eq!(roots[0].path, "a");
    }

    #[test]
    fn loose_python_files_make_the_root_an_app() {
        let roots = detect(&inv(&["src/server.py"]), &[]).unwrap();
        assert_eq!(roots[0].path, "");
    }
}
