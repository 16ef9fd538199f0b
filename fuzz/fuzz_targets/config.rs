#![no_main]
//! The config file parser on arbitrary text, as paaslint.toml and as a
//! pyproject.toml's [tool.paaslint], then resolved against the command line.
use std::path::Path;

use libfuzzer_sys::fuzz_target;
use paaslint::config::{self, CliOverrides, Loaded};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (name, is_pyproject) in [("paaslint.toml", false), ("pyproject.toml", true)] {
        match config::parse(Path::new(name), text, is_pyproject) {
            Ok(Some(mut config)) => {
                // Rule files are paths on disk; reading them is not the parser's job.
                config.rule_files = None;
                let loaded = Loaded { config, path: None };
                let _ = config::resolve(loaded, Path::new("."), CliOverrides::default());
            }
            Ok(None) => {}
            Err(err) => {
                let _ = err.render();
            }
        }
    }
});
