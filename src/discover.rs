//! Discovery: the one walk of the linted tree. Everything later asks this
//! inventory which files exist; nothing else lists directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkBuilder;

/// Folders deeper than this are not listed: entry points, manifests and
/// settings live near the top, and a bound keeps hostile trees cheap.
pub const MAX_DEPTH: usize = 16;

/// Virtualenvs are looked for this deep (two stats per folder); they live near the top.
const VENV_SEARCH_DEPTH: usize = 4;

/// Folder names never worth descending into: dependencies, caches, VCS data
/// and build output.
const PRUNED_DIR_NAMES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "__pycache__",
    ".tox",
    ".nox",
    "site-packages",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".eggs",
    "dist",
    "build",
    "target",
    ".next",
    "bower_components",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    /// A symbolic link; links are never followed by the walk.
    Symlink,
    /// A FIFO, socket or device: never opened, since reading one can block forever.
    Special,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
}

/// A folder the walk saw but did not enter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrunedDir {
    pub path: String,
    pub reason: PruneReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PruneReason {
    /// Holds `pyvenv.cfg` (or `conda-meta`): a virtual environment.
    Virtualenv,
    /// One of [`PRUNED_DIR_NAMES`].
    Known,
}

/// Everything the walk found, keyed by `/`-separated path relative to the root.
#[derive(Debug, Default)]
pub struct Inventory {
    pub root: PathBuf,
    entries: BTreeMap<String, Entry>,
    pub pruned: Vec<PrunedDir>,
    /// Paths the walk could not read, with the reason.
    pub errors: Vec<(String, String)>,
    /// Real paths of entries whose names are not valid UTF-8 (keys are lossy).
    non_utf8: BTreeMap<String, PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("path `{0}` does not exist")]
    Missing(PathBuf),
    #[error("path `{0}` is not a folder; paaslint lints a repository folder")]
    NotADirectory(PathBuf),
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Inventory {
    /// Walks `root` once. Honors .gitignore (with or without git), .ignore
    /// and .git/info/exclude; never follows symlinks; skips virtualenvs and
    /// the folders in [`PRUNED_DIR_NAMES`].
    pub fn walk(root: &Path) -> Result<Self, DiscoverError> {
        let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => DiscoverError::Missing(root.to_path_buf()),
            _ => DiscoverError::Unreadable {
                path: root.to_path_buf(),
                source: e,
            },
        })?;
        if !meta.is_dir() {
            return Err(DiscoverError::NotADirectory(root.to_path_buf()));
        }
        std::fs::read_dir(root).map_err(|e| DiscoverError::Unreadable {
            path: root.to_path_buf(),
            source: e,
        })?;

        let pruned = Arc::new(Mutex::new(Vec::new()));
        let pruned_in_filter = Arc::clone(&pruned);
        let root_for_filter = root.to_path_buf();
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(false)
            .parents(true)
            .ignore(true)
            .git_ignore(true)
            .git_exclude(true)
            // The user's global gitignore would make results depend on the machine.
            .git_global(false)
            .require_git(false)
            .follow_links(false)
            .max_depth(Some(MAX_DEPTH))
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                if !is_dir || entry.depth() == 0 {
                    return true;
                }
                let reason = if PRUNED_DIR_NAMES
                    .iter()
                    .any(|n| entry.file_name() == std::ffi::OsStr::new(n))
                {
                    Some(PruneReason::Known)
                } else if entry.depth() <= VENV_SEARCH_DEPTH
                    && (entry.path().join("pyvenv.cfg").is_file()
                        || entry.path().join("conda-meta").is_dir())
                {
                    Some(PruneReason::Virtualenv)
                } else {
                    None
                };
                match reason {
                    None => true,
                    Some(reason) => {
                        let path = relative(&root_for_filter, entry.path());
                        if let Ok(mut list) = pruned_in_filter.lock() {
                            list.push(PrunedDir { path, reason });
                        }
                        false
                    }
                }
            });

        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        builder.threads(threads);
        let found: Mutex<Vec<(String, Entry, Option<PathBuf>)>> = Mutex::new(Vec::new());
        let errors: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
        builder.build_parallel().run(|| {
            Box::new(|result| {
                match result {
                    Ok(entry) if entry.depth() > 0 => {
                        if let Some(file_type) = entry.file_type() {
                            // The type comes from readdir: no stat per entry.
                            let kind = if file_type.is_symlink() {
                                EntryKind::Symlink
                            } else if file_type.is_dir() {
                                EntryKind::Dir
                            } else if file_type.is_file() {
                                EntryKind::File
                            } else {
                                EntryKind::Special
                            };
                            let rel = relative(root, entry.path());
                            let real = entry
                                .path()
                                .to_str()
                                .is_none()
                                .then(|| entry.path().to_path_buf());
                            if let Ok(mut list) = found.lock() {
                                list.push((rel, Entry { kind }, real));
                            }
                        }
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = walk_error_path(&err)
                            .map(|p| relative(root, p))
                            .unwrap_or_default();
                        if let Ok(mut list) = errors.lock() {
                            list.push((path, err.to_string()));
                        }
                    }
                }
                ignore::WalkState::Continue
            })
        });
        let mut inventory = Inventory {
            root: root.to_path_buf(),
            ..Default::default()
        };
        for (rel, entry, real) in found.into_inner().unwrap_or_default() {
            if let Some(real) = real {
                inventory.non_utf8.insert(rel.clone(), real);
            }
            inventory.entries.insert(rel, entry);
        }
        let mut errors = errors.into_inner().unwrap_or_default();
        errors.sort();
        inventory.errors = errors;
        let mut pruned = pruned.lock().map(|l| l.clone()).unwrap_or_default();
        pruned.sort_by(|a, b| a.path.cmp(&b.path));
        inventory.pruned = pruned;
        Ok(inventory)
    }

    /// An inventory from a list of paths, for unit tests of later stages.
    pub fn from_paths<'a>(root: &Path, files: impl IntoIterator<Item = &'a str>) -> Self {
        let mut entries = BTreeMap::new();
        for f in files {
            let mut parent = Path::new(f).parent();
            while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                entries.insert(
                    p.to_string_lossy().replace('\\', "/"),
                    Entry {
                        kind: EntryKind::Dir,
                    },
                );
                parent = p.parent();
            }
            entries.insert(
                f.to_string(),
                Entry {
                    kind: EntryKind::File,
                },
            );
        }
        Inventory {
            root: root.to_path_buf(),
            entries,
            ..Default::default()
        }
    }

    /// Size of a file, read from the file system when asked (the walk does not stat).
    pub fn file_size(&self, rel: &str) -> Option<u64> {
        std::fs::metadata(self.abs(rel)).ok().map(|m| m.len())
    }

    pub fn get(&self, rel: &str) -> Option<Entry> {
        self.entries.get(rel).copied()
    }

    /// True for a regular file, or a symlink the model may read.
    pub fn is_file(&self, rel: &str) -> bool {
        matches!(
            self.get(rel).map(|e| e.kind),
            Some(EntryKind::File | EntryKind::Symlink | EntryKind::Special)
        ) && !self.is_dir(rel)
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        self.get(rel).is_some_and(|e| e.kind == EntryKind::Dir)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All entries, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Entry)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// Direct children of folder `dir` (`""` for the root).
    pub fn children<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, Entry)> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let len = prefix.len();
        self.entries
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .filter(move |(k, _)| !k[len..].contains('/'))
            .map(|(k, v)| (k.as_str(), *v))
    }

    /// Every entry below folder `dir` at any depth.
    pub fn descendants<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, Entry)> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.entries
            .range(prefix.clone()..)
            .take_while(move |(k, _)| k.starts_with(&prefix))
            .map(|(k, v)| (k.as_str(), *v))
    }

    /// Absolute path of a relative one.
    pub fn abs(&self, rel: &str) -> PathBuf {
        match self.non_utf8.get(rel) {
            Some(real) => real.clone(),
            None => self.root.join(rel),
        }
    }

    /// Whether a symlink resolves to a place inside the root. Links leaving
    /// the root are never read, so an untrusted tree cannot make paaslint read
    /// the runner's files.
    pub fn symlink_stays_inside(&self, rel: &str) -> bool {
        let (Ok(root), Ok(target)) = (
            std::fs::canonicalize(&self.root),
            std::fs::canonicalize(self.abs(rel)),
        ) else {
            return false;
        };
        target.starts_with(root) && std::fs::metadata(&target).is_ok_and(|m| m.is_file())
    }
}

/// The file name part of a relative path.
pub fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// The parent folder of a relative path (`""` for the root).
pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(p, _)| p)
}

/// Joins a folder and a name the way inventory keys are written.
pub fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&part.as_os_str().to_string_lossy());
    }
    out
}

fn walk_error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_and_descendants() {
        let inv = Inventory::from_paths(Path::new("/x"), ["a.py", "pkg/b.py", "pkg/sub/c.py"]);
        let kids: Vec<_> = inv.children("").map(|(p, _)| p).collect();
        assert_eq!(kids, ["a.py", "pkg"]);
        let kids: Vec<_> = inv.children("pkg").map(|(p, _)| p).collect();
        assert_eq!(kids, ["pkg/b.py", "pkg/sub"]);
        assert_eq!(inv.descendants("pkg").count(), 3);
        assert!(inv.is_file("pkg/b.py"));
        assert!(inv.is_dir("pkg/sub"));
    }

    #[test]
    fn path_helpers() {
        assert_eq!(file_name("a/b/c.txt"), "c.txt");
        assert_eq!(parent("a/b/c.txt"), "a/b");
        assert_eq!(parent("c.txt"), "");
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("a", "x"), "a/x");
    }
}
