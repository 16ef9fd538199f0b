//! Prints how paaslint reads one requirements file, in the format of the
//! pip comparison script used for measurements: line, name, specifiers,
//! editable, number of hashes; for a lock file: name, version, dev-only.
//! `cargo run --example read_requirements FILE`.

fn main() {
    for path in std::env::args().skip(1) {
        let file = match paaslint::source::SourceFile::read(&path, std::path::Path::new(&path)) {
            Ok(f) => f,
            Err(e) => {
                println!("FILE-ERROR\t{e}");
                continue;
            }
        };
        use paaslint::parse::lockfile::{LockFile, LockKind};
        let lock_kind = match path.rsplit('/').next().unwrap_or(&path) {
            "uv.lock" => Some(LockKind::Uv),
            "poetry.lock" => Some(LockKind::Poetry),
            "pdm.lock" => Some(LockKind::Pdm),
            "Pipfile.lock" => Some(LockKind::Pipenv),
            _ => None,
        };
        if let Some(kind) = lock_kind {
            let lock = LockFile::parse(&file, kind);
            for (name, package) in &lock.packages {
                let version = package.version.as_deref().unwrap_or("-");
                let dev = if package.dev_only { "dev" } else { "" };
                println!("{name}\t{version}\t{dev}");
            }
            if let Some(error) = lock.error {
                println!("ERROR\t{error}");
            }
            continue;
        }
        let parsed = paaslint::parse::requirements::RequirementsFile::parse(&file);
        for r in &parsed.requirements {
            let (line, _) = file.line_col(r.span.start);
            // pip prints specifiers sorted by its own order; compare as sets.
            let spec = r
                .specifiers()
                .map(|s| {
                    let mut parts: Vec<String> =
                        s.iter().map(|v| v.to_string().replace(' ', "")).collect();
                    parts.sort();
                    parts.join(",")
                })
                .unwrap_or_default();
            println!(
                "{line}\t{}\t{spec}\t{}\t{}",
                r.name,
                if r.editable { "E" } else { "" },
                r.hashes.len()
            );
        }
        for (span, error) in &parsed.errors {
            println!("{}\tERROR\t{error}", file.line_col(span.start).0);
        }
    }
}
