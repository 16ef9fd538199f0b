#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::parse::requirements::RequirementsFile;
use paaslint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("requirements.txt", data, data.len() as u64, false);
    let parsed = RequirementsFile::parse(&file);
    for r in &parsed.requirements {
        let _ = file.line_col(r.span.end);
    }
});
