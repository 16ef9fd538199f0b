#![no_main]
//! Whole pipeline on a tiny Flask app whose platform file is the input: the
//! first byte picks the file (fly.toml, app.json, heroku.yml, render.yaml,
//! .do/app.yaml, railway.json, app.yaml), the rest is its text. Exercises the
//! platform-file parsers, the commands they feed, the Docker rules and every check.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paaslint::discover::Inventory;
use paaslint::build::ModelOptions;
use paaslint::model::Project;

const FILES: &[&str] = &[
    "fly.toml",
    "app.json",
    "heroku.yml",
    "render.yaml",
    ".do/app.yaml",
    "railway.json",
    "app.yaml",
];

fn dir() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("paaslint-fuzz-pf-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join(".do"));
        let _ = std::fs::write(dir.join("app.py"), "from flask import Flask\napp = Flask(__name__)\n");
        let _ = std::fs::write(dir.join("requirements.txt"), "Flask==3.1.2\ngunicorn==23.0.0\n");
        let _ = std::fs::write(dir.join("Dockerfile"), "FROM python:3.13-slim\n");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let dir = dir();
    for name in FILES {
        let _ = std::fs::remove_file(dir.join(name));
    }
    let name = FILES[pick as usize % FILES.len()];
    if std::fs::write(dir.join(name), text).is_err() {
        return;
    }
    let Ok(inventory) = Inventory::walk(dir) else {
        return;
    };
    let Ok(project) = Project::build(inventory, &ModelOptions::default()) else {
        return;
    };
    let findings = paaslint::checks::run_all(&project, &Default::default(), &|_| true);
    let _ = paaslint::verdict::verdicts(&findings, &paaslint::platform::Platform::ALL, &project.apps);
});
