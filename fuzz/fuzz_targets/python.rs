#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::parse::python::PythonModule;
use paaslint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let file = SourceFile::from_bytes("app.py", data, data.len() as u64, false);
    let module = PythonModule::parse(&file);
    let _ = module.top_level_bindings();
});
