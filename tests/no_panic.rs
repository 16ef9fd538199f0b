//! Property tests: no parser panics on any input. The cargo-fuzz targets in
//! `fuzz/` search deeper; these keep the guarantee in every `cargo test`.

use std::path::Path;

use paaslint::config::{self, CliOverrides, Loaded};
use paaslint::discover::Inventory;
use paaslint::parse::nltk::NltkFile;
use paaslint::parse::procfile::Procfile;
use paaslint::parse::python::PythonModule;
use paaslint::parse::requirements::RequirementsFile;
use paaslint::reader::Reader;
use paaslint::source::SourceFile;
use proptest::prelude::*;

/// Fragments that steer random text towards the parsers' interesting paths.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("web:".to_string()),
        Just("web: gunicorn app:app".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just(" \\\n".to_string()),
        Just("# c".to_string()),
        Just("-r x.txt".to_string()),
        Just("-e .".to_string()),
        Just("django>=4.2,<5".to_string()),
        Just("pkg @ file:///x".to_string()),
        Just("; python_version < \"3.9\"".to_string()),
        Just("[extra]".to_string()),
        Just("<<<<<<< HEAD".to_string()),
        Just("=======".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(": ".to_string()),
        Just("\t".to_string()),
        Just("app = Flask(__name__)".to_string()),
        Just("def f(:".to_string()),
        Just("(((".to_string()),
        Just("é".to_string()),
        Just("\u{0}".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

/// Fragments of settings modules: assignments, imports, env reads, control flow.
fn python_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("DEBUG = ".to_string()),
        Just("SECRET_KEY = ".to_string()),
        Just("ALLOWED_HOSTS = [".to_string()),
        Just("os.environ[\"X\"]".to_string()),
        Just("os.environ.get(\"DEBUG\", \"0\") == \"1\"".to_string()),
        Just("os.getenv(\"SECRET_KEY\")".to_string()),
        Just("env.bool(\"DEBUG\", default=True)".to_string()),
        Just("from .production import *".to_string()),
        Just("from .settings import *".to_string()),
        Just("import os".to_string()),
        Just("BASE_DIR / \"static\"".to_string()),
        Just("Path(__file__).resolve().parent.parent".to_string()),
        Just("if DEBUG:".to_string()),
        Just("try:".to_string()),
        Just("except KeyError:".to_string()),
        Just("app = Flask(__name__, static_folder=".to_string()),
        Just("app.config[\"SECRET_KEY\"] = ".to_string()),
        Just("app.config.from_object(\"config.Config\")".to_string()),
        Just("class Config:".to_string()),
        Just("+=".to_string()),
        Just("\n    ".to_string()),
        Just("\n".to_string()),
        Just("None".to_string()),
        Just("True".to_string()),
        Just("f\"{x}\"".to_string()),
        Just("*".to_string()),
        Just("1e308 * 10".to_string()),
        Just("-9223372036854775808".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

fn python_text() -> impl Strategy<Value = String> {
    prop::collection::vec(python_fragment(), 0..40).prop_map(|v| v.concat())
}

/// Fragments of paaslint.toml / pyproject.toml.
fn toml_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[tool.paaslint]\n".to_string()),
        Just("select = [\"PAAS2\"]\n".to_string()),
        Just("ignore = [\"ALL\", \"\"]\n".to_string()),
        Just("fail-on = \"warning\"\n".to_string()),
        Just("strict-pins = true\n".to_string()),
        Just("app-roots = [\"a\", \"..\"]\n".to_string()),
        Just("platforms = [\"heroku\"]\n".to_string()),
        Just("[severity]\nPAAS201 = \"info\"\n".to_string()),
        Just("[per-file-ignores]\n\"**/[\" = [\"PAAS1\"]\n".to_string()),
        Just("[[rules]]\ncode = \"X001\"\n".to_string()),
        Just("\"".to_string()),
        Just("=".to_string()),
        Just("é".to_string()),
        Just("\n".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

/// Parses the config text both ways and resolves what parses; renders errors.
fn exercise_config(text: &str) {
    for (name, is_pyproject) in [("paaslint.toml", false), ("pyproject.toml", true)] {
        match config::parse(Path::new(name), text, is_pyproject) {
            Ok(Some(mut config)) => {
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
}

/// Evaluates `source` as a Django settings module (star-imported by a
/// production module) and as a Flask app and its config, all in memory.
fn exercise_settings(source: &str) {
    let fixed = [
        (
            "manage.py",
            "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        ),
        ("mysite/__init__.py", ""),
        (
            "mysite/production.py",
            "from .settings import *\nDEBUG = False\n",
        ),
    ];
    let from_input = ["mysite/settings.py", "app.py", "config.py"];
    let paths = fixed.iter().map(|(p, _)| *p).chain(from_input);
    let inventory = Inventory::from_paths(Path::new("/nonexistent-paaslint-test"), paths);
    let mut reader = Reader::new(inventory);
    let files = fixed.into_iter().chain(from_input.map(|p| (p, source)));
    for (path, text) in files {
        let file = SourceFile::from_bytes(path, text.as_bytes(), text.len() as u64, false);
        reader
            .python
            .insert(path.to_string(), PythonModule::parse(&file));
        reader.files.insert(path.to_string(), file);
    }
    if let Some(settings) = paaslint::settings::discover(&mut reader, &[], "", &[], true) {
        for name in ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "STATIC_ROOT"] {
            let _ = settings.get(name);
            let _ = settings.when_unset(name);
        }
        let _ = settings.describe();
    }
    let _ = paaslint::settings::flask::discover(&mut reader, "", Some("flask"));
}

fn exercise(file: &SourceFile) {
    let procfile = Procfile::parse(file);
    for e in &procfile.entries {
        let _ = file.slice(e.command_span);
        let _ = file.line_col(e.name_span.end);
    }
    let reqs = RequirementsFile::parse(file);
    for r in &reqs.requirements {
        let _ = file.line_col(r.span.start);
    }
    let module = PythonModule::parse(file);
    let _ = module.top_level_bindings();
    for entry in &NltkFile::parse(file).entries {
        let _ = file.slice(entry.span);
    }
    let _ = paaslint::parse::pyproject::pipfile_hash(&file.text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic_on_structured_text(s in text()) {
        exercise(&SourceFile::from_bytes("f", s.as_bytes(), s.len() as u64, false));
    }

    #[test]
    fn parsers_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&SourceFile::from_bytes("f", &bytes, bytes.len() as u64, false));
    }

    /// A damaged wheel index is an error or a partial answer, never a panic:
    /// random bytes after the magic, and the bundled index with bytes flipped.
    #[test]
    fn wheel_index_reader_never_panics(
        bytes in prop::collection::vec(any::<u8>(), 0..512),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        use paaslint::wheel_index::WheelIndex;
        let mut data = b"PLWHEEL1".to_vec();
        data.extend_from_slice(&bytes);
        if let Ok(index) = WheelIndex::parse(&data) {
            let _ = index.releases("a");
        }
        let mut bundled = include_bytes!("../src/wheel_index/wheels.bin").to_vec();
        for (at, byte) in flips {
            let i = at.index(bundled.len());
            bundled[i] = byte;
        }
        if let Ok(index) = WheelIndex::parse(&bundled) {
            for name in ["greenlet", "django", "numpy"] {
                for release in index.releases(name).unwrap_or_default() {
                    let _ = (release.admits(13), release.has_wheel(14, paaslint::wheel_index::Arch::X86_64));
                }
            }
        }
    }

    #[test]
    fn settings_evaluator_never_panics(s in python_text()) {
        exercise_settings(&s);
    }

    #[test]
    fn config_parser_never_panics(s in prop::collection::vec(toml_fragment(), 0..20).prop_map(|v| v.concat())) {
        exercise_config(&s);
    }

    #[test]
    fn line_col_is_monotonic(s in text(), a in 0usize..2000, b in 0usize..2000) {
        let f = SourceFile::from_bytes("f", s.as_bytes(), 0, false);
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(f.line_col(lo) <= f.line_col(hi));
    }
}
