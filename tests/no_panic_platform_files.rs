//! Property tests for the platform-file parsers (JSON, YAML, TOML): no panic,
//! and every span they keep lies on character boundaries of the file.

use paaslint::parse::platform_files::{self, PlatformFile};
use paaslint::source::SourceFile;
use proptest::prelude::*;

/// Fragments of the three grammars and of the keys the parsers look for.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("- ".to_string()),
        Just("# c".to_string()),
        Just("=".to_string()),
        Just("\"env\": {\"PIP_USER\": {\"value\": \"1\"}}".to_string()),
        Just("\"buildpacks\": [{\"url\": \"heroku/python\"}]".to_string()),
        Just("\"deploy\": {\"startCommand\": \"gunicorn app:app\"}".to_string()),
        Just("run:\n  web: gunicorn app:app\n".to_string()),
        Just("run:\n  web:\n    command:\n      - x\n".to_string()),
        Just("services:\n  - type: web\n    runtime: docker\n    rootDir: a\n".to_string()),
        Just("    envVars:\n      - key: PYTHON_VERSION\n        value: 3.12\n".to_string()),
        Just("[http_service]\ninternal_port = 8080\n".to_string()),
        Just("[env]\nPORT = \"8080\"\n".to_string()),
        Just("[processes]\napp = [\"a\", 1]\n".to_string()),
        Just("runtime: python312\nentrypoint: gunicorn\n".to_string()),
        Just("é".to_string()),
        Just("\u{0}".to_string()),
        Just("&a *a".to_string()),
        "[ -~]{0,12}".prop_map(|s| s),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..30).prop_map(|v| v.concat())
}

fn spans_are_slices(file: &SourceFile, parsed: &PlatformFile) {
    let mut spans = Vec::new();
    spans.extend(parsed.commands.iter().map(|c| c.span));
    spans.extend(parsed.commands.iter().filter_map(|c| c.root_dir_span));
    spans.extend(parsed.env.iter().map(|v| v.span));
    spans.extend(parsed.env.iter().filter_map(|v| v.value_span));
    spans.extend(parsed.buildpacks.iter().map(|(_, s)| *s));
    spans.extend(parsed.internal_ports.iter().map(|(_, s)| *s));
    spans.extend(parsed.problems.iter().map(|(s, _)| *s));
    spans.extend(parsed.error.iter().map(|(s, _)| *s));
    spans.extend(parsed.python_version.iter().map(|(_, s)| *s));
    for span in spans {
        assert!(
            span.start <= span.end && span.end <= file.text.len(),
            "{span:?}"
        );
        assert!(
            file.text.get(span.start..span.end).is_some(),
            "{span:?} splits a character"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn platform_files_never_panic(s in text()) {
        let file = SourceFile::from_bytes("f", s.as_bytes(), s.len() as u64, false);
        for (_, origin) in platform_files::FILES {
            let parsed = platform_files::parse(&file, *origin);
            spans_are_slices(&file, &parsed);
        }
    }
}
