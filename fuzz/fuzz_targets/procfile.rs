#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::parse::procfile::Procfile;
use paaslint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("Procfile", data, data.len() as u64, false);
    let procfile = Procfile::parse(&file);
    for e in &procfile.entries {
        let _ = file.slice(e.command_span);
    }
});
