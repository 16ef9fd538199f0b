#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::source::Span;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let span = Span::new(0, text.len());
    let _ = paaslint::command::parse(0, text, span, None);
    let argv: Vec<String> = text.split(' ').map(str::to_string).collect();
    let _ = paaslint::command::parse(0, text, span, Some(&argv));
});
