//! Property tests: no parser panics on any input. The cargo-fuzz targets in
//! `fuzz/` search deeper; these keep the guarantee in every `cargo test`.

use paaslint::parse::procfile::Procfile;
use paaslint::parse::python::PythonModule;
use paaslint::parse::requirements::RequirementsFile;
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

    #[test]
    fn line_col_is_monotonic(s in text(), a in 0usize..2000, b in 0usize..2000) {
        let f = SourceFile::from_bytes("f", s.as_bytes(), 0, false);
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(f.line_col(lo) <= f.line_col(hi));
    }
}
