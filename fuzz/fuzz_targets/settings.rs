#![no_main]
//! The settings evaluator and the Flask config discovery on arbitrary Python,
//! in memory: the input is a Django settings module (also star-imported by a
//! second settings module) and a Flask app module with its config module.
use libfuzzer_sys::fuzz_target;
use paaslint::discover::Inventory;
use paaslint::reader::Reader;
use paaslint::parse::python::PythonModule;
use paaslint::source::SourceFile;

const FIXED: &[(&str, &str)] = &[
    (
        "manage.py",
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    ),
    ("mysite/__init__.py", ""),
    (
        "mysite/production.py",
        "from .settings import *\nDEBUG = False\n",
    ),
    ("mysite/wsgi.py", "application = None\n"),
];
const FROM_INPUT: &[&str] = &["mysite/settings.py", "app.py", "config.py"];

fuzz_target!(|data: &[u8]| {
    let paths = FIXED
        .iter()
        .map(|(p, _)| *p)
        .chain(FROM_INPUT.iter().copied());
    // A root that does not exist: every file is supplied below, none is read.
    let inventory =
        Inventory::from_paths(std::path::Path::new("/nonexistent-paaslint-fuzz"), paths);
    let mut reader = Reader::new(inventory);
    let files = FIXED
        .iter()
        .map(|(p, text)| (*p, text.as_bytes()))
        .chain(FROM_INPUT.iter().map(|p| (*p, data)));
    for (path, bytes) in files {
        let file = SourceFile::from_bytes(path, bytes, bytes.len() as u64, false);
        reader
            .python
            .insert(path.to_string(), PythonModule::parse(&file));
        reader.files.insert(path.to_string(), file);
    }
    if let Some(settings) = paaslint::settings::discover(&mut reader, &[], "", &[], true) {
        for name in [
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "STATIC_ROOT",
            "DATABASES",
        ] {
            let _ = settings.get(name);
            let _ = settings.when_unset(name);
        }
        let _ = settings.describe();
        let _ = settings.reads_var("DATABASE_URL");
    }
    let _ = paaslint::settings::flask::discover(&mut reader, "", Some("flask"));
});
