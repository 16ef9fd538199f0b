#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::model::CommandOrigin;
use paaslint::parse::lockfile::{LockFile, LockKind};
use paaslint::parse::platform_files;
use paaslint::parse::pyproject::{Pipfile, Pyproject};
use paaslint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("f", data, data.len() as u64, false);
    let _ = Pyproject::parse(&file);
    let _ = Pipfile::parse(&file);
    for kind in [LockKind::Poetry, LockKind::Uv, LockKind::Pdm, LockKind::Pipenv] {
        let _ = LockFile::parse(&file, kind);
    }
    for (_, origin) in platform_files::FILES {
        let _ = platform_files::parse(&file, *origin);
    }
    let _ = CommandOrigin::Procfile;
});
