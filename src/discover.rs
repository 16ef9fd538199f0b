//! Layer `walk`: the one walk of the tree, into the inventory later layers ask.
//!
//! Discovery: the one walk of the linted tree. Everything later asks this
//! inventory which files exist; nothing else lists directories.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::WalkBuilder;

/// Folders deeper than this are not listed: entry points, manifests and
/// settings live near the top, and a bound keeps hostile trees cheap.
pub const MAX_DEPTH: usize = 16;

/// The files the `ignore` crate reads in each folder it enters (and in the
/// folders above the root), in order of precedence.
const IGNORE_FILES: &[&str] = &[".ignore", ".gitignore", ".git/info/exclude"];

/// An ignore file larger than this is not read: real ones are a few KiB,
/// and the walker's matcher grows with every line (a 90 MB .gitignore took
/// 6.4 GB).
pub const MAX_IGNORE_FILE_BYTES: u64 = 1024 * 1024;

/// Why an ignore file in `dir` must not be handed to the `ignore` crate,
/// which opens it following links and reads it whole: a link leaving `root`
/// (to /dev/zero), a FIFO (blocks forever), a device, or a huge file.
fn unsafe_ignore_file(dir: &Path, root: &Path) -> Option<(PathBuf, String)> {
    for name in IGNORE_FILES {
        let path = dir.join(name);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let why = if meta.file_type().is_symlink() {
            let target = path.canonicalize().ok();
            let root = root.canonicalize().ok();
            match (target, root) {
                (Some(target), Some(root)) if target.starts_with(&root) => {
                    match std::fs::metadata(&target) {
                        Ok(m) if m.is_file() && m.len() <= MAX_IGNORE_FILE_BYTES => continue,
                        Ok(m) if m.is_file() => {
                            format!("is larger than {} KiB", MAX_IGNORE_FILE_BYTES / 1024)
                        }
                        _ => "is a link to something other than a regular file".to_string(),
                    }
                }
                _ => "is a link that leaves the linted folder or is broken".to_string(),
            }
        } else if !meta.is_file() {
            "is not a regular file (a FIFO, socket or device)".to_string()
        } else if meta.len() > MAX_IGNORE_FILE_BYTES {
            format!("is larger than {} KiB", MAX_IGNORE_FILE_BYTES / 1024)
        } else {
            continue;
        };
        return Some((path, why));
    }
    None
}

/// Virtualenvs are recognised this many folders deep; they live near the top.
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

/// File names later stages look for anywhere in the tree. The walk's threads
/// index them as they go, so finding them later does not scan every path.
pub const INDEXED_NAMES: &[&str] = &[
    "manage.py",
    "wsgi.py",
    "asgi.py",
    "settings.py",
    "Procfile",
    "app.json",
    "heroku.yml",
    "railway.json",
    "railway.toml",
    "nixpacks.toml",
    "railpack.json",
    "render.yaml",
    "fly.toml",
    "app.yaml",
    "CHECKS",
    "DOKKU_SCALE",
    // Mark a virtualenv (conda's: a folder) at the top of the environment.
    "pyvenv.cfg",
    "conda-meta",
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
    /// Sorted by path, no duplicates: a sorted Vec is cheaper to build and
    /// to scan than a map, and lookups are binary searches.
    entries: Vec<(String, Entry)>,
    /// For each of [`INDEXED_NAMES`], the entries so named, sorted by path.
    named: Vec<Vec<(String, Entry)>>,
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
        // Ignore files the walker must not read: a folder holding one is not
        // entered (its own rules could hide it anyway); at the root or above
        // it, the walk reads no ignore file there at all.
        let skipped = Arc::new(Mutex::new(Vec::new()));
        let skipped_in_filter = Arc::clone(&skipped);
        let root_unsafe = unsafe_ignore_file(root, root);
        // Shown relative to the root (`../.gitignore`), never as a path of the machine.
        let parents_unsafe = root.canonicalize().ok().and_then(|abs| {
            abs.ancestors()
                .skip(1)
                .enumerate()
                .find_map(|(up, folder)| {
                    let (path, why) = unsafe_ignore_file(folder, folder)?;
                    let name = path.strip_prefix(folder).ok()?.display().to_string();
                    Some((
                        PathBuf::from(format!("{}{name}", "../".repeat(up + 1))),
                        why,
                    ))
                })
        });
        // The walker reads the ignore files of every folder above the root
        // whenever it reads .gitignore at all: one unsafe file there or at
        // the root means no ignore file is read in this run.
        let mut skipped_at_start = Vec::new();
        for (path, why) in root_unsafe.iter().chain(&parents_unsafe) {
            let shown = match path.strip_prefix(root) {
                Ok(inside) => relative(root, &root.join(inside)),
                Err(_) => path.display().to_string(),
            };
            skipped_at_start.push((
                shown,
                format!("this ignore file {why}, so paaslint applied no ignore file in this run"),
            ));
        }
        let read_ignores = skipped_at_start.is_empty();
        let mut builder = WalkBuilder::new(root);
        builder
            .hidden(false)
            .parents(read_ignores)
            .ignore(read_ignores)
            .git_ignore(read_ignores)
            .git_exclude(read_ignores)
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
                if let Some((file, why)) = unsafe_ignore_file(entry.path(), &root_for_filter) {
                    if let Ok(mut list) = skipped_in_filter.lock() {
                        list.push((
                            relative(&root_for_filter, entry.path()),
                            format!(
                                "not walked: its ignore file `{}` {why}, so its files were not checked",
                                relative(&root_for_filter, &file)
                            ),
                        ));
                    }
                    return false;
                }
                // Virtualenvs are recognised after the walk, by the marker
                // file it lists, instead of two stats for every folder here.
                let known = PRUNED_DIR_NAMES
                    .iter()
                    .any(|n| entry.file_name() == std::ffi::OsStr::new(n));
                if known {
                    let path = relative(&root_for_filter, entry.path());
                    if let Ok(mut list) = pruned_in_filter.lock() {
                        list.push(PrunedDir {
                            path,
                            reason: PruneReason::Known,
                        });
                    }
                }
                !known
            });

        let threads = crate::parallel::cores().min(4);
        builder.threads(threads);
        let shared = Mutex::new(Found::default());
        let root_is_utf8 = root.to_str().is_some();
        builder.build_parallel().visit(&mut CollectorBuilder {
            root,
            root_is_utf8,
            shared: &shared,
        });
        let found = shared.into_inner().unwrap_or_default();
        let mut inventory = Inventory {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut entries = found.entries;
        // Each thread sorted its own part; the stable sort finds those runs and
        // only merges them.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if !found.non_utf8.is_empty() {
            // Two lossy non-UTF-8 names can give the same key; the last one wins.
            entries.dedup_by(|later, earlier| {
                let same = later.0 == earlier.0;
                if same {
                    std::mem::swap(later, earlier);
                }
                same
            });
        }
        inventory.entries = entries;
        if found.non_utf8.is_empty() {
            let mut named = found.named;
            for list in &mut named {
                list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            }
            inventory.named = named;
        } else {
            // Deduplication may have dropped some: index what is left.
            inventory.index_names();
        }
        inventory.non_utf8 = found.non_utf8.into_iter().collect();
        let mut errors = found.errors;
        errors.extend(skipped.lock().map(|l| l.clone()).unwrap_or_default());
        errors.extend(skipped_at_start);
        errors.sort();
        inventory.errors = errors;
        let mut pruned = pruned.lock().map(|l| l.clone()).unwrap_or_default();
        pruned.sort_by(|a, b| a.path.cmp(&b.path));
        inventory.pruned = pruned;
        inventory.prune_virtualenvs();
        Ok(inventory)
    }

    /// Drops the contents of each virtualenv the walk listed, as if it had not
    /// entered it, and records the folder as pruned. A virtualenv shows itself
    /// by `pyvenv.cfg` (or conda's `conda-meta/`) at its top; one whose own
    /// `.gitignore` hides everything (as `python -m venv` and virtualenv
    /// write) shows nothing, and rightly: git never commits it.
    fn prune_virtualenvs(&mut self) {
        let mut venvs: Vec<String> = ["pyvenv.cfg", "conda-meta"]
            .into_iter()
            .flat_map(|name| self.named("", name))
            .filter(|(path, entry)| {
                let marker_kind = match file_name(path) {
                    "conda-meta" => EntryKind::Dir,
                    _ => EntryKind::File,
                };
                // A link counts if it leads to the right kind (one stat, for links only).
                let marker_ok = entry.kind == marker_kind
                    || (entry.kind == EntryKind::Symlink
                        && std::fs::metadata(self.abs(path)).is_ok_and(|m| {
                            if marker_kind == EntryKind::Dir {
                                m.is_dir()
                            } else {
                                m.is_file()
                            }
                        }));
                let folder_depth = path.matches('/').count();
                marker_ok && (1..=VENV_SEARCH_DEPTH).contains(&folder_depth)
            })
            .map(|(path, _)| parent(path).to_string())
            .collect();
        venvs.sort_unstable();
        venvs.dedup();
        // A virtualenv inside another one goes with it. Virtualenvs lie at
        // most VENV_SEARCH_DEPTH deep, so a path has that many folders to
        // look up: linear in the tree even when it holds thousands of them.
        let found: HashSet<&str> = venvs.iter().map(String::as_str).collect();
        let outermost: Vec<&str> = venvs
            .iter()
            .map(String::as_str)
            .filter(|v| !folders_above(v).any(|a| found.contains(a)))
            .collect();
        if outermost.is_empty() {
            return;
        }
        let pruned: HashSet<&str> = outermost.iter().copied().collect();
        let gone =
            |path: &str| pruned.contains(path) || folders_above(path).any(|a| pruned.contains(a));
        // Entries are sorted, so each virtualenv's contents are one run.
        let mut keep = vec![true; self.entries.len()];
        for venv in &outermost {
            if let Ok(i) = self.entries.binary_search_by(|(k, _)| k.as_str().cmp(venv)) {
                if let Some(flag) = keep.get_mut(i) {
                    *flag = false;
                }
            }
            let inside = format!("{venv}/");
            let start = self
                .entries
                .partition_point(|(k, _)| k.as_str() < inside.as_str());
            let run = self.entries.get(start..).unwrap_or_default();
            let flags = keep.get_mut(start..).unwrap_or_default();
            for ((path, _), flag) in run.iter().zip(flags) {
                if !path.starts_with(&inside) {
                    break;
                }
                *flag = false;
            }
        }
        let mut kept = keep.into_iter();
        self.entries.retain(|_| kept.next().unwrap_or(true));
        for list in &mut self.named {
            list.retain(|(path, _)| !gone(path));
        }
        self.non_utf8.retain(|path, _| !gone(path));
        self.errors.retain(|(path, _)| !gone(path));
        self.pruned.retain(|dir| !gone(&dir.path));
        self.pruned.extend(outermost.iter().map(|path| PrunedDir {
            path: path.to_string(),
            reason: PruneReason::Virtualenv,
        }));
        self.pruned.sort_by(|a, b| a.path.cmp(&b.path));
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
        let mut inventory = Inventory {
            root: root.to_path_buf(),
            entries: entries.into_iter().collect(),
            ..Default::default()
        };
        inventory.index_names();
        inventory
    }

    fn index_names(&mut self) {
        let mut named = vec![Vec::new(); INDEXED_NAMES.len()];
        for (path, entry) in &self.entries {
            if let Some(i) = indexed_name(file_name(path).as_bytes()) {
                named[i].push((path.clone(), *entry));
            }
        }
        self.named = named;
    }

    /// Entries named `name` below folder `dir` (`""` for the whole tree),
    /// sorted by path. Names in [`INDEXED_NAMES`] cost only their matches;
    /// any other name scans every path.
    pub fn named<'a>(
        &'a self,
        dir: &'a str,
        name: &'a str,
    ) -> Box<dyn Iterator<Item = (&'a str, Entry)> + 'a> {
        let under = move |path: &str| dir.is_empty() || is_under(path, dir);
        match indexed_name(name.as_bytes()) {
            Some(i) => Box::new(
                self.named
                    .get(i)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|(p, e)| (p.as_str(), *e))
                    .filter(move |(p, _)| under(p)),
            ),
            None => Box::new(
                self.descendants(dir)
                    .filter(move |(p, _)| file_name(p) == name),
            ),
        }
    }

    /// Size of a file, read from the file system when asked (the walk does not stat).
    pub fn file_size(&self, rel: &str) -> Option<u64> {
        std::fs::metadata(self.abs(rel)).ok().map(|m| m.len())
    }

    pub fn get(&self, rel: &str) -> Option<Entry> {
        self.entries
            .binary_search_by(|(key, _)| key.as_str().cmp(rel))
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, entry)| *entry)
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

    /// Entries from the first path not before `from`, in order.
    fn starting_at(&self, from: &str) -> std::slice::Iter<'_, (String, Entry)> {
        let start = self.entries.partition_point(|(key, _)| key.as_str() < from);
        self.entries.get(start..).unwrap_or_default().iter()
    }

    /// Direct children of folder `dir` (`""` for the root). Jumps over each
    /// child folder's contents instead of scanning them, so listing a folder
    /// costs its children, not its whole subtree.
    pub fn children<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, Entry)> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut range = self.starting_at(&prefix);
        std::iter::from_fn(move || loop {
            let (key, entry) = range.next()?;
            let rest = key.strip_prefix(prefix.as_str())?;
            match rest.split_once('/') {
                None => return Some((key.as_str(), *entry)),
                Some((child, _)) => {
                    // Inside child folder `dir/x`: jump past everything under
                    // `dir/x/` (`0` is the character after `/`).
                    range = self.starting_at(&format!("{prefix}{child}0"));
                }
            }
        })
    }

    /// Entries below folder `dir` at most `levels` deep (1: its children),
    /// descending only into folders `enter` accepts. Sorted by path. Walks the
    /// sorted map once and jumps over each subtree it does not descend into,
    /// so deep trees cost only their top levels.
    pub fn near<'a>(
        &'a self,
        dir: &'a str,
        levels: usize,
        enter: &dyn Fn(&str) -> bool,
    ) -> Vec<(&'a str, Entry)> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out = Vec::new();
        let mut range = self.starting_at(&prefix);
        while let Some((key, entry)) = range.next() {
            let Some(rest) = key.strip_prefix(prefix.as_str()) else {
                break;
            };
            // The first folder on the way to `key` that is not descended into.
            let mut end = 0;
            let mut blocked = None;
            for (level, part) in rest.split('/').enumerate() {
                let is_last = end + part.len() == rest.len();
                if is_last {
                    break;
                }
                end += part.len();
                if level + 1 >= levels || !enter(part) {
                    blocked = Some(end);
                    break;
                }
                end += 1;
            }
            match blocked {
                None => out.push((key.as_str(), *entry)),
                // `0` is the character after `/`: past everything under that folder.
                Some(end) => {
                    let folder = rest.get(..end).unwrap_or(rest);
                    range = self.starting_at(&format!("{prefix}{folder}0"));
                }
            }
        }
        out
    }

    /// Every entry below folder `dir` at any depth.
    pub fn descendants<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = (&'a str, Entry)> + 'a {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        self.starting_at(&prefix)
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

/// What the walk's threads found.
struct Found {
    /// Relative path and kind.
    entries: Vec<(String, Entry)>,
    /// The entries with an indexed name, by position in [`INDEXED_NAMES`].
    named: Vec<Vec<(String, Entry)>>,
    /// Real paths of the entries whose names are not UTF-8.
    non_utf8: Vec<(String, PathBuf)>,
    errors: Vec<(String, String)>,
}

impl Default for Found {
    fn default() -> Self {
        Found {
            entries: Vec::new(),
            named: vec![Vec::new(); INDEXED_NAMES.len()],
            non_utf8: Vec::new(),
            errors: Vec::new(),
        }
    }
}

/// Gives each walker thread its own [`Collector`].
struct CollectorBuilder<'s> {
    root: &'s Path,
    root_is_utf8: bool,
    shared: &'s Mutex<Found>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for CollectorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Collector {
            root: self.root,
            root_is_utf8: self.root_is_utf8,
            shared: self.shared,
            local: Found::default(),
        })
    }
}

/// One walker thread's findings, kept locally (no lock per entry) and
/// handed over when the thread finishes.
struct Collector<'s> {
    root: &'s Path,
    root_is_utf8: bool,
    shared: &'s Mutex<Found>,
    local: Found,
}

impl ignore::ParallelVisitor for Collector<'_> {
    fn visit(&mut self, result: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
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
                    let (rel, utf8) = relative_fast(self.root, entry.path());
                    if !(utf8 && self.root_is_utf8) {
                        self.local
                            .non_utf8
                            .push((rel.clone(), entry.path().to_path_buf()));
                    }
                    let name = entry.file_name().as_encoded_bytes();
                    if let Some(list) = indexed_name(name).and_then(|i| self.local.named.get_mut(i))
                    {
                        list.push((rel.clone(), Entry { kind }));
                    }
                    self.local.entries.push((rel, Entry { kind }));
                }
            }
            Ok(_) => {}
            Err(err) => {
                let path = walk_error_path(&err)
                    .map(|p| relative(self.root, p))
                    .unwrap_or_default();
                self.local
                    .errors
                    .push((path, format!("could not be listed: {err}")));
            }
        }
        ignore::WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut local = std::mem::take(&mut self.local);
        // Sorted here, on the walker threads, in parallel.
        local.entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        if let Ok(mut shared) = self.shared.lock() {
            if shared.entries.is_empty() {
                shared.entries = local.entries;
            } else {
                shared.entries.extend(local.entries);
            }
            for (list, mine) in shared.named.iter_mut().zip(local.named) {
                list.extend(mine);
            }
            shared.non_utf8.extend(local.non_utf8);
            shared.errors.extend(local.errors);
        }
    }
}

/// [`relative`] without splitting the path into components: the walker builds
/// each path as the root followed by `/name` parts, so stripping the root's
/// bytes is enough. Also says whether the rest was valid UTF-8.
fn relative_fast(root: &Path, path: &Path) -> (String, bool) {
    if cfg!(unix) {
        let rest = path
            .as_os_str()
            .as_encoded_bytes()
            .strip_prefix(root.as_os_str().as_encoded_bytes());
        if let Some(rest) = rest {
            let start = rest.iter().take_while(|b| **b == b'/').count();
            let rest = rest.get(start..).unwrap_or_default();
            return match std::str::from_utf8(rest) {
                Ok(text) => (text.to_string(), true),
                Err(_) => (relative(root, path), false),
            };
        }
    }
    (relative(root, path), path.to_str().is_some())
}

/// The first [`VENV_SEARCH_DEPTH`] folders on the way to `path`: `a`, `a/b`, …
fn folders_above(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .take(VENV_SEARCH_DEPTH)
        .map(move |(i, _)| &path[..i])
}

/// Whether `path` lies inside folder `dir`.
fn is_under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Position of a file name in [`INDEXED_NAMES`].
fn indexed_name(name: &[u8]) -> Option<usize> {
    INDEXED_NAMES.iter().position(|n| n.as_bytes() == name)
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

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_name(&mut out, part.as_os_str());
    }
    out
}

/// A file name as text: bytes that are not UTF-8 are written `\xNN`, so two
/// names that differ only in them stay two keys (a lossy `�` made `d\xff`
/// and `d\xfe` one, and which of them was kept depended on thread timing).
fn push_name(out: &mut String, name: &std::ffi::OsStr) {
    if let Some(text) = name.to_str() {
        out.push_str(text);
        return;
    }
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02x}"));
        }
    }
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
    fn children_skip_subtrees_but_not_siblings_that_sort_between() {
        // `-` and `.` sort before `/`, so `pkg-x` and `pkg.py` lie between `pkg` and `pkg/…`.
        let paths = [
            "a.py",
            "pkg/b.py",
            "pkg/sub/deep/c.py",
            "pkg-x/c.py",
            "pkg.py",
            "pkg0/d.py",
            "z/pkg/e.py",
        ];
        let inv = Inventory::from_paths(Path::new("/x"), paths);
        for dir in ["", "pkg", "pkg/sub", "z", "missing"] {
            let prefix = if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            };
            let naive: Vec<&str> = inv
                .iter()
                .map(|(p, _)| p)
                .filter(|p| {
                    p.strip_prefix(&prefix)
                        .is_some_and(|rest| !rest.contains('/'))
                })
                .collect();
            let fast: Vec<&str> = inv.children(dir).map(|(p, _)| p).collect();
            assert_eq!(fast, naive, "children of `{dir}`");
        }
        let top: Vec<_> = inv.children("").map(|(p, _)| p).collect();
        assert_eq!(top, ["a.py", "pkg", "pkg-x", "pkg.py", "pkg0", "z"]);
    }

    #[test]
    fn near_lists_the_top_levels_of_the_folders_entered() {
        let inv = Inventory::from_paths(
            Path::new("/x"),
            [
                "a.py",
                "pkg/b.py",
                "pkg/sub/c.py",
                "skip/d.py",
                "app/pkg/e.py",
            ],
        );
        let got: Vec<_> = inv
            .near("", 2, &|name| name != "skip")
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            got,
            ["a.py", "app", "app/pkg", "pkg", "pkg/b.py", "pkg/sub", "skip"]
        );
        let got: Vec<_> = inv
            .near("app", 5, &|_| true)
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        assert_eq!(got, ["app/pkg", "app/pkg/e.py"]);
    }

    #[test]
    fn near_matches_a_filter_over_all_descendants() {
        let inv = Inventory::from_paths(
            Path::new("/x"),
            [
                "a.py",
                "pkg/b.py",
                "pkg/sub/deep/c.py",
                "pkg/sub-x/d.py",
                "pkg-x/c.py",
                "pkg.py",
                "pkg0/d.py",
                "skip/e.py",
                "skip-not/f.py",
                "z/pkg/sub/g.py",
            ],
        );
        let enter = |name: &str| name != "skip" && name != "sub";
        for dir in ["", "pkg", "z", "missing"] {
            for levels in 1..5 {
                let prefix = if dir.is_empty() {
                    String::new()
                } else {
                    format!("{dir}/")
                };
                let naive: Vec<&str> = inv
                    .iter()
                    .map(|(p, _)| p)
                    .filter(|p| {
                        p.strip_prefix(&prefix).is_some_and(|rest| {
                            let parts: Vec<&str> = rest.split('/').collect();
                            parts.len() <= levels
                                && parts[..parts.len() - 1].iter().all(|d| enter(d))
                        })
                    })
                    .collect();
                let fast: Vec<&str> = inv
                    .near(dir, levels, &enter)
                    .into_iter()
                    .map(|(p, _)| p)
                    .collect();
                assert_eq!(fast, naive, "near(`{dir}`, {levels})");
            }
        }
    }

    /// The index the walk's threads build answers as a scan of every path would.
    #[test]
    fn named_matches_a_scan_of_all_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = [
            "manage.py",
            "Procfile",
            "pkg/wsgi.py",
            "pkg-x/wsgi.py",
            "pkg/sub/settings.py",
            "pkg/sub/settings.py.bak",
            "other/Procfile",
            "other/notes.txt",
            "deep/a/b/c/d/app.yaml",
        ];
        for p in paths {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "").expect("write");
        }
        std::fs::create_dir_all(dir.path().join("weird/settings.py")).expect("mkdir");
        let walked = Inventory::walk(dir.path()).expect("walk");
        let listed = Inventory::from_paths(dir.path(), paths);
        for inv in [&walked, &listed] {
            for folder in ["", "pkg", "pkg/sub", "other", "missing"] {
                for name in INDEXED_NAMES
                    .iter()
                    .chain(&["notes.txt", "settings.py.bak"])
                {
                    let fast: Vec<_> = inv.named(folder, name).collect();
                    let naive: Vec<_> = inv
                        .descendants(folder)
                        .filter(|(p, _)| file_name(p) == *name)
                        .collect();
                    assert_eq!(fast, naive, "named(`{folder}`, `{name}`)");
                }
            }
        }
        let wsgi: Vec<_> = walked.named("pkg", "wsgi.py").map(|(p, _)| p).collect();
        assert_eq!(wsgi, ["pkg/wsgi.py"]);
        let settings: Vec<_> = walked.named("", "settings.py").collect();
        assert_eq!(
            settings.len(),
            2,
            "the folder named settings.py is indexed too"
        );
    }

    #[test]
    fn virtualenvs_are_pruned_after_the_walk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = [
            ("app.py", ""),
            ("env/pyvenv.cfg", "home = /usr/bin\n"),
            ("env/bin/python", ""),
            ("env/lib/python3.12/site-packages/flask/__init__.py", ""),
            ("env/nested/pyvenv.cfg", ""),
            ("services/api/.venv/pyvenv.cfg", ""),
            ("services/api/.venv/bin/activate", ""),
            ("services/api/main.py", ""),
            ("conda/conda-meta/history", ""),
            ("conda/lib/python3.12/os.py", ""),
            // Too deep to be looked for: listed like any folder.
            ("a/b/c/d/venv/pyvenv.cfg", ""),
            // Its own .gitignore hides it from git, and from the walk.
            ("modern/.gitignore", "*\n"),
            ("modern/pyvenv.cfg", ""),
            ("modern/bin/python", ""),
            // A folder named like the marker is not one.
            ("notvenv/pyvenv.cfg/readme", ""),
        ];
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write");
        }
        let inv = Inventory::walk(dir.path()).expect("walk");
        let venvs: Vec<_> = inv
            .pruned
            .iter()
            .filter(|d| d.reason == PruneReason::Virtualenv)
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(venvs, ["conda", "env", "services/api/.venv"]);
        assert!(inv.is_file("services/api/main.py"));
        assert!(inv.is_file("a/b/c/d/venv/pyvenv.cfg"));
        assert!(inv.is_dir("modern"));
        assert!(!inv.is_file("modern/pyvenv.cfg"));
        assert!(inv.is_dir("notvenv/pyvenv.cfg"));
        for gone in [
            "env",
            "env/bin/python",
            "conda/conda-meta",
            "services/api/.venv",
        ] {
            assert!(inv.get(gone).is_none(), "{gone} should not be listed");
        }
        // The deep one and the folder so named are left.
        assert_eq!(inv.named("", "pyvenv.cfg").count(), 2);
        // site-packages inside `env` went with it, not as a separate prune.
        assert!(inv.pruned.iter().all(|d| !d.path.starts_with("env/")));
    }

    #[test]
    fn relative_paths_from_the_walker() {
        let root = Path::new("/r/x");
        assert_eq!(
            relative_fast(root, Path::new("/r/x/a/b.py")),
            ("a/b.py".to_string(), true)
        );
        assert_eq!(
            relative_fast(Path::new("/r/x/"), Path::new("/r/x/a")).0,
            "a"
        );
        assert_eq!(relative_fast(Path::new("."), Path::new("./a/b")).0, "a/b");
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
