#![no_main]
use libfuzzer_sys::fuzz_target;
use paaslint::model::{CommandOrigin, StartCommand};
use paaslint::source::Span;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let command = StartCommand {
        path: "Procfile".into(),
        span: Span::new(0, text.len()),
        text: text.to_string(),
        process: "web".into(),
        origin: CommandOrigin::Procfile,
        argv: None,
        readers: None,
        workdir: None,
    };
    let _ = paaslint::command::parse(0, &command);
    let exec = StartCommand {
        argv: Some(text.split(' ').map(str::to_string).collect()),
        readers: None,
        workdir: None,
        ..command
    };
    let _ = paaslint::command::parse(0, &exec);
});
