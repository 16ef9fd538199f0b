//! Layer `reader`: reads each inventoried file once and parses each Python module once.
//!
//! The reader: reads each file of the inventory at most once (2 MiB cap,
//! encodings, read errors kept) and parses each Python module at most once.

use std::collections::{BTreeMap, BTreeSet};

use crate::discover::{EntryKind, Inventory};
use crate::parse::python::PythonModule;
use crate::source::SourceFile;

/// The lazy file and parse cache analyzers read through; [`crate::build`]
/// hands what it read to the `Project`.
#[derive(Debug)]
pub struct Reader {
    pub inventory: Inventory,
    /// Files read, keyed by relative path. Each is read at most once.
    pub files: BTreeMap<String, SourceFile>,
    /// Files that exist but could not be read, with the OS error.
    pub read_errors: BTreeMap<String, String>,
    /// Python modules parsed, keyed by relative path. Each is parsed at most once.
    pub python: BTreeMap<String, PythonModule>,
}

impl Reader {
    pub fn new(inventory: Inventory) -> Self {
        Reader {
            inventory,
            files: BTreeMap::new(),
            read_errors: BTreeMap::new(),
            python: BTreeMap::new(),
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

    /// Reads and parses a Python module once (parse phase only).
    pub fn load_python(&mut self, rel: &str) -> Option<&PythonModule> {
        if !self.python.contains_key(rel) {
            let module = PythonModule::parse(self.load(rel)?);
            self.python.insert(rel.to_string(), module);
        }
        self.python.get(rel)
    }

    /// Reads and parses these Python modules on all cores (parse phase),
    /// each still once; [`Reader::load_python`] then finds them stored.
    /// Symlinks and special files are left to `load_python`'s checks.
    pub fn load_python_all(&mut self, rels: &[String]) {
        self.load_python_all_up_to(rels, u64::MAX);
    }

    /// [`Reader::load_python_all`] for modules of at most `max_bytes`; larger
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
}
