#![no_main]
//! Whole pipeline on a tiny Django project whose settings.py is the input:
//! exercises settings discovery, the settings evaluator, entry resolution,
//! Python version reading and every check.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paaslint::discover::Inventory;
use paaslint::build::ModelOptions;
use paaslint::model::Project;

fn dir() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("paaslint-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(dir.join("mysite"));
        let _ = std::fs::write(dir.join("manage.py"), "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n");
        let _ = std::fs::write(dir.join("Procfile"), "web: gunicorn mysite.wsgi\n");
        let _ = std::fs::write(dir.join("requirements.txt"), "Django==5.2.8\ngunicorn==23.0.0\n");
        let _ = std::fs::write(dir.join("mysite/__init__.py"), "");
        let _ = std::fs::write(dir.join("mysite/wsgi.py"), "application = None\n");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = dir();
    if std::fs::write(dir.join("mysite/settings.py"), data).is_err() {
        return;
    }
    let _ = std::fs::write(dir.join(".python-version"), data.get(..16).unwrap_or(data));
    let Ok(inventory) = Inventory::walk(dir) else {
        return;
    };
    let Ok(project) = Project::build(inventory, &ModelOptions::default()) else {
        return;
    };
    let _ = paaslint::checks::run_all(&project, &Default::default(), &|_| true);
});
